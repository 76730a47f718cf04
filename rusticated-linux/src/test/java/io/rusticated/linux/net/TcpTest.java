package io.rusticated.linux.net;

import io.rusticated.io.Buffer;
import io.rusticated.net.ConnectOptions;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.Net;
import io.rusticated.net.Shutdown;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Opcode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TCP on loopback through the loop, with the JDK's own channels as the peer and as the oracle of
 * what errors look like.
 */
class TcpTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private static Throwable failure(EventLoop loop, java.util.concurrent.CompletionStage<?> stage) {
        try {
            loop.blockOn(stage);
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static void assumeSockets(EventLoop loop) {
        assumeTrue(loop.supports(Opcode.ACCEPT), () -> "sockets are not served by " + loop.backend().name() + " yet");
    }

    @Test
    void echoBothWaysThenHalfCloseThenClose() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            InetSocketAddress where = listener.localAddress();
            assertThat(where.getPort()).isPositive();
            CompletableFuture<TcpStream> accepted = listener.accept().toCompletableFuture();
            TcpStream client = loop.blockOn(TcpStream.connect(loop, where, ConnectOptions.defaults().withNoDelay(true)));
            TcpStream server = loop.blockOn(accepted);
            assertThat(client.getOption(StandardSocketOptions.TCP_NODELAY)).isTrue();
            assertThat(server.peerAddress()).isEqualTo(client.localAddress());
            assertThat(client.peerAddress()).isEqualTo(where);

            loop.blockOn(client.writeAll(Buffer.of("ping")));
            Buffer in = Buffer.allocate(64);
            assertThat(loop.blockOn(server.read(in))).isEqualTo(4);
            assertThat(in.toString(StandardCharsets.UTF_8)).isEqualTo("ping");

            loop.blockOn(server.writeAll(Buffer.of("pong")));
            loop.blockOn(server.shutdown(Shutdown.WRITE)); // half-close: the client reads the end, may still write
            Buffer back = Buffer.allocate(64);
            assertThat(loop.blockOn(client.read(back))).isEqualTo(4);
            assertThat(loop.blockOn(client.read(back))).as("end of stream after the peer's FIN").isZero();
            loop.blockOn(client.writeAll(Buffer.of("still here")));
            in.clear();
            assertThat(loop.blockOn(server.read(in))).isEqualTo(10);

            loop.blockOn(client.close());
            in.clear();
            assertThat(loop.blockOn(server.read(in))).isZero();
            loop.blockOn(server.close());
            loop.blockOn(listener.close());
            assertThat(failure(loop, client.read(Buffer.allocate(8)))).isInstanceOf(ClosedChannelException.class);
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void megabytesBothWaysAtOnce() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            CompletableFuture<TcpStream> accepted = listener.accept().toCompletableFuture();
            TcpStream a = loop.blockOn(TcpStream.connect(loop, listener.localAddress(), ConnectOptions.defaults()));
            TcpStream b = loop.blockOn(accepted);
            byte[] payload = new byte[4 << 20];
            new java.util.Random(7).nextBytes(payload);
            CompletableFuture<Void> aSends = a.writeAll(Buffer.of(payload)).thenCompose(v -> a.shutdown(Shutdown.WRITE)).toCompletableFuture();
            CompletableFuture<Void> bSends = b.writeAll(Buffer.of(payload)).thenCompose(v -> b.shutdown(Shutdown.WRITE)).toCompletableFuture();
            CompletableFuture<byte[]> aGets = readAll(a).toCompletableFuture();
            CompletableFuture<byte[]> bGets = readAll(b).toCompletableFuture();
            loop.blockOn(CompletableFuture.allOf(aSends, bSends, aGets, bGets));
            assertThat(aGets.join()).isEqualTo(payload);
            assertThat(bGets.join()).isEqualTo(payload);
            loop.blockOn(a.close());
            loop.blockOn(b.close());
            loop.blockOn(listener.close());
        }
    }

    private static java.util.concurrent.CompletionStage<byte[]> readAll(TcpStream s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Buffer buf = Buffer.allocate(64 * 1024);
        return readLoop(s, buf, out).thenApply(v -> out.toByteArray());
    }

    private static java.util.concurrent.CompletionStage<Void> readLoop(TcpStream s, Buffer buf, java.io.ByteArrayOutputStream out) {
        buf.clear();
        return s.read(buf).thenCompose(n -> {
            if (n == 0) {
                return CompletableFuture.completedFuture(null);
            }
            out.writeBytes(buf.toByteArray());
            return readLoop(s, buf, out);
        });
    }

    @Test
    void interoperatesWithTheJdksChannels() throws Exception {
        try (EventLoop loop = EventLoop.open(); ServerSocketChannel jdk = ServerSocketChannel.open()) {
            assumeSockets(loop);
            jdk.bind(ANY_LOOPBACK);
            CompletableFuture<TcpStream> connected = TcpStream.connect(loop, (InetSocketAddress) jdk.getLocalAddress(), ConnectOptions.defaults())
                    .toCompletableFuture();
            loop.runNow(); // this thread drives the loop: hand the connect to the kernel before blocking in accept
            try (SocketChannel peer = jdk.accept()) {
                TcpStream ours = loop.blockOn(connected);
                peer.write(ByteBuffer.wrap("from the JDK".getBytes(StandardCharsets.UTF_8)));
                Buffer in = Buffer.allocate(64);
                assertThat(loop.blockOn(ours.read(in))).isEqualTo(12);
                loop.blockOn(ours.writeAll(Buffer.of("from rusticated")));
                ByteBuffer got = ByteBuffer.allocate(64);
                while (got.position() < 15) {
                    peer.read(got);
                }
                assertThat(new String(got.array(), 0, 15, StandardCharsets.UTF_8)).isEqualTo("from rusticated");
                loop.blockOn(ours.close());
            }
        }
    }

    @Test
    void connectionRefusedIsTheJdksConnectException() throws Exception {
        InetSocketAddress nobody;
        try (ServerSocketChannel s = ServerSocketChannel.open()) {
            s.bind(ANY_LOOPBACK);
            nobody = (InetSocketAddress) s.getLocalAddress(); // closed again: nothing listens there now
        }
        Throwable jdk = null;
        try (SocketChannel c = SocketChannel.open()) {
            c.connect(nobody);
        } catch (IOException e) {
            jdk = e;
        }
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            Throwable ours = failure(loop, TcpStream.connect(loop, nobody, ConnectOptions.defaults()));
            assertThat(ours).isExactlyInstanceOf(ConnectException.class).hasSameClassAs(jdk);
            assertThat(ours.getMessage()).isEqualTo(jdk.getMessage()).isEqualTo("Connection refused");
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void bindingAnAddressInUseIsTheJdksBindException() throws Exception {
        try (EventLoop loop = EventLoop.open(); ServerSocketChannel taken = ServerSocketChannel.open()) {
            assumeSockets(loop);
            taken.bind(ANY_LOOPBACK);
            InetSocketAddress busy = (InetSocketAddress) taken.getLocalAddress();
            Throwable jdk = null;
            try (ServerSocketChannel again = ServerSocketChannel.open()) {
                again.bind(busy);
            } catch (IOException e) {
                jdk = e;
            }
            assertThatThrownBy(() -> TcpListener.bind(loop, busy, ListenOptions.defaults()))
                    .isExactlyInstanceOf(BindException.class).hasSameClassAs(jdk).hasMessage(jdk.getMessage());
        }
    }

    @Test
    void aResetPeerFailsTheReadAsTheJdkDoes() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            CompletableFuture<TcpStream> accepted = listener.accept().toCompletableFuture();
            TcpStream client = loop.blockOn(TcpStream.connect(loop, listener.localAddress(), ConnectOptions.defaults()));
            TcpStream server = loop.blockOn(accepted);
            CompletableFuture<Integer> pending = server.read(Buffer.allocate(16)).toCompletableFuture();
            loop.runNow();
            loop.blockOn(client.closeWithReset());
            Throwable t = failure(loop, pending);
            assertThat(t).isInstanceOf(SocketException.class).hasMessage("Connection reset");
            // Writing to a reset connection fails too, and never kills the JVM with SIGPIPE.
            Throwable w = null;
            for (int i = 0; i < 10 && w == null; i++) {
                try {
                    loop.blockOn(server.writeAll(Buffer.of(new byte[64 * 1024])));
                } catch (CompletionException e) {
                    w = e.getCause();
                }
            }
            assertThat(w).isInstanceOf(IOException.class);
            loop.blockOn(server.close());
            loop.blockOn(listener.close());
        }
    }

    @Test
    void closingCancelsWhatIsPendingThenCloses() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            CompletableFuture<TcpStream> acceptPending = listener.accept().toCompletableFuture();
            loop.runNow();
            loop.blockOn(listener.close()); // on io_uring a close alone would leave the accept pending for ever
            assertThat(failure(loop, acceptPending)).isInstanceOf(AsynchronousCloseException.class);

            TcpListener l2 = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            CompletableFuture<TcpStream> accepted = l2.accept().toCompletableFuture();
            TcpStream client = loop.blockOn(TcpStream.connect(loop, l2.localAddress(), ConnectOptions.defaults()));
            TcpStream server = loop.blockOn(accepted);
            Buffer lent = Buffer.allocate(16);
            CompletableFuture<Integer> readPending = client.read(lent).toCompletableFuture();
            loop.runNow();
            loop.blockOn(client.close());
            assertThat(failure(loop, readPending)).isInstanceOf(AsynchronousCloseException.class);
            assertThat(lent.isLent()).isFalse();
            Buffer in = Buffer.allocate(16);
            assertThat(loop.blockOn(server.read(in))).as("the peer sees the close").isZero();
            loop.blockOn(server.close());
            loop.blockOn(l2.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void aCancelledAcceptClosesTheConnectionItGotAnyway() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            long before = openDescriptors();
            int discarded = 0;
            for (int i = 0; i < 200; i++) {
                try (SocketChannel peer = SocketChannel.open(listener.localAddress())) {
                    // Submitted and cancelled in the same turn: the kernel runs the ACCEPT (a connection
                    // is queued) before the cancel reaches it, so the accept completes after its cancel.
                    CompletableFuture<TcpStream> a = listener.accept().toCompletableFuture();
                    assertThat(a.cancel(true)).isTrue();
                    TcpStream won = null;
                    try {
                        won = loop.blockOn(a);
                    } catch (java.util.concurrent.CancellationException e) {
                        discarded++;
                    }
                    if (won != null) {
                        loop.blockOn(won.close());
                    }
                    // Either way the peer sees its connection closed: the loop closed what the accept made.
                    ByteBuffer one = ByteBuffer.allocate(1);
                    peer.socket().setSoTimeout(5000);
                    int r;
                    try {
                        r = peer.read(one);
                    } catch (IOException reset) {
                        r = -1;
                    }
                    assertThat(r).as("attempt %d", i).isEqualTo(-1);
                }
            }
            assertThat(discarded).as("accepts that completed after their cancel").isPositive();
            assertThat(openDescriptors()).as("no descriptor leaked").isEqualTo(before);
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    private static long openDescriptors() throws IOException {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void connectTimesOutAsAsked() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            // A listener with a full backlog lets SYNs go unanswered, so the connect hangs.
            TcpListener full = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults().withBacklog(1));
            List<SocketChannel> fillers = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(full.localAddress());
                    fillers.add(c);
                }
                Throwable t = failure(loop, TcpStream.connect(loop, full.localAddress(), ConnectOptions.defaults().withTimeout(Duration.ofMillis(300))));
                assertThat(t).isInstanceOf(java.net.SocketTimeoutException.class);
                assertThat(loop.inFlight()).isZero();
            } finally {
                for (SocketChannel c : fillers) {
                    c.close();
                }
                loop.blockOn(full.close());
            }
        }
    }

    @Test
    void lookupAndConnectByName() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            List<InetSocketAddress> all = loop.blockOn(Net.lookup(loop, "localhost", 7));
            assertThat(all).isNotEmpty().allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
            assertThat(failure(loop, Net.lookup(loop, "no-such-host.invalid", 1))).isInstanceOf(java.net.UnknownHostException.class);
            TcpListener listener = TcpListener.bind(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ListenOptions.defaults());
            CompletableFuture<TcpStream> accepted = listener.accept().toCompletableFuture();
            TcpStream c = loop.blockOn(TcpStream.connect(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.localAddress().getPort()),
                    ConnectOptions.defaults()));
            loop.blockOn(c.close());
            loop.blockOn(loop.blockOn(accepted).close());
            loop.blockOn(listener.close());
        }
    }

    @Test
    void optionsRoundTripAndUnsupportedOnesAreRefused() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            assertThat(listener.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
            CompletableFuture<TcpStream> accepted = listener.accept().toCompletableFuture();
            TcpStream c = loop.blockOn(TcpStream.connect(loop, listener.localAddress(), ConnectOptions.defaults()));
            c.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            assertThat(c.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            c.setOption(StandardSocketOptions.SO_LINGER, 5);
            assertThat(c.getOption(StandardSocketOptions.SO_LINGER)).isEqualTo(5);
            c.setOption(StandardSocketOptions.SO_LINGER, -1);
            assertThat(c.getOption(StandardSocketOptions.SO_LINGER)).isEqualTo(-1);
            assertThatThrownBy(() -> c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 3)).isInstanceOf(UnsupportedOperationException.class);
            loop.blockOn(c.close());
            loop.blockOn(loop.blockOn(accepted).close());
            loop.blockOn(listener.close());
        }
    }

    @Test
    void ipv6ListenerAcceptsIpv4ClientsUnlessV6Only() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            TcpListener dual;
            try {
                dual = TcpListener.bind(loop, new InetSocketAddress(InetAddress.getByName("::"), 0), ListenOptions.defaults());
            } catch (SocketException noIpv6) {
                assumeTrue(false, "no IPv6 here: " + noIpv6);
                return;
            }
            int port = dual.localAddress().getPort();
            CompletableFuture<TcpStream> accepted = dual.accept().toCompletableFuture();
            TcpStream v4 = loop.blockOn(TcpStream.connect(loop, new InetSocketAddress("127.0.0.1", port), ConnectOptions.defaults()));
            TcpStream server = loop.blockOn(accepted);
            assertThat(server.peerAddress().getAddress()).as("an IPv4-mapped peer reads as IPv4, as in the JDK")
                    .isInstanceOf(java.net.Inet4Address.class);
            loop.blockOn(v4.close());
            loop.blockOn(server.close());
            loop.blockOn(dual.close());
        }
    }
}
