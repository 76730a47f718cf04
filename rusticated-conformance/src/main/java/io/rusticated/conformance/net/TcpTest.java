package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.ConnectOptions;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.Net;
import io.rusticated.net.Shutdown;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import io.rusticated.signal.SignalListener;
import io.rusticated.signal.Signals;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import static io.rusticated.conformance.net.Peers.ANY_LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * TCP on loopback through the loop, with the JDK's own channels as the peer and as the oracle of
 * what errors look like: echo, half-close, bulk both ways, refused and reset connections, a
 * reset peer never raising SIGPIPE, timeouts, options, names, IPv6 with IPv4 clients.
 */
@Needs(Feature.SOCKETS)
class TcpTest {
    @Test
    void echoBothWaysThenHalfCloseThenClose() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
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
            assertThat(loop.blockOn(client.read(back))).as("and again: the end is not an error").isZero();
            loop.blockOn(client.writeAll(Buffer.of("still here")));
            in.clear();
            assertThat(loop.blockOn(server.read(in))).isEqualTo(10);

            loop.blockOn(client.close());
            in.clear();
            assertThat(loop.blockOn(server.read(in))).isZero();
            loop.blockOn(server.close());
            loop.blockOn(listener.close());
            assertThat(Failures.of(loop, client.read(Buffer.allocate(8)))).isInstanceOf(ClosedChannelException.class);
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void megabytesBothWaysAtOnce() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Peers.Pair p = Peers.connect(loop, listener);
            TcpStream a = p.client();
            TcpStream b = p.server();
            byte[] payload = new byte[4 << 20];
            new java.util.Random(7).nextBytes(payload);
            CompletableFuture<Void> aSends = a.writeAll(Buffer.of(payload)).thenCompose(v -> a.shutdown(Shutdown.WRITE)).toCompletableFuture();
            CompletableFuture<Void> bSends = b.writeAll(Buffer.of(payload)).thenCompose(v -> b.shutdown(Shutdown.WRITE)).toCompletableFuture();
            CompletableFuture<byte[]> aGets = readAll(a).toCompletableFuture();
            CompletableFuture<byte[]> bGets = readAll(b).toCompletableFuture();
            loop.blockOn(CompletableFuture.allOf(aSends, bSends, aGets, bGets));
            assertThat(aGets.join()).isEqualTo(payload);
            assertThat(bGets.join()).isEqualTo(payload);
            p.close(loop);
            loop.blockOn(listener.close());
        }
    }

    static CompletionStage<byte[]> readAll(TcpStream s) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        Buffer buf = Buffer.allocate(64 * 1024);
        return readLoop(s, buf, out).thenApply(v -> out.toByteArray());
    }

    private static CompletionStage<Void> readLoop(TcpStream s, Buffer buf, java.io.ByteArrayOutputStream out) {
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
            jdk.bind(ANY_LOOPBACK);
            CompletableFuture<TcpStream> connected = TcpStream.connect(loop, (InetSocketAddress) jdk.getLocalAddress(), ConnectOptions.defaults())
                    .toCompletableFuture();
            loop.runNow(); // this thread drives the loop: hand the connect to the OS before blocking in accept
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
            Throwable ours = Failures.of(loop, TcpStream.connect(loop, nobody, ConnectOptions.defaults()));
            assertThat(ours).isExactlyInstanceOf(ConnectException.class).hasSameClassAs(jdk);
            assertThat(ours.getMessage()).isEqualTo(jdk.getMessage()).isEqualTo("Connection refused");
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void bindingAnAddressInUseIsTheJdksBindException() throws Exception {
        try (EventLoop loop = EventLoop.open(); ServerSocketChannel taken = ServerSocketChannel.open()) {
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
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Peers.Pair p = Peers.connect(loop, listener);
            CompletableFuture<Integer> pending = p.server().read(Buffer.allocate(16)).toCompletableFuture();
            loop.runNow();
            loop.blockOn(p.client().closeWithReset());
            assertThat(Failures.of(loop, pending)).isInstanceOf(SocketException.class).hasMessage("Connection reset");
            assertThat(writesUntilTwoFail(loop, p.server())).allSatisfy(w -> assertThat(w).isInstanceOf(IOException.class));
            loop.blockOn(p.server().close());
            loop.blockOn(listener.close());
        }
    }

    /**
     * A write to a connection the peer reset fails (first "Connection reset by peer", then "Broken
     * pipe"), and the OS raises no SIGPIPE: sends say MSG_NOSIGNAL, or the socket SO_NOSIGPIPE. The
     * JVM ignores SIGPIPE by default, so a listener for it is what would see one.
     */
    @Test
    @Needs(Feature.POSIX_SIGNALS)
    void writingToAResetConnectionNeverRaisesSigpipe() throws Exception {
        try (EventLoop loop = EventLoop.open(); SignalListener pipe = Signals.listen(loop, Signal.PIPE)) {
            CompletableFuture<Signal> raised = pipe.next().toCompletableFuture();
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Peers.Pair p = Peers.connect(loop, listener);
            loop.blockOn(p.client().closeWithReset());
            List<Throwable> failed = writesUntilTwoFail(loop, p.server());
            assertThat(failed).as("the second failure is a write on a connection already known broken (EPIPE)").hasSize(2);
            // A SIGPIPE would be raised in the failing write itself and reach the listener through the
            // JVM's signal thread within milliseconds; a second is a generous wait for it.
            loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + Duration.ofSeconds(1).toNanos()));
            assertThat(raised).as("SIGPIPE raised by a write").isNotDone();
            loop.blockOn(p.server().close());
            loop.blockOn(listener.close());
        }
    }

    /** Writes 64 KiB at a time until two writes failed (the first ones may go out before the reset arrives). */
    private static List<Throwable> writesUntilTwoFail(EventLoop loop, TcpStream s) {
        List<Throwable> failed = new ArrayList<>();
        for (int i = 0; i < 20 && failed.size() < 2; i++) {
            try {
                loop.blockOn(s.writeAll(Buffer.of(new byte[64 * 1024])));
            } catch (CompletionException e) {
                failed.add(e.getCause());
            }
        }
        return failed;
    }

    /**
     * An accept cancelled in the turn it was submitted loses no connection and leaks nothing. On
     * io_uring the kernel accepts before the cancel reaches it, so the accept completes after its
     * cancel and the loop closes the connection it made; a readiness backend withdraws the accept
     * before trying it, and the connection waits in the backlog for the next accept. Either way every
     * client ends up with its connection closed, here or by the loop.
     */
    @Test
    @Needs(Feature.OPEN_DESCRIPTORS)
    void aCancelledAcceptLosesNoConnectionAndLeaksNothing() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            // The JDK's first socket leaves a Unix-domain socket of its own open for good (seen
            // here when this case ran first): make it before counting.
            try (Socket warm = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort())) {
                loop.blockOn(loop.blockOn(listener.accept()).close());
            }
            long before = Peers.openDescriptors();
            List<Socket> clients = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                Socket client = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
                client.setSoTimeout(10_000); // only so a broken loop fails the test instead of hanging it
                clients.add(client);
                CompletableFuture<TcpStream> a = listener.accept().toCompletableFuture();
                assertThat(a.cancel(true)).isTrue();
                try {
                    loop.blockOn(loop.blockOn(a).close()); // the accept won the race: close what it got
                } catch (CancellationException e) {
                    // cancelled: the loop closed what it accepted, or the connection still waits in the backlog
                }
            }
            Socket last = new Socket(listener.localAddress().getAddress(), listener.localAddress().getPort());
            InetSocketAddress lastAddress = (InetSocketAddress) last.getLocalSocketAddress();
            int waiting = 0;
            for (;;) {
                TcpStream s = loop.blockOn(listener.accept());
                boolean isLast = s.peerAddress().equals(lastAddress);
                loop.blockOn(s.close());
                if (isLast) {
                    break;
                }
                waiting++;
            }
            assertThat(waiting).as("connections left in the backlog").isBetween(0, clients.size());
            for (Socket client : clients) {
                int r;
                try {
                    r = client.getInputStream().read();
                } catch (SocketException reset) {
                    r = -1;
                }
                assertThat(r).as("every client sees its connection closed").isEqualTo(-1);
                client.close();
            }
            last.close();
            assertThat(Peers.openDescriptors()).as("no descriptor leaked").isEqualTo(before);
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void connectTimesOutAsAskedAndItsSocketIsClosed() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            // A listener with a full backlog lets SYNs go unanswered, so the connect hangs.
            TcpListener full = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults().withBacklog(1));
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(full.localAddress());
                    fillers.add(c);
                }
                Throwable t = Failures.of(loop, TcpStream.connect(loop, full.localAddress(), ConnectOptions.defaults().withTimeout(Duration.ofMillis(300))));
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
            List<InetSocketAddress> all = loop.blockOn(Net.lookup(loop, "localhost", 7));
            assertThat(all).isNotEmpty().allSatisfy(a -> assertThat(a.getAddress().isLoopbackAddress()).isTrue());
            assertThat(Failures.of(loop, Net.lookup(loop, "no-such-host.invalid", 1))).isInstanceOf(java.net.UnknownHostException.class);
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
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            assertThat(listener.getOption(StandardSocketOptions.SO_REUSEADDR)).isTrue();
            Peers.Pair p = Peers.connect(loop, listener);
            TcpStream c = p.client();
            c.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
            assertThat(c.getOption(StandardSocketOptions.SO_KEEPALIVE)).isTrue();
            c.setOption(StandardSocketOptions.SO_LINGER, 5);
            assertThat(c.getOption(StandardSocketOptions.SO_LINGER)).isEqualTo(5);
            c.setOption(StandardSocketOptions.SO_LINGER, -1);
            assertThat(c.getOption(StandardSocketOptions.SO_LINGER)).isEqualTo(-1);
            assertThatThrownBy(() -> c.setOption(StandardSocketOptions.IP_MULTICAST_TTL, 3)).isInstanceOf(UnsupportedOperationException.class);
            p.close(loop);
            loop.blockOn(listener.close());
        }
    }

    @Test
    void ipv6ListenerAcceptsIpv4ClientsUnlessV6Only() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
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
