package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.Received;
import io.rusticated.net.UdpSocket;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.rusticated.conformance.net.Peers.ANY_LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code UdpSocket.disconnect} does what the JDK's {@code DatagramChannel.disconnect} does, the
 * same steps played on both and their outcomes compared: after it the socket receives from anyone
 * (a third socket) and sends only with an address (a send without one fails with
 * NotYetConnectedException), keeps its local address (Linux forgets a port the OS chose; the JDK
 * binds it again), can connect again; on an unconnected or closed socket it does nothing. A
 * receive pending for the peer when it is called is not given a stranger's datagram: the
 * disconnect waits for it ("will block until any such operation is complete").
 */
@Needs(Feature.SOCKETS)
class DatagramDisconnectTest {
    /** The steps, each outcome a line; {@code local} is where the disconnected socket binds. */
    private interface World {
        Object open(InetSocketAddress local) throws Exception;

        InetSocketAddress local(Object s) throws Exception;

        void connect(Object s, InetSocketAddress to) throws Exception;

        void disconnect(Object s) throws Exception;

        void sendTo(Object s, byte[] data, InetSocketAddress to) throws Exception;

        void send(Object s, byte[] data) throws Exception;

        /** One datagram: its text and sender. */
        String receive(Object s) throws Exception;

        void close(Object s) throws Exception;
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "0.0.0.0"})
    void disconnectDoesWhatTheJdksDoes(String bindTo) throws Exception {
        InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(bindTo), 0);
        List<String> jdk = play(new Jdk(), local);
        List<String> ours;
        try (EventLoop loop = EventLoop.open()) {
            ours = play(new Rusticated(loop), local);
            assertThat(loop.inFlight()).isZero();
        }
        assertThat(ours).isEqualTo(jdk);
    }

    private static List<String> play(World w, InetSocketAddress local) throws Exception {
        List<String> out = new ArrayList<>();
        Object a = w.open(local);
        Object b = w.open(ANY_LOOPBACK);
        Object c = w.open(ANY_LOOPBACK);
        InetSocketAddress before = w.local(a);
        InetSocketAddress aTo = new InetSocketAddress(InetAddress.getLoopbackAddress(), before.getPort());
        out.add("disconnect unconnected -> " + outcome(() -> w.disconnect(a)));
        out.add("connect a -> b -> " + outcome(() -> w.connect(a, w.local(b))));
        out.add("disconnect -> " + outcome(() -> w.disconnect(a)));
        out.add("local address kept -> " + w.local(a).equals(before));
        out.add("send without an address -> " + outcome(() -> w.send(a, bytes("x"))));
        w.sendTo(c, bytes("from c"), aTo);
        out.add("receive -> " + (w.receive(a).equals("from c from " + w.local(c)) ? "c's datagram" : "something else"));
        out.add("send to c -> " + outcome(() -> w.sendTo(a, bytes("to c"), w.local(c))));
        out.add("c receives -> " + (w.receive(c).equals("to c from " + aTo) ? "a's datagram" : "something else"));
        out.add("disconnect again -> " + outcome(() -> w.disconnect(a)));
        out.add("connect a -> c -> " + outcome(() -> w.connect(a, w.local(c))));
        out.add("send -> " + outcome(() -> w.send(a, bytes("again"))));
        out.add("c receives -> " + (w.receive(c).equals("again from " + aTo) ? "a's datagram" : "something else"));
        w.close(a);
        out.add("disconnect closed -> " + outcome(() -> w.disconnect(a)));
        w.close(b);
        w.close(c);
        return out;
    }

    /**
     * An ICMP port unreachable pending for the old peer when the socket disconnects is not the
     * next send's or receive's failure: the JDK's unconnected send and receive pass over it
     * (its send then claims a datagram the OS refused; rusticated's disconnect clears the error, so
     * the datagram goes).
     */
    @Test
    void anUnreachablePeersErrorDoesNotOutliveTheDisconnect() throws Exception {
        InetSocketAddress nobody = nobody();
        List<String> jdk = playPendingError(new Jdk(), nobody);
        List<String> ours;
        try (EventLoop loop = EventLoop.open()) {
            ours = playPendingError(new Rusticated(loop), nobody);
            assertThat(loop.inFlight()).isZero();
        }
        assertThat(ours).isEqualTo(jdk);
    }

    private static List<String> playPendingError(World w, InetSocketAddress nobody) throws Exception {
        List<String> out = new ArrayList<>();
        Object sends = w.open(ANY_LOOPBACK);
        Object receives = w.open(ANY_LOOPBACK);
        Object c = w.open(ANY_LOOPBACK);
        for (Object s : new Object[] {sends, receives}) {
            w.connect(s, nobody);
            w.send(s, bytes("x")); // loopback answers with the ICMP port unreachable within the send
            out.add("disconnect -> " + outcome(() -> w.disconnect(s)));
        }
        out.add("send to c -> " + outcome(() -> w.sendTo(sends, bytes("to c"), w.local(c))));
        w.sendTo(c, bytes("from c"), w.local(receives));
        out.add("receive -> " + (w.receive(receives).equals("from c from " + w.local(c)) ? "c's datagram" : "something else"));
        for (Object s : new Object[] {sends, receives, c}) {
            w.close(s);
        }
        return out;
    }

    /** A port on 127.0.0.2 where nothing is bound. */
    private static InetSocketAddress nobody() throws java.io.IOException {
        try (DatagramChannel gone = DatagramChannel.open()) {
            gone.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), 0));
            return (InetSocketAddress) gone.getLocalAddress();
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static String outcome(Step step) {
        try {
            step.run();
            return "ok";
        } catch (Exception e) {
            Throwable t = Failures.unwrap(e);
            return "fail " + t.getClass().getName();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The JDK's blocking DatagramChannel. */
    private static final class Jdk implements World {
        @Override
        public Object open(InetSocketAddress local) throws Exception {
            return DatagramChannel.open(java.net.StandardProtocolFamily.INET).bind(local);
        }

        @Override
        public InetSocketAddress local(Object s) throws Exception {
            return (InetSocketAddress) ((DatagramChannel) s).getLocalAddress();
        }

        @Override
        public void connect(Object s, InetSocketAddress to) throws Exception {
            ((DatagramChannel) s).connect(to);
        }

        @Override
        public void disconnect(Object s) throws Exception {
            ((DatagramChannel) s).disconnect();
        }

        @Override
        public void sendTo(Object s, byte[] data, InetSocketAddress to) throws Exception {
            ((DatagramChannel) s).send(ByteBuffer.wrap(data), to);
        }

        @Override
        public void send(Object s, byte[] data) throws Exception {
            ((DatagramChannel) s).write(ByteBuffer.wrap(data));
        }

        @Override
        public String receive(Object s) throws Exception {
            ByteBuffer into = ByteBuffer.allocate(64);
            Object from = ((DatagramChannel) s).receive(into);
            return new String(into.array(), 0, into.position(), java.nio.charset.StandardCharsets.US_ASCII) + " from " + from;
        }

        @Override
        public void close(Object s) throws Exception {
            ((DatagramChannel) s).close();
        }
    }

    /** rusticated's UdpSocket on a loop. */
    private record Rusticated(EventLoop loop) implements World {
        @Override
        public Object open(InetSocketAddress local) throws Exception {
            return UdpSocket.bind(loop, local);
        }

        @Override
        public InetSocketAddress local(Object s) throws Exception {
            return ((UdpSocket) s).localAddress();
        }

        @Override
        public void connect(Object s, InetSocketAddress to) throws Exception {
            Loopback.await(loop, ((UdpSocket) s).connect(to));
        }

        @Override
        public void disconnect(Object s) throws Exception {
            Loopback.await(loop, ((UdpSocket) s).disconnect());
        }

        @Override
        public void sendTo(Object s, byte[] data, InetSocketAddress to) throws Exception {
            Loopback.await(loop, ((UdpSocket) s).sendTo(Buffer.of(data), to));
        }

        @Override
        public void send(Object s, byte[] data) throws Exception {
            Loopback.await(loop, ((UdpSocket) s).send(Buffer.of(data)));
        }

        @Override
        public String receive(Object s) throws Exception {
            Buffer into = Buffer.allocate(64);
            Received r = Loopback.await(loop, ((UdpSocket) s).recvFrom(into));
            byte[] got = new byte[r.length()];
            for (int i = 0; i < got.length; i++) {
                got[i] = into.get(i);
            }
            return new String(got, java.nio.charset.StandardCharsets.US_ASCII) + " from " + r.from();
        }

        @Override
        public void close(Object s) throws Exception {
            Loopback.await(loop, ((UdpSocket) s).close());
        }
    }

    /**
     * A receive pending for the peer when the disconnect is called keeps the connected rule: a
     * stranger's datagram does not complete it, the disconnect waits for it, and both complete
     * with the peer's datagram (the stranger's is dropped, as a connected socket's). The JDK's half: its disconnect blocks until the read is complete.
     */
    @Test
    void aReceivePendingForThePeerIsNotGivenAStrangersDatagram() throws Exception {
        try (DatagramChannel a = DatagramChannel.open().bind(ANY_LOOPBACK);
             DatagramChannel b = DatagramChannel.open().bind(ANY_LOOPBACK);
             DatagramChannel c = DatagramChannel.open().bind(ANY_LOOPBACK)) {
            a.connect(b.getLocalAddress());
            ByteBuffer into = ByteBuffer.allocate(16);
            Thread reader = Thread.ofPlatform().start(() -> {
                try {
                    a.read(into);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(100); // the read is under way
            Thread disconnecter = Thread.ofPlatform().start(() -> {
                try {
                    a.disconnect();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            c.send(ByteBuffer.wrap(bytes("stranger")), a.getLocalAddress());
            Thread.sleep(100);
            assertThat(disconnecter.isAlive()).as("the JDK's disconnect waits for the read").isTrue();
            b.send(ByteBuffer.wrap(bytes("peer")), a.getLocalAddress());
            reader.join(Loopback.LIMIT.toMillis());
            disconnecter.join(Loopback.LIMIT.toMillis());
            assertThat(new String(into.array(), 0, into.position(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("peer");
            assertThat(a.isConnected()).isFalse();
        }
        try (EventLoop loop = EventLoop.open()) {
            UdpSocket a = UdpSocket.bind(loop, ANY_LOOPBACK);
            UdpSocket b = UdpSocket.bind(loop, ANY_LOOPBACK);
            UdpSocket c = UdpSocket.bind(loop, ANY_LOOPBACK);
            Loopback.await(loop, a.connect(b.localAddress()));
            Buffer into = Buffer.allocate(16);
            CompletableFuture<Integer> read = a.recv(into).toCompletableFuture();
            Loopback.settle(loop);
            CompletableFuture<Void> disconnect = a.disconnect().toCompletableFuture();
            Loopback.await(loop, c.sendTo(Buffer.of(bytes("stranger")), a.localAddress()));
            Loopback.settle(loop);
            assertThat(read).as("the pending receive, given no stranger's datagram").isNotDone();
            assertThat(disconnect).as("the disconnect, waiting for it").isNotDone();
            Loopback.await(loop, b.sendTo(Buffer.of(bytes("peer")), a.localAddress()));
            assertThat(Loopback.await(loop, read)).isEqualTo(4);
            Loopback.await(loop, disconnect);
            assertThat(into.get(0)).isEqualTo((byte) 'p');
            Loopback.await(loop, c.sendTo(Buffer.of(bytes("stranger")), a.localAddress()));
            Received stranger = Loopback.await(loop, a.recvFrom(Buffer.allocate(16)));
            assertThat(stranger.from()).as("disconnected: from anyone").isEqualTo(c.localAddress());
            for (UdpSocket s : new UdpSocket[] {a, b, c}) {
                Loopback.await(loop, s.close());
            }
            assertThat(loop.inFlight()).isZero();
        }
    }
}
