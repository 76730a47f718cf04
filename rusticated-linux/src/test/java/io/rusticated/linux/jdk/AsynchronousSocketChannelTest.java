package io.rusticated.linux.jdk;

import io.rusticated.linux.jdk.AioOracle.Named;
import io.rusticated.linux.jdk.AioOracle.Outcome;
import io.rusticated.linux.jdk.AioOracle.Transcript;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static io.rusticated.linux.jdk.AioOracle.finish;
import static io.rusticated.linux.jdk.AioOracle.same;
import static io.rusticated.linux.jdk.AioOracle.thrown;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * rusticated's {@code AsynchronousSocketChannel}s against the JDK's: every scenario runs on both
 * providers and must leave the same transcript (results, exceptions and their messages, where
 * handlers ran); the expected transcript is written out too, so it reads as the specification.
 */
class AsynchronousSocketChannelTest {
    static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    /** A listener, and a connection through it: the client's end and the accepted end. */
    record Conn(AsynchronousServerSocketChannel listener, AsynchronousSocketChannel client, AsynchronousSocketChannel server) {
        void close() throws Exception {
            client.close();
            server.close();
            listener.close();
        }
    }

    static Conn pair(AsynchronousChannelProvider p, AsynchronousChannelGroup g) throws Exception {
        AsynchronousServerSocketChannel l = p.openAsynchronousServerSocketChannel(g).bind(LOOPBACK);
        Future<AsynchronousSocketChannel> accepted = l.accept();
        AsynchronousSocketChannel c = p.openAsynchronousSocketChannel(g);
        c.connect(l.getLocalAddress()).get(10, TimeUnit.SECONDS);
        return new Conn(l, c, accepted.get(10, TimeUnit.SECONDS));
    }

    static ByteBuffer text(String s) {
        return ByteBuffer.wrap(s.getBytes(StandardCharsets.UTF_8));
    }

    static void writeFully(AsynchronousSocketChannel ch, ByteBuffer b) throws Exception {
        while (b.hasRemaining()) {
            ch.write(b).get(10, TimeUnit.SECONDS);
        }
    }

    static byte[] readFully(AsynchronousSocketChannel ch, int count) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(count);
        while (b.hasRemaining()) {
            if (ch.read(b).get(10, TimeUnit.SECONDS) < 0) {
                break;
            }
        }
        return Arrays.copyOf(b.array(), b.position());
    }

    /** Writes until a write stays pending (the peer reads nothing); returns that write. */
    static Future<Integer> fillUntilPending(AsynchronousSocketChannel ch) throws Exception {
        for (int i = 0; i < 1000; i++) {
            Future<Integer> w = ch.write(ByteBuffer.allocate(256 * 1024));
            try {
                w.get(300, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return w;
            }
        }
        throw new AssertionError("no write stayed pending");
    }

    /** An echo server for one connection: reads, writes back, until the end of the stream; then closes. */
    static void echo(AsynchronousSocketChannel ch, ByteBuffer buf, CompletableFuture<Long> done, long echoed) {
        buf.clear();
        ch.read(buf, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer n, Void a) {
                if (n < 0) {
                    try {
                        ch.close();
                    } catch (Exception e) {
                        done.completeExceptionally(e);
                    }
                    done.complete(echoed);
                    return;
                }
                buf.flip();
                writeAll(ch, buf, () -> echo(ch, buf, done, echoed + n), done);
            }

            @Override
            public void failed(Throwable e, Void a) {
                done.completeExceptionally(e);
            }
        });
    }

    static void writeAll(AsynchronousSocketChannel ch, ByteBuffer buf, Runnable then, CompletableFuture<?> failure) {
        ch.write(buf, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer n, Void a) {
                if (buf.hasRemaining()) {
                    ch.write(buf, null, this);
                } else {
                    then.run();
                }
            }

            @Override
            public void failed(Throwable e, Void a) {
                failure.completeExceptionally(e);
            }
        });
    }

    // ---- echo, on every kind of group ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"fixed-1", "fixed-3", "cached", "executor", "default"})
    void echoesOnEveryKindOfGroup(String kind) throws Exception {
        String t = same((p, log) -> {
            Named threads = new Named("pool");
            ExecutorService executor = null;
            AsynchronousChannelGroup g = switch (kind) {
                case "fixed-1" -> p.openAsynchronousChannelGroup(1, threads);
                case "fixed-3" -> p.openAsynchronousChannelGroup(3, threads);
                case "cached" -> p.openAsynchronousChannelGroup(executor = Executors.newCachedThreadPool(threads), 1);
                case "executor" -> p.openAsynchronousChannelGroup(executor = Executors.newFixedThreadPool(2, threads), 0);
                default -> null;
            };
            Thread caller = Thread.currentThread();
            AsynchronousServerSocketChannel l = p.openAsynchronousServerSocketChannel(g).bind(LOOPBACK);
            CompletableFuture<Long> served = new CompletableFuture<>();
            Outcome<AsynchronousSocketChannel> accepted = new Outcome<>() {
                @Override
                public void completed(AsynchronousSocketChannel ch, String a) {
                    super.completed(null, a);
                    echo(ch, ByteBuffer.allocate(1000), served, 0);
                }
            };
            l.accept("accept", accepted);
            AsynchronousSocketChannel c = p.openAsynchronousSocketChannel(g);
            Outcome<Void> connected = new Outcome<>();
            c.connect(l.getLocalAddress(), "connect", connected);
            log.add(connected.await());
            log.add(accepted.await());
            for (Thread th : new Thread[] {connected.thread, accepted.thread}) {
                log.add(g == null ? "on a daemon thread not the caller's: " + (th.isDaemon() && th != caller)
                        : "on a thread of the group's factory: " + threads.made(th));
            }
            byte[] big = new byte[300_000];
            new Random(1).nextBytes(big);
            for (byte[] message : List.of("hello".getBytes(StandardCharsets.UTF_8), big)) {
                CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                    try {
                        return readFully(c, message.length);
                    } catch (Exception e) {
                        throw new RuntimeException(e);
                    }
                });
                writeFully(c, ByteBuffer.wrap(message));
                log.add("echoed " + message.length + " bytes intact: " + Arrays.equals(back.get(10, TimeUnit.SECONDS), message));
            }
            c.shutdownOutput();
            log.add("server echoed " + served.get(10, TimeUnit.SECONDS) + " then read the end of the stream");
            log.add("client reads " + c.read(ByteBuffer.allocate(1)).get(10, TimeUnit.SECONDS));
            c.close();
            l.close();
            if (g != null) {
                finish(g);
                log.add("terminated " + g.isTerminated() + (executor == null ? "" : ", executor " + executor.isTerminated()));
            }
        });
        assertThat(t).startsWith("""
                connect completed null
                accept completed null
                """).contains("""
                echoed 5 bytes intact: true
                echoed 300000 bytes intact: true
                server echoed 300005 then read the end of the stream
                client reads -1""").doesNotContain(": false");
    }

    @Test
    void manyConnectionsAtOnceThroughAFixedPool() throws Exception {
        String t = same((p, log) -> {
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(2, new Named("many"));
            AsynchronousServerSocketChannel l = p.openAsynchronousServerSocketChannel(g).bind(LOOPBACK, 100);
            List<CompletableFuture<Long>> servers = new ArrayList<>();
            l.accept(null, new CompletionHandler<>() {
                @Override
                public void completed(AsynchronousSocketChannel ch, Object a) {
                    CompletableFuture<Long> done = new CompletableFuture<>();
                    synchronized (servers) {
                        servers.add(done);
                    }
                    l.accept(null, this);
                    echo(ch, ByteBuffer.allocate(4096), done, 0);
                }

                @Override
                public void failed(Throwable e, Object a) {
                    // the listener closed at the end
                }
            });
            int clients = 40;
            List<CompletableFuture<Boolean>> results = new ArrayList<>();
            try (ExecutorService drivers = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < clients; i++) {
                    int seed = i;
                    results.add(CompletableFuture.supplyAsync(() -> {
                        try (AsynchronousSocketChannel c = p.openAsynchronousSocketChannel(g)) {
                            c.connect(l.getLocalAddress()).get(10, TimeUnit.SECONDS);
                            byte[] data = new byte[64 * 1024];
                            new Random(seed).nextBytes(data);
                            CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                                try {
                                    return readFully(c, data.length);
                                } catch (Exception e) {
                                    throw new RuntimeException(e);
                                }
                            }, drivers);
                            for (int off = 0; off < data.length; off += 1500) {
                                writeFully(c, ByteBuffer.wrap(data, off, Math.min(1500, data.length - off)));
                            }
                            return Arrays.equals(back.get(20, TimeUnit.SECONDS), data);
                        } catch (Exception e) {
                            throw new RuntimeException(e);
                        }
                    }, drivers));
                }
                int intact = 0;
                for (CompletableFuture<Boolean> r : results) {
                    intact += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
                }
                log.add(clients + " clients, intact echoes: " + intact);
            }
            l.close();
            finish(g);
        });
        assertThat(t).isEqualTo("40 clients, intact echoes: 40");
    }

    // ---- what the JDK throws at the call ----

    @Test
    void pendingAndStateExceptionsAreThrownAtTheCall() throws Exception {
        String t = same((p, log) -> {
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, new Named("state"));
            Conn k = pair(p, g);
            Future<Integer> read = k.client().read(ByteBuffer.allocate(10));
            log.add("second read: " + thrown(() -> k.client().read(ByteBuffer.allocate(10))));
            log.add("second read with a handler: " + thrown(() -> k.client().read(ByteBuffer.allocate(10), 1, TimeUnit.SECONDS, "r", new Outcome<>())));
            log.add("second scattering read: " + thrown(() -> k.client().read(new ByteBuffer[] {ByteBuffer.allocate(1)}, 0, 1, 1, TimeUnit.SECONDS, "r", new Outcome<>())));
            Future<AsynchronousSocketChannel> accept = k.listener().accept();
            log.add("second accept: " + thrown(() -> k.listener().accept()));
            Future<Integer> write = fillUntilPending(k.client());
            log.add("second write: " + thrown(() -> k.client().write(ByteBuffer.allocate(1))));
            log.add("second gathering write: " + thrown(() -> k.client().write(new ByteBuffer[] {ByteBuffer.allocate(1)}, 0, 1, 1, TimeUnit.SECONDS, "w", new Outcome<>())));
            log.add("connect again: " + thrown(() -> k.client().connect(k.listener().getLocalAddress())));
            log.add("bind the listener again: " + thrown(() -> k.listener().bind(LOOPBACK)));
            log.add("bind a connected channel: " + thrown(() -> k.client().bind(LOOPBACK)));
            log.add("read-only buffer: " + thrown(() -> k.server().read(ByteBuffer.allocate(1).asReadOnlyBuffer())));
            log.add("no handler: " + thrown(() -> k.server().read(ByteBuffer.allocate(1), 1, TimeUnit.SECONDS, null, null)));
            log.add("null buffer: " + thrown(() -> k.server().read((ByteBuffer) null)));
            log.add("bad range: " + thrown(() -> k.server().read(new ByteBuffer[2], 1, 5, 1, TimeUnit.SECONDS, "r", new Outcome<>())));

            AsynchronousSocketChannel fresh = p.openAsynchronousSocketChannel(g);
            log.add("unconnected read: " + thrown(() -> fresh.read(ByteBuffer.allocate(1))));
            log.add("unconnected write: " + thrown(() -> fresh.write(ByteBuffer.allocate(1))));
            log.add("unconnected shutdownInput: " + thrown(fresh::shutdownInput));
            log.add("unconnected shutdownOutput: " + thrown(fresh::shutdownOutput));
            log.add("unconnected addresses: " + fresh.getLocalAddress() + " " + fresh.getRemoteAddress());
            AsynchronousServerSocketChannel unbound = p.openAsynchronousServerSocketChannel(g);
            log.add("unbound accept: " + thrown(unbound::accept));
            log.add("unbound address: " + unbound.getLocalAddress());

            k.close();
            log.add("pending read: " + thrown(() -> read.get(10, TimeUnit.SECONDS)));
            log.add("pending write: " + thrown(() -> write.get(10, TimeUnit.SECONDS)));
            log.add("pending accept: " + thrown(() -> accept.get(10, TimeUnit.SECONDS)));
            finish(g);
        });
        assertThat(t).isEqualTo("""
                second read: ReadPendingException
                second read with a handler: ReadPendingException
                second scattering read: ReadPendingException
                second accept: AcceptPendingException
                second write: WritePendingException
                second gathering write: WritePendingException
                connect again: AlreadyConnectedException
                bind the listener again: AlreadyBoundException
                bind a connected channel: AlreadyBoundException
                read-only buffer: IllegalArgumentException: Read-only buffer
                no handler: NullPointerException: 'handler' is null
                null buffer: NullPointerException: Cannot invoke "java.nio.ByteBuffer.isReadOnly()" because "dst" is null
                bad range: IndexOutOfBoundsException: Range [1, 1 + 5) out of bounds for length 2
                unconnected read: NotYetConnectedException
                unconnected write: NotYetConnectedException
                unconnected shutdownInput: NotYetConnectedException
                unconnected shutdownOutput: NotYetConnectedException
                unconnected addresses: null null
                unbound accept: NotYetBoundException
                unbound address: null
                pending read: ExecutionException(AsynchronousCloseException)
                pending write: ExecutionException(AsynchronousCloseException)
                pending accept: ExecutionException(AsynchronousCloseException)""");
    }

    @Test
    void nothingToReadOrWriteAndShutDownDirectionsCompleteAtOnce() throws Exception {
        String t = same((p, log) -> {
            Named threads = new Named("now");
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, threads);
            Conn k = pair(p, g);
            log.add("read into a full buffer: " + k.client().read(ByteBuffer.allocate(0)).get());
            log.add("write of nothing: " + k.client().write(ByteBuffer.allocate(0)).get());
            // On a cached pool the JDK tries the read at once; in a fixed pool it waits for the socket
            // to be readable before reading nothing (rusticated completes at once in both).
            ExecutorService executor = Executors.newCachedThreadPool(threads);
            AsynchronousChannelGroup cached = p.openAsynchronousChannelGroup(executor, 0);
            Conn c = pair(p, cached);
            Outcome<Long> scatter = new Outcome<>();
            c.client().read(new ByteBuffer[] {ByteBuffer.allocate(0), ByteBuffer.allocate(0)}, 0, 2, 0, TimeUnit.SECONDS, "scatter into nothing", scatter);
            log.add(scatter.await() + ", on the group's thread: " + threads.made(scatter.thread));
            Outcome<Long> gather = new Outcome<>();
            c.client().write(new ByteBuffer[] {ByteBuffer.allocate(0)}, 0, 1, 0, TimeUnit.SECONDS, "gather nothing", gather);
            log.add(gather.await() + ", on the group's thread: " + threads.made(gather.thread));
            c.close();
            finish(cached);

            k.server().shutdownInput();
            k.server().shutdownInput();
            log.add("read after shutdownInput: " + k.server().read(ByteBuffer.allocate(5)).get() + " " + k.server().read(ByteBuffer.allocate(5)).get());
            k.server().shutdownOutput();
            log.add("write after shutdownOutput: " + thrown(() -> k.server().write(text("x")).get()));
            Outcome<Integer> w = new Outcome<>();
            k.server().write(text("x"), 0, TimeUnit.SECONDS, "handler write after shutdownOutput", w);
            log.add(w.await());
            log.add("option after shutdownOutput: " + thrown(() -> k.server().setOption(StandardSocketOptions.TCP_NODELAY, true)));
            log.add("the peer reads: " + k.client().read(ByteBuffer.allocate(5)).get(10, TimeUnit.SECONDS));
            log.add("the peer writes: " + k.client().write(text("still")).get(10, TimeUnit.SECONDS));
            log.add(k.server().toString().replaceAll("^\\S+\\[", "[").replaceAll("\\d+(?=])|:\\d+", ":N"));
            k.close();
            finish(g);
        });
        assertThat(t).isEqualTo("""
                read into a full buffer: 0
                write of nothing: 0
                scatter into nothing completed 0, on the group's thread: true
                gather nothing completed 0, on the group's thread: true
                read after shutdownInput: -1 -1
                write after shutdownOutput: ExecutionException(ClosedChannelException)
                handler write after shutdownOutput failed ClosedChannelException
                option after shutdownOutput: IOException: Connection has been shutdown for writing
                the peer reads: -1
                the peer writes: 5
                [connected ishut oshut local=/127.0.0.1:N remote=/127.0.0.1:N]""");
    }

    // ---- timeouts ----

    @Test
    void aReadTimeoutFailsTheReadAndKillsReading() throws Exception {
        String t = same((p, log) -> {
            Named threads = new Named("timeout");
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, threads);
            Conn k = pair(p, g);
            ByteBuffer buf = ByteBuffer.allocate(10);
            Outcome<Integer> read = new Outcome<>();
            k.client().read(buf, 150, TimeUnit.MILLISECONDS, "read with a timeout", read);
            log.add(read.await() + ", on the group's thread: " + threads.made(read.thread));
            log.add("buffer untouched: " + (buf.position() == 0));
            log.add("next read: " + thrown(() -> k.client().read(ByteBuffer.allocate(1))));
            log.add("open: " + k.client().isOpen());
            log.add("writing still works: " + k.client().write(text("ok")).get(10, TimeUnit.SECONDS));
            log.add("the peer got: " + new String(readFully(k.server(), 2), StandardCharsets.UTF_8));

            Outcome<Integer> beaten = new Outcome<>();
            k.server().read(ByteBuffer.allocate(10), 10, TimeUnit.SECONDS, "read that data beats", beaten);
            k.client().write(text("abc")).get(10, TimeUnit.SECONDS);
            log.add(beaten.await());
            Outcome<Long> scatter = new Outcome<>();
            k.server().read(new ByteBuffer[] {ByteBuffer.allocate(1)}, 0, 1, 100, TimeUnit.MILLISECONDS, "scattering read with a timeout", scatter);
            log.add(scatter.await());
            k.close();
            finish(g);
        });
        assertThat(t).isEqualTo("""
                read with a timeout failed InterruptedByTimeoutException, on the group's thread: true
                buffer untouched: true
                next read: IllegalStateException: Reading not allowed due to timeout or cancellation
                open: true
                writing still works: 2
                the peer got: ok
                read that data beats completed 3
                scattering read with a timeout failed InterruptedByTimeoutException""");
    }

    @Test
    void aWriteTimeoutFailsTheWriteAndKillsWriting() throws Exception {
        String t = same((p, log) -> {
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, new Named("wtimeout"));
            Conn k = pair(p, g);
            k.client().setOption(StandardSocketOptions.SO_SNDBUF, 16 * 1024);
            String last = null;
            for (int i = 0; i < 1000 && (last == null || last.contains("completed")); i++) {
                Outcome<Integer> w = new Outcome<>();
                k.client().write(ByteBuffer.allocate(256 * 1024), 200, TimeUnit.MILLISECONDS, "write", w);
                last = w.await();
            }
            log.add("the write that found no room: " + last);
            log.add("next write: " + thrown(() -> k.client().write(ByteBuffer.allocate(1))));
            log.add("reading still works: " + (k.server().write(text("r")).get(10, TimeUnit.SECONDS) == 1 && readFully(k.client(), 1)[0] == 'r'));
            k.close();
            finish(g);
        });
        assertThat(t).isEqualTo("""
                the write that found no room: write failed InterruptedByTimeoutException
                next write: IllegalStateException: Writing not allowed due to timeout or cancellation
                reading still works: true""");
    }

    // ---- cancellation ----

    @Test
    void cancellingAFutureCompletesItAtOnceAndKillsThatDirection() throws Exception {
        String t = same((p, log) -> {
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, new Named("cancel"));
            Conn k = pair(p, g);
            Future<Integer> read = k.client().read(ByteBuffer.allocate(10));
            log.add("cancel: " + read.cancel(false) + ", again: " + read.cancel(false));
            log.add("done " + read.isDone() + ", cancelled " + read.isCancelled() + ", get: " + thrown(read::get));
            log.add("next read: " + thrown(() -> k.client().read(ByteBuffer.allocate(1))));
            log.add("open " + k.client().isOpen() + ", writing still works: " + k.client().write(text("w")).get(10, TimeUnit.SECONDS));

            Future<Integer> write = fillUntilPending(k.server());
            log.add("cancel a write: " + write.cancel(false));
            log.add("next write: " + thrown(() -> k.server().write(ByteBuffer.allocate(1))));
            log.add("reading still works: " + new String(readFully(k.server(), 1), StandardCharsets.UTF_8));

            Future<Integer> forced = k.server().read(ByteBuffer.allocate(1));
            log.add("cancel(true): " + forced.cancel(true) + ", open " + k.server().isOpen());
            log.add("a completed future: " + k.client().write(ByteBuffer.allocate(0)).cancel(true));
            k.close();
            finish(g);
        });
        assertThat(t).isEqualTo("""
                cancel: true, again: false
                done true, cancelled true, get: CancellationException
                next read: IllegalStateException: Reading not allowed due to timeout or cancellation
                open true, writing still works: 1
                cancel a write: true
                next write: IllegalStateException: Writing not allowed due to timeout or cancellation
                reading still works: w
                cancel(true): true, open false
                a completed future: false""");
    }

    @Test
    void aConnectionAcceptedAfterItsAcceptWasCancelledIsClosed() throws Exception {
        String t = same((p, log) -> {
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, new Named("acancel"));
            AsynchronousServerSocketChannel l = p.openAsynchronousServerSocketChannel(g).bind(LOOPBACK);
            Future<AsynchronousSocketChannel> accept = l.accept();
            log.add("cancel: " + accept.cancel(false) + ", get: " + thrown(accept::get));
            try (Socket client = new Socket()) {
                client.connect(l.getLocalAddress());
                client.setSoTimeout(10_000);
                log.add("the client reads: " + client.getInputStream().read());
            }
            log.add("next accept: " + thrown(l::accept));
            l.close();
            finish(g);
        });
        assertThat(t).isEqualTo("""
                cancel: true, get: CancellationException
                the client reads: -1
                next accept: RuntimeException: Accept not allowed due cancellation""");
    }

    // ---- close ----

    @Test
    void closingFailsWhatIsPendingAndRefusesTheRest() throws Exception {
        String t = same((p, log) -> {
            Named threads = new Named("close");
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(2, threads);
            Conn k = pair(p, g);
            SocketAddress where = k.listener().getLocalAddress();
            Outcome<Integer> read = new Outcome<>();
            k.client().read(ByteBuffer.allocate(10), 0, TimeUnit.SECONDS, "pending read", read);
            Outcome<AsynchronousSocketChannel> accept = new Outcome<>();
            k.listener().accept("pending accept", accept);
            Future<Integer> write = fillUntilPending(k.client()); // the server reads nothing
            k.client().close();
            k.listener().close();
            k.server().close();
            log.add(read.await() + ", on the group's thread: " + threads.made(read.thread));
            log.add(accept.await() + ", on the group's thread: " + threads.made(accept.thread));
            log.add("pending write: " + thrown(() -> write.get(10, TimeUnit.SECONDS)));
            AsynchronousSocketChannel c = k.client();
            log.add("open " + c.isOpen() + ", close again: " + thrown(c::close));
            log.add("read: " + thrown(() -> c.read(ByteBuffer.allocate(1)).get()));
            log.add("write: " + thrown(() -> c.write(ByteBuffer.allocate(1)).get()));
            Outcome<Integer> h = new Outcome<>();
            c.read(ByteBuffer.allocate(1), 0, TimeUnit.SECONDS, "handler read", h);
            log.add(h.await() + ", on the group's thread: " + threads.made(h.thread));
            log.add("connect: " + thrown(() -> c.connect(where).get()));
            log.add("accept: " + thrown(() -> k.listener().accept().get()));
            log.add("local address: " + thrown(c::getLocalAddress));
            log.add("remote address: " + thrown(c::getRemoteAddress));
            log.add("listener address: " + thrown(k.listener()::getLocalAddress));
            log.add("option: " + thrown(() -> c.getOption(StandardSocketOptions.TCP_NODELAY)));
            log.add("shutdownInput: " + thrown(c::shutdownInput));
            log.add("bind: " + thrown(() -> c.bind(null)));
            log.add("its port is free again: " + thrown(() -> p.openAsynchronousServerSocketChannel(g).bind(where).close()));
            finish(g);
        });
        assertThat(t).isEqualTo("""
                pending read failed AsynchronousCloseException, on the group's thread: true
                pending accept failed AsynchronousCloseException, on the group's thread: true
                pending write: ExecutionException(AsynchronousCloseException)
                open false, close again: returned
                read: ExecutionException(ClosedChannelException)
                write: ExecutionException(ClosedChannelException)
                handler read failed ClosedChannelException, on the group's thread: true
                connect: ExecutionException(ClosedChannelException)
                accept: ExecutionException(ClosedChannelException)
                local address: ClosedChannelException
                remote address: ClosedChannelException
                listener address: ClosedChannelException
                option: ClosedChannelException
                shutdownInput: ClosedChannelException
                bind: ClosedChannelException
                its port is free again: returned""");
    }

    @Test
    void closingUnderALockThatAHandlerWaitsForReturns() throws Exception {
        String t = same((p, log) -> {
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, new Named("lock"));
            Conn k = pair(p, g);
            Object lock = new Object();
            CompletableFuture<Void> waiting = new CompletableFuture<>();
            CompletableFuture<String> handlerDone = new CompletableFuture<>();
            k.client().read(ByteBuffer.allocate(1), 0, TimeUnit.SECONDS, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void a) {
                    waiting.complete(null);
                    synchronized (lock) {
                        handlerDone.complete("the handler got the lock");
                    }
                }

                @Override
                public void failed(Throwable e, Void a) {
                    handlerDone.completeExceptionally(e);
                }
            });
            synchronized (lock) {
                k.server().write(text("x")).get(10, TimeUnit.SECONDS);
                waiting.get(10, TimeUnit.SECONDS); // the group's only thread now waits for this lock
                k.server().close();
                k.listener().close();
                log.add("closed while a handler waits for the caller's lock");
            }
            log.add(handlerDone.get(10, TimeUnit.SECONDS));
            k.client().close();
            finish(g);
        });
        assertThat(t).isEqualTo("""
                closed while a handler waits for the caller's lock
                the handler got the lock""");
    }

    @Test
    void gatheringWritesAndScatteringReadsMoveEveryBuffer() throws Exception {
        String t = same((p, log) -> {
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(2, new Named("vec"));
            Conn k = pair(p, g);
            ByteBuffer[] srcs = {text("skip"), text("ab"), ByteBuffer.allocate(0), text("cde"), text("fghij")};
            Outcome<Long> gather = new Outcome<>();
            k.client().write(srcs, 1, 4, 10, TimeUnit.SECONDS, "gathering write", gather);
            log.add(gather.await());
            log.add("sources left: " + Arrays.stream(srcs).map(b -> String.valueOf(b.remaining())).toList());
            ByteBuffer[] dsts = {ByteBuffer.allocate(1), ByteBuffer.allocate(3), ByteBuffer.allocate(0), ByteBuffer.allocate(20)};
            long got = 0;
            while (got < 10) {
                Outcome<Long> scatter = new Outcome<>();
                k.server().read(dsts, 0, 4, 10, TimeUnit.SECONDS, "scatter", scatter);
                got += Long.parseLong(scatter.await().replace("scatter completed ", ""));
            }
            StringBuilder parts = new StringBuilder();
            for (ByteBuffer d : dsts) {
                parts.append('[').append(new String(d.array(), 0, d.position(), StandardCharsets.UTF_8)).append(']');
            }
            log.add("read " + got + " into " + parts);
            k.close();
            finish(g);
        });
        assertThat(t).isEqualTo("""
                gathering write completed 10
                sources left: [4, 0, 0, 0, 0]
                read 10 into [a][bcd][][efghij]""");
    }

    // ---- errors ----

    @Test
    void errorsAreTheJdks() throws Exception {
        String t = same((p, log) -> {
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, new Named("errors"));
            InetSocketAddress closedPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                closedPort = (InetSocketAddress) s.getLocalSocketAddress();
            }
            AsynchronousSocketChannel refused = p.openAsynchronousSocketChannel(g);
            log.add("refused: " + thrown(() -> refused.connect(closedPort).get(10, TimeUnit.SECONDS)) + ", open after: " + refused.isOpen());
            AsynchronousSocketChannel refused2 = p.openAsynchronousSocketChannel(g);
            Outcome<Void> h = new Outcome<>();
            refused2.connect(closedPort, "refused", h);
            log.add(h.await());

            AsynchronousServerSocketChannel l = p.openAsynchronousServerSocketChannel(g).bind(LOOPBACK);
            log.add("address in use: " + thrown(() -> p.openAsynchronousServerSocketChannel(g).bind(l.getLocalAddress())));
            AsynchronousSocketChannel c = p.openAsynchronousSocketChannel(g);
            log.add("unresolved: " + thrown(() -> c.connect(InetSocketAddress.createUnresolved("nowhere.invalid", 80))));
            log.add("not an internet address: " + thrown(() -> c.connect(new SocketAddress() {
            })));
            log.add("no address: " + thrown(() -> c.connect(null)));
            log.add("open after refusals at the call: " + c.isOpen());
            log.add("unresolved bind: " + thrown(() -> p.openAsynchronousServerSocketChannel(g).bind(InetSocketAddress.createUnresolved("x.invalid", 1))));

            try (ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                c.connect(peer.getLocalSocketAddress()).get(10, TimeUnit.SECONDS);
                Socket other = peer.accept();
                other.setSoLinger(true, 0);
                other.close(); // a reset
                log.add("read after a reset: " + thrown(() -> c.read(ByteBuffer.allocate(10)).get(10, TimeUnit.SECONDS)));
                log.add("write after it: " + thrown(() -> c.write(ByteBuffer.allocate(10)).get(10, TimeUnit.SECONDS)));
                AsynchronousSocketChannel w = p.openAsynchronousSocketChannel(g);
                w.connect(peer.getLocalSocketAddress()).get(10, TimeUnit.SECONDS);
                Socket wPeer = peer.accept();
                wPeer.setSoLinger(true, 0);
                wPeer.close();
                String first = "returned";
                for (int i = 0; i < 100 && first.equals("returned"); i++) {
                    first = thrown(() -> w.write(ByteBuffer.allocate(10)).get(10, TimeUnit.SECONDS)); // until the reset has arrived
                }
                log.add("first failed write after a reset: " + first);
                log.add("next write: " + thrown(() -> w.write(ByteBuffer.allocate(10)).get(10, TimeUnit.SECONDS)));
                w.close();
            }
            l.close();
            finish(g);
        });
        assertThat(t).isEqualTo("""
                refused: ExecutionException(ConnectException: Connection refused), open after: false
                refused failed ConnectException: Connection refused
                address in use: BindException: Address already in use
                unresolved: UnresolvedAddressException
                not an internet address: UnsupportedAddressTypeException
                no address: NullPointerException
                open after refusals at the call: true
                unresolved bind: UnresolvedAddressException
                read after a reset: ExecutionException(IOException: Connection reset)
                write after it: ExecutionException(IOException: Broken pipe)
                first failed write after a reset: ExecutionException(IOException: Connection reset by peer)
                next write: ExecutionException(IOException: Broken pipe)""");
    }

    // ---- groups ----

    @Test
    void anOrderlyShutdownWaitsForTheLastChannel() throws Exception {
        String t = same((p, log) -> {
            Named threads = new Named("shutdown");
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(2, threads);
            log.add("provider is the group's: " + (g.provider() == p));
            AsynchronousServerSocketChannel l = p.openAsynchronousServerSocketChannel(g).bind(LOOPBACK);
            g.shutdown();
            log.add("shutdown " + g.isShutdown() + ", terminated " + g.isTerminated());
            log.add("new channel: " + thrown(() -> p.openAsynchronousSocketChannel(g)));
            log.add("new listener: " + thrown(() -> AsynchronousServerSocketChannel.open(g)));
            log.add("terminates while a channel is open: " + g.awaitTermination(200, TimeUnit.MILLISECONDS));
            Outcome<AsynchronousSocketChannel> accept = new Outcome<>();
            l.accept("the listener still accepts", accept);
            try (Socket client = new Socket()) {
                client.connect(l.getLocalAddress());
                log.add(accept.await() + ", on the group's thread: " + threads.made(accept.thread));
                client.setSoTimeout(10_000);
                log.add("the client reads: " + client.getInputStream().read());
            }
            l.close();
            log.add("terminates once it closed: " + g.awaitTermination(10, TimeUnit.SECONDS) + " " + g.isTerminated());
        });
        assertThat(t).isEqualTo("""
                provider is the group's: true
                shutdown true, terminated false
                new channel: ShutdownChannelGroupException
                new listener: ShutdownChannelGroupException
                terminates while a channel is open: false
                the listener still accepts failed IOException(ShutdownChannelGroupException), on the group's thread: true
                the client reads: -1
                terminates once it closed: true true""");
    }

    @Test
    void shutdownNowClosesEveryChannel() throws Exception {
        String t = same((p, log) -> {
            Named threads = new Named("now");
            ExecutorService executor = Executors.newCachedThreadPool(threads);
            for (AsynchronousChannelGroup g : List.of(p.openAsynchronousChannelGroup(2, threads), p.openAsynchronousChannelGroup(executor, 0))) {
                AsynchronousServerSocketChannel l = p.openAsynchronousServerSocketChannel(g).bind(LOOPBACK);
                Future<AsynchronousSocketChannel> accepted = l.accept();
                try (Socket outside = new Socket()) {
                    outside.connect(l.getLocalAddress()); // a peer outside the group, so the group closes one end only
                    AsynchronousSocketChannel server = accepted.get(10, TimeUnit.SECONDS);
                    Outcome<Integer> read = new Outcome<>();
                    server.read(ByteBuffer.allocate(1), 0, TimeUnit.SECONDS, "pending read", read);
                    g.shutdownNow();
                    log.add(read.await() + ", on the group's thread: " + threads.made(read.thread));
                    log.add("open: " + server.isOpen() + " " + l.isOpen());
                    log.add("terminated: " + g.awaitTermination(10, TimeUnit.SECONDS) + " " + g.isShutdown());
                    outside.setSoTimeout(10_000);
                    log.add("the peer reads: " + outside.getInputStream().read());
                }
            }
            log.add("the executor was shut down: " + executor.isShutdown());
        });
        assertThat(t).isEqualTo("""
                pending read failed AsynchronousCloseException, on the group's thread: true
                open: false false
                terminated: true true
                the peer reads: -1
                pending read failed AsynchronousCloseException, on the group's thread: true
                open: false false
                terminated: true true
                the peer reads: -1
                the executor was shut down: true""");
    }

    @Test
    void groupsAndChannelsBelongToOneProvider() throws Exception {
        AioOracle.requireServed();
        AsynchronousChannelProvider jdk = AioOracle.jdk();
        AsynchronousChannelProvider ours = AioOracle.rusticated();
        AsynchronousChannelGroup jdkGroup = jdk.openAsynchronousChannelGroup(1, new Named("j"));
        AsynchronousChannelGroup ourGroup = ours.openAsynchronousChannelGroup(1, new Named("r"));
        try {
            assertThat(thrown(() -> ours.openAsynchronousSocketChannel(jdkGroup))).isEqualTo("IllegalChannelGroupException");
            assertThat(thrown(() -> jdk.openAsynchronousSocketChannel(ourGroup))).isEqualTo("IllegalChannelGroupException");
            assertThat(thrown(() -> ours.openAsynchronousChannelGroup(0, new Named("x")))).isEqualTo(thrown(() -> jdk.openAsynchronousChannelGroup(0, new Named("x"))))
                    .isEqualTo("IllegalArgumentException: 'nThreads' must be > 0");
            assertThat(AsynchronousSocketChannel.open(ourGroup).provider()).isSameAs(ours);
        } finally {
            finish(jdkGroup);
            finish(ourGroup);
        }
    }

    // ---- handler threads ----

    @Test
    void handlersRunOnPooledThreadsAndDirectlyOnlyThere() throws Exception {
        String t = same((p, log) -> {
            Named threads = new Named("direct");
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, threads);
            Conn k = pair(p, g);
            AsynchronousSocketChannel closed = p.openAsynchronousSocketChannel(g);
            closed.close();
            Thread caller = Thread.currentThread();
            Outcome<Integer> fromCaller = new Outcome<>();
            closed.read(ByteBuffer.allocate(1), 0, TimeUnit.SECONDS, "from the caller", fromCaller);
            log.add(fromCaller.await() + ", on the caller: " + (fromCaller.thread == caller) + ", on the group's: " + threads.made(fromCaller.thread));

            CompletableFuture<String> nested = new CompletableFuture<>();
            k.client().read(ByteBuffer.allocate(1), 0, TimeUnit.SECONDS, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void a) {
                    Thread here = Thread.currentThread();
                    Outcome<Integer> inner = new Outcome<>();
                    closed.read(ByteBuffer.allocate(1), 0, TimeUnit.SECONDS, "from a handler", inner);
                    nested.complete("outer on the group's thread: " + threads.made(here) + ", inner ran before the call returned: " + inner.isDone()
                            + ", on the same thread: " + (inner.thread == here));
                }

                @Override
                public void failed(Throwable e, Void a) {
                    nested.completeExceptionally(e);
                }
            });
            k.server().write(text("x")).get(10, TimeUnit.SECONDS);
            log.add(nested.get(10, TimeUnit.SECONDS));

            CompletableFuture<Void> throwing = new CompletableFuture<>();
            k.client().read(ByteBuffer.allocate(1), 0, TimeUnit.SECONDS, null, new CompletionHandler<Integer, Void>() {
                @Override
                public void completed(Integer n, Void a) {
                    throwing.complete(null);
                    throw new IllegalStateException("a handler that throws (expected on stderr)");
                }

                @Override
                public void failed(Throwable e, Void a) {
                }
            });
            k.server().write(text("y")).get(10, TimeUnit.SECONDS);
            throwing.get(10, TimeUnit.SECONDS);
            Thread.sleep(50); // lets the handler finish throwing
            Outcome<Integer> next = new Outcome<>();
            k.client().read(ByteBuffer.allocate(1), 0, TimeUnit.SECONDS, "after a handler threw", next);
            k.server().write(text("z")).get(10, TimeUnit.SECONDS);
            log.add(next.await() + ", on the group's thread: " + threads.made(next.thread));
            k.close();
            finish(g);
        });
        assertThat(t).isEqualTo("""
                from the caller failed ClosedChannelException, on the caller: false, on the group's: true
                outer on the group's thread: true, inner ran before the call returned: true, on the same thread: true
                after a handler threw completed 1, on the group's thread: true""");
    }

    // ---- options and addresses ----

    @Test
    void optionsAndAddressesAreTheJdks() throws Exception {
        String t = same((p, log) -> {
            AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, new Named("opts"));
            AsynchronousSocketChannel c = p.openAsynchronousSocketChannel(g);
            AsynchronousServerSocketChannel l = p.openAsynchronousServerSocketChannel(g);
            log.add("client options: " + standard(c.supportedOptions()));
            log.add("listener options: " + standard(l.supportedOptions()));
            log.add("listener SO_REUSEADDR " + l.getOption(StandardSocketOptions.SO_REUSEADDR) + ", client " + c.getOption(StandardSocketOptions.SO_REUSEADDR));
            log.add("TCP_NODELAY " + c.getOption(StandardSocketOptions.TCP_NODELAY) + " then "
                    + c.setOption(StandardSocketOptions.TCP_NODELAY, true).getOption(StandardSocketOptions.TCP_NODELAY));
            log.add("SO_RCVBUF 65536 reads " + c.setOption(StandardSocketOptions.SO_RCVBUF, 65536).getOption(StandardSocketOptions.SO_RCVBUF));
            log.add("SO_KEEPALIVE " + c.setOption(StandardSocketOptions.SO_KEEPALIVE, true).getOption(StandardSocketOptions.SO_KEEPALIVE));
            log.add("SO_LINGER: " + thrown(() -> c.setOption(StandardSocketOptions.SO_LINGER, 1)));
            log.add("listener TCP_NODELAY: " + thrown(() -> l.getOption(StandardSocketOptions.TCP_NODELAY)));
            log.add("negative SO_SNDBUF: " + thrown(() -> c.setOption(StandardSocketOptions.SO_SNDBUF, -1)));
            log.add("null value: " + thrown(() -> c.setOption(StandardSocketOptions.TCP_NODELAY, null)));
            log.add("null option: " + thrown(() -> c.getOption(null)));

            l.bind(new InetSocketAddress(0));
            log.add("wildcard listener: " + ((InetSocketAddress) l.getLocalAddress()).getAddress());
            AsynchronousServerSocketChannel loop = p.openAsynchronousServerSocketChannel(g).bind(LOOPBACK, 0);
            log.add("loopback listener: " + ((InetSocketAddress) loop.getLocalAddress()).getAddress());
            c.bind(null);
            log.add("client bound to null: " + ((InetSocketAddress) c.getLocalAddress()).getAddress());
            InetSocketAddress target = new InetSocketAddress("127.0.0.1", ((InetSocketAddress) l.getLocalAddress()).getPort());
            Future<AsynchronousSocketChannel> accepted = l.accept();
            c.connect(target).get(10, TimeUnit.SECONDS);
            AsynchronousSocketChannel s = accepted.get(10, TimeUnit.SECONDS);
            log.add("remote is the address given: " + (c.getRemoteAddress() == target));
            log.add("client local " + ((InetSocketAddress) c.getLocalAddress()).getAddress() + ", server local " + ((InetSocketAddress) s.getLocalAddress()).getAddress()
                    + ", server remote " + ((InetSocketAddress) s.getRemoteAddress()).getAddress());
            AsynchronousSocketChannel v4 = p.openAsynchronousSocketChannel(g);
            Future<AsynchronousSocketChannel> accepted2 = l.accept();
            v4.connect(new InetSocketAddress(InetAddress.getByName("::1"), target.getPort())).get(10, TimeUnit.SECONDS);
            AsynchronousSocketChannel s2 = accepted2.get(10, TimeUnit.SECONDS);
            log.add("IPv6 peer: " + ((InetSocketAddress) s2.getRemoteAddress()).getAddress());
            for (AsynchronousSocketChannel ch : List.of(c, s, v4, s2)) {
                ch.close();
            }
            l.close();
            loop.close();
            finish(g);
        });
        assertThat(t).startsWith("""
                client options: [SO_KEEPALIVE, SO_RCVBUF, SO_REUSEADDR, SO_REUSEPORT, SO_SNDBUF, TCP_NODELAY]
                listener options: [SO_RCVBUF, SO_REUSEADDR, SO_REUSEPORT]
                listener SO_REUSEADDR true, client false
                TCP_NODELAY false then true
                """).contains("""
                SO_KEEPALIVE true
                SO_LINGER: UnsupportedOperationException: 'SO_LINGER' not supported
                listener TCP_NODELAY: UnsupportedOperationException: 'TCP_NODELAY' not supported
                negative SO_SNDBUF: IllegalArgumentException: Invalid send/receive buffer size
                null value: IllegalArgumentException: Invalid option value
                null option: NullPointerException
                wildcard listener: /0:0:0:0:0:0:0:0
                loopback listener: /127.0.0.1
                client bound to null: /0:0:0:0:0:0:0:0
                remote is the address given: true
                client local /127.0.0.1, server local /127.0.0.1, server remote /127.0.0.1
                """);
    }

    private static String standard(java.util.Set<SocketOption<?>> options) {
        TreeSet<String> names = new TreeSet<>();
        for (SocketOption<?> o : options) {
            if (o.getClass() == StandardSocketOptions.SO_RCVBUF.getClass()) {
                names.add(o.name());
            }
        }
        return names.toString();
    }

    // ---- rusticated's own guarantees (the JDK's channel writes into the buffer after a cancel) ----

    @Test
    void aCancelledReadNeverWritesIntoTheCallersBuffer() throws Exception {
        AioOracle.requireServed();
        AsynchronousChannelProvider p = AioOracle.rusticated();
        AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, new Named("late"));
        int raced = 0;
        for (int attempt = 0; attempt < 30; attempt++) {
            Conn k = pair(p, g);
            ByteBuffer buf = ByteBuffer.allocate(10);
            Future<Integer> read = k.client().read(buf);
            // Odd attempts: the data arrives while the cancel is on its way, so the read may complete
            // with it after its future was cancelled, and then the data must be dropped, not copied.
            // Even attempts cancel a read that has no data yet, so the cancel surely comes first
            // (a busy machine may lose every race of the odd attempts) and the data comes after it.
            if (attempt % 2 == 1) {
                k.server().write(text("late")).get(10, TimeUnit.SECONDS);
            }
            if (read.cancel(false)) {
                raced++;
                k.server().write(text("later")).get(10, TimeUnit.SECONDS);
                Thread.sleep(20); // time for a late completion to arrive; it must not copy anything
                assertThat(buf.position()).as("nothing landed in the buffer after the cancel (attempt %d)", attempt).isZero();
                assertThat(buf.array()).containsOnly(0);
            }
            k.close();
        }
        assertThat(raced).as("attempts where the cancel came first").isPositive();
        finish(g);
    }

    @Test
    void closeReturnsOnceTheSocketIsClosedEvenWhileTheLoopIsBusy() throws Exception {
        AioOracle.requireServed();
        AsynchronousChannelProvider p = AioOracle.rusticated();
        AsynchronousServerSocketChannel l = p.openAsynchronousServerSocketChannel(null).bind(LOOPBACK); // the default group: the shared loop
        InetSocketAddress where = (InetSocketAddress) l.getLocalAddress();
        CompletableFuture<Void> busy = new CompletableFuture<>();
        io.rusticated.rt.EventLoop.shared().execute(() -> {
            busy.complete(null);
            try {
                Thread.sleep(300); // the loop does nothing else meanwhile, the close of the socket included
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        busy.get(10, TimeUnit.SECONDS);
        l.close();
        try (ServerSocket again = new ServerSocket()) {
            again.bind(where); // fails with "Address already in use" while the listener is still open
            assertThat(again.getLocalPort()).isEqualTo(where.getPort());
        }
    }

    @Test
    void waitingOnTheLoopThatMustCompleteTheFutureIsRefused() throws Exception {
        AioOracle.requireServed();
        AsynchronousChannelProvider p = AioOracle.rusticated();
        AsynchronousChannelGroup g = p.openAsynchronousChannelGroup(1, new Named("self"));
        Conn k = pair(p, g);
        CompletableFuture<String> got = new CompletableFuture<>();
        k.client().read(ByteBuffer.allocate(1), 0, TimeUnit.SECONDS, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer n, Void a) {
                got.complete(thrown(() -> k.client().read(ByteBuffer.allocate(1)).get()));
            }

            @Override
            public void failed(Throwable e, Void a) {
                got.completeExceptionally(e);
            }
        });
        k.server().write(text("x")).get(10, TimeUnit.SECONDS);
        assertThat(got.get(10, TimeUnit.SECONDS)).startsWith("IllegalStateException: waiting on self-1 for an operation that only this thread can complete");
        k.close();
        finish(g);
    }
}
