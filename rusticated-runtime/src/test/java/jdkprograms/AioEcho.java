package jdkprograms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * An echo server on {@code AsynchronousServerSocketChannel} (default group, completion handlers)
 * and its clients on a fixed thread pool group (futures and handlers), then timeouts, errors,
 * close and group shutdown. Prints only what does not depend on ports, threads or timing.
 * Argument: a work directory (unused).
 */
public final class AioEcho {
    private static final InetSocketAddress LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private static final int CLIENTS = 16;
    private static final int MESSAGES = 40;

    public static void main(String[] args) throws Exception {
        AsynchronousServerSocketChannel server = AsynchronousServerSocketChannel.open().bind(LOOPBACK);
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel ch, Void a) {
                server.accept(null, this);
                echo(ch, ByteBuffer.allocateDirect(8192));
            }

            @Override
            public void failed(Throwable e, Void a) {
                // closed at the end
            }
        });
        InetSocketAddress where = (InetSocketAddress) server.getLocalAddress();
        System.out.println("server bound to " + where.getAddress() + ", reuse address " + server.getOption(StandardSocketOptions.SO_REUSEADDR));

        ThreadFactory daemons = r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        };
        AsynchronousChannelGroup group = AsynchronousChannelGroup.withFixedThreadPool(4, daemons);
        ExecutorService drivers = Executors.newFixedThreadPool(CLIENTS, daemons);
        List<Future<String>> clients = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int id = i;
            clients.add(drivers.submit(() -> client(group, where, id)));
        }
        for (Future<String> c : clients) {
            System.out.println(c.get(60, TimeUnit.SECONDS));
        }
        drivers.shutdown();

        System.out.println("handler chain: " + handlerChain(group, where));
        timeouts(group, where);
        errors(group, where);

        AsynchronousSocketChannel idle = AsynchronousSocketChannel.open(group);
        idle.connect(where).get(10, TimeUnit.SECONDS);
        CompletableFuture<String> pending = new CompletableFuture<>();
        idle.read(ByteBuffer.allocate(1), null, outcome(pending));
        group.shutdownNow();
        System.out.println("pending read at shutdownNow: " + pending.get(10, TimeUnit.SECONDS) + ", open " + idle.isOpen());
        System.out.println("group terminated: " + group.awaitTermination(10, TimeUnit.SECONDS));
        server.close();
    }

    /** One client: messages of seeded sizes, each written whole and read back whole before the next. */
    private static String client(AsynchronousChannelGroup group, InetSocketAddress where, int id) throws Exception {
        Random r = new Random(id);
        long bytes = 0;
        boolean intact = true;
        try (AsynchronousSocketChannel ch = AsynchronousSocketChannel.open(group)) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            ch.connect(where).get(10, TimeUnit.SECONDS);
            for (int m = 0; m < MESSAGES; m++) {
                byte[] out = new byte[1 + (m % 4 == 0 ? r.nextInt(64 * 1024) : r.nextInt(256))];
                r.nextBytes(out);
                ByteBuffer w = id % 2 == 0 ? ByteBuffer.wrap(out) : ByteBuffer.allocateDirect(out.length).put(out).flip();
                while (w.hasRemaining()) {
                    ch.write(w).get(10, TimeUnit.SECONDS);
                }
                ByteBuffer in = ByteBuffer.allocate(out.length);
                while (in.hasRemaining()) {
                    if (ch.read(in).get(10, TimeUnit.SECONDS) < 0) {
                        break;
                    }
                }
                intact &= Arrays.equals(in.array(), out);
                bytes += out.length;
            }
            ch.shutdownOutput();
            int end = ch.read(ByteBuffer.allocate(1)).get(10, TimeUnit.SECONDS);
            return "client " + id + ": " + MESSAGES + " messages, " + bytes + " bytes, echoed intact " + intact + ", then " + end;
        }
    }

    /** Reads and writes chained through completion handlers only, with a gathering write and a scattering read. */
    private static String handlerChain(AsynchronousChannelGroup group, InetSocketAddress where) throws Exception {
        CompletableFuture<String> done = new CompletableFuture<>();
        AsynchronousSocketChannel ch = AsynchronousSocketChannel.open(group);
        ch.connect(where, null, new CompletionHandler<Void, Void>() {
            @Override
            public void completed(Void v, Void a) {
                ByteBuffer[] parts = {ByteBuffer.wrap("gather".getBytes()), ByteBuffer.wrap("ed ".getBytes()), ByteBuffer.wrap("write".getBytes())};
                ch.write(parts, 0, 3, 10, TimeUnit.SECONDS, null, new CompletionHandler<Long, Void>() {
                    @Override
                    public void completed(Long n, Void a) {
                        ByteBuffer[] into = {ByteBuffer.allocate(3), ByteBuffer.allocate(20)};
                        readAll(ch, into, 0, n, done);
                    }

                    @Override
                    public void failed(Throwable e, Void a) {
                        done.completeExceptionally(e);
                    }
                });
            }

            @Override
            public void failed(Throwable e, Void a) {
                done.completeExceptionally(e);
            }
        });
        try {
            return done.get(10, TimeUnit.SECONDS);
        } finally {
            ch.close();
        }
    }

    private static void readAll(AsynchronousSocketChannel ch, ByteBuffer[] into, long got, long want, CompletableFuture<String> done) {
        if (got == want) {
            done.complete(got + " bytes, " + new String(into[0].array(), 0, into[0].position()) + "|" + new String(into[1].array(), 0, into[1].position()));
            return;
        }
        ch.read(into, 0, 2, 10, TimeUnit.SECONDS, null, new CompletionHandler<Long, Void>() {
            @Override
            public void completed(Long n, Void a) {
                readAll(ch, into, got + n, want, done);
            }

            @Override
            public void failed(Throwable e, Void a) {
                done.completeExceptionally(e);
            }
        });
    }

    private static void timeouts(AsynchronousChannelGroup group, InetSocketAddress where) throws Exception {
        try (AsynchronousSocketChannel ch = AsynchronousSocketChannel.open(group)) {
            ch.connect(where).get(10, TimeUnit.SECONDS);
            CompletableFuture<String> read = new CompletableFuture<>();
            ch.read(ByteBuffer.allocate(16), 100, TimeUnit.MILLISECONDS, null, outcome(read));
            System.out.println("read with nothing to read and a timeout: " + read.get(10, TimeUnit.SECONDS));
            try {
                ch.read(ByteBuffer.allocate(16));
            } catch (IllegalStateException e) {
                System.out.println("read after the timeout: " + e.getMessage());
            }
            Future<Integer> write = ch.write(ByteBuffer.wrap("after".getBytes()));
            System.out.println("writing after it: " + write.get(10, TimeUnit.SECONDS));
        }
    }

    private static void errors(AsynchronousChannelGroup group, InetSocketAddress where) throws Exception {
        InetSocketAddress closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = (InetSocketAddress) s.getLocalSocketAddress();
        }
        AsynchronousSocketChannel refused = AsynchronousSocketChannel.open(group);
        try {
            refused.connect(closed).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            System.out.println("connect to a closed port: " + e.getCause() + ", open after " + refused.isOpen());
        }
        try {
            AsynchronousServerSocketChannel.open(group).bind(where);
        } catch (IOException e) {
            System.out.println("bind to a port in use: " + e);
        }
        try (AsynchronousSocketChannel ch = AsynchronousSocketChannel.open(group)) {
            ch.connect(where).get(10, TimeUnit.SECONDS);
            Future<Integer> read = ch.read(ByteBuffer.allocate(1));
            try {
                ch.read(ByteBuffer.allocate(1));
            } catch (RuntimeException e) {
                System.out.println("second read: " + e);
            }
            System.out.println("cancel the first: " + read.cancel(false) + ", cancelled " + read.isCancelled());
            CompletableFuture<String> accept = new CompletableFuture<>();
            AsynchronousServerSocketChannel listener = AsynchronousServerSocketChannel.open(group).bind(LOOPBACK);
            listener.accept(null, outcome(accept));
            listener.close();
            System.out.println("pending accept at close: " + accept.get(10, TimeUnit.SECONDS));
        }
    }

    private static <V> CompletionHandler<V, Void> outcome(CompletableFuture<String> f) {
        return new CompletionHandler<>() {
            @Override
            public void completed(V v, Void a) {
                f.complete("completed " + v);
            }

            @Override
            public void failed(Throwable e, Void a) {
                f.complete("failed " + e);
            }
        };
    }

    private static void echo(AsynchronousSocketChannel ch, ByteBuffer buf) {
        buf.clear();
        ch.read(buf, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer n, Void a) {
                if (n < 0) {
                    close(ch);
                    return;
                }
                buf.flip();
                ch.write(buf, null, new CompletionHandler<Integer, Void>() {
                    @Override
                    public void completed(Integer w, Void a) {
                        if (buf.hasRemaining()) {
                            ch.write(buf, null, this);
                        } else {
                            echo(ch, buf);
                        }
                    }

                    @Override
                    public void failed(Throwable e, Void a) {
                        close(ch);
                    }
                });
            }

            @Override
            public void failed(Throwable e, Void a) {
                close(ch);
            }
        });
    }

    private static void close(AsynchronousSocketChannel ch) {
        try {
            ch.close();
        } catch (IOException ignore) {
            // nothing to do
        }
    }
}
