package io.rusticated.linux.net;

import io.rusticated.io.Buffer;
import io.rusticated.net.Received;
import io.rusticated.net.UdpSocket;
import io.rusticated.net.UnixAddress;
import io.rusticated.net.UnixDatagram;
import io.rusticated.net.UnixListener;
import io.rusticated.net.UnixStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Opcode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** UDP and Unix-domain sockets through the loop; the JDK's DatagramChannel as a peer. */
class DatagramAndUnixTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @TempDir
    Path dir;

    private static Throwable failure(EventLoop loop, java.util.concurrent.CompletionStage<?> stage) {
        try {
            loop.blockOn(stage);
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("expected a failure");
    }

    private static void assumeSockets(EventLoop loop) {
        assumeTrue(loop.supports(Opcode.RECV_FROM), () -> "sockets are not served by " + loop.backend().name() + " yet");
    }

    @Test
    void datagramsBothWaysWithSendersAndTruncation() throws Exception {
        try (EventLoop loop = EventLoop.open(); DatagramChannel jdk = DatagramChannel.open()) {
            assumeSockets(loop);
            jdk.bind(ANY_LOOPBACK);
            UdpSocket udp = UdpSocket.bind(loop, ANY_LOOPBACK);
            InetSocketAddress ours = udp.localAddress();

            jdk.send(ByteBuffer.wrap("hello datagram".getBytes(StandardCharsets.UTF_8)), ours);
            Buffer in = Buffer.allocate(64);
            Received r = loop.blockOn(udp.recvFrom(in));
            assertThat(r.length()).isEqualTo(14);
            assertThat(r.truncated()).isFalse();
            assertThat(r.from()).isEqualTo(jdk.getLocalAddress());
            assertThat(in.toString(StandardCharsets.UTF_8)).isEqualTo("hello datagram");

            jdk.send(ByteBuffer.wrap(new byte[100]), ours);
            Received cut = loop.blockOn(udp.recvFrom(Buffer.allocate(10)));
            assertThat(cut.length()).isEqualTo(10);
            assertThat(cut.truncated()).as("the rest of a longer datagram is discarded, and said so").isTrue();

            assertThat(loop.blockOn(udp.sendTo(Buffer.of("back"), (InetSocketAddress) jdk.getLocalAddress()))).isEqualTo(4);
            ByteBuffer got = ByteBuffer.allocate(16);
            assertThat(jdk.receive(got)).isEqualTo(ours);
            assertThat(got.position()).isEqualTo(4);
            loop.blockOn(udp.close());
        }
    }

    @Test
    void aConnectedSocketLearnsThatThePeerIsUnreachableAsTheJdkSays() throws Exception {
        InetSocketAddress nobody;
        try (DatagramChannel gone = DatagramChannel.open()) {
            gone.bind(ANY_LOOPBACK);
            nobody = (InetSocketAddress) gone.getLocalAddress();
        }
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            UdpSocket udp = UdpSocket.bind(loop, ANY_LOOPBACK);
            loop.blockOn(udp.connect(nobody));
            loop.blockOn(udp.send(Buffer.of("anyone?")));
            Throwable t = failure(loop, udp.recv(Buffer.allocate(16)));
            assertThat(t).isInstanceOf(PortUnreachableException.class);
            loop.blockOn(udp.close());
        }
    }

    @Test
    void unixStreamOverAPathAndAnAbstractName() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            for (UnixAddress address : new UnixAddress[] {UnixAddress.of(dir.resolve("sock")), UnixAddress.abstractName("rusticated-test-" + ProcessHandle.current().pid())}) {
                UnixListener listener = UnixListener.bind(loop, address, 16);
                assertThat(listener.localAddress()).isEqualTo(address);
                CompletableFuture<UnixStream> accepted = listener.accept().toCompletableFuture();
                UnixStream client = loop.blockOn(UnixStream.connect(loop, address));
                UnixStream server = loop.blockOn(accepted);
                assertThat(server.localAddress()).isEqualTo(address);
                assertThat(client.peerAddress()).isEqualTo(address);
                loop.blockOn(client.writeAll(Buffer.of("over " + address)));
                Buffer in = Buffer.allocate(128);
                assertThat(loop.blockOn(server.read(in))).isPositive();
                assertThat(in.toString(StandardCharsets.UTF_8)).isEqualTo("over " + address);
                loop.blockOn(client.close());
                loop.blockOn(server.close());
                loop.blockOn(listener.close());
            }
            assertThat(Files.exists(dir.resolve("sock"))).as("the socket file stays, as the JDK leaves it").isTrue();
            assertThatThrownBy(() -> UnixListener.bind(loop, UnixAddress.of(dir.resolve("sock")), 16))
                    .isInstanceOf(BindException.class).hasMessage("Address already in use");
            assertThatThrownBy(() -> UnixListener.bind(loop, UnixAddress.of(dir.resolve("x".repeat(200))), 16))
                    .isInstanceOf(SocketException.class).hasMessage("Unix domain path too long");
            Throwable refused = failure(loop, UnixStream.connect(loop, UnixAddress.of(dir.resolve("nobody"))));
            assertThat(refused).isInstanceOf(java.net.SocketException.class);
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void unixDatagramsCarryTheirSender() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            UnixAddress a = UnixAddress.of(dir.resolve("a"));
            UnixAddress b = UnixAddress.of(dir.resolve("b"));
            UnixDatagram da = UnixDatagram.bind(loop, a);
            UnixDatagram db = UnixDatagram.bind(loop, b);
            assertThat(loop.blockOn(da.sendTo(Buffer.of("to b"), b))).isEqualTo(4);
            Buffer in = Buffer.allocate(16);
            Received r = loop.blockOn(db.recvFrom(in));
            assertThat(r.from()).isEqualTo(a);
            assertThat(in.toString(StandardCharsets.UTF_8)).isEqualTo("to b");
            UnixDatagram anonymous = UnixDatagram.bind(loop, UnixAddress.unnamed());
            loop.blockOn(anonymous.sendTo(Buffer.of("?"), b));
            Received fromNobody = loop.blockOn(db.recvFrom(Buffer.allocate(4)));
            assertThat(((UnixAddress) fromNobody.from()).isUnnamed()).isTrue();
            for (UnixDatagram d : new UnixDatagram[] {da, db, anonymous}) {
                loop.blockOn(d.close());
            }
        }
    }

    @Test
    void unresolvedAndForeignAddressesAreRefusedBeforeTheOsSeesThem() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            assumeSockets(loop);
            UdpSocket udp = UdpSocket.bind(loop, ANY_LOOPBACK);
            assertThatThrownBy(() -> udp.sendTo(Buffer.of("x"), InetSocketAddress.createUnresolved("example.com", 9)))
                    .isInstanceOf(java.nio.channels.UnresolvedAddressException.class);
            assertThatThrownBy(() -> UdpSocket.bind(loop, InetSocketAddress.createUnresolved("localhost", 0)))
                    .isInstanceOf(java.nio.channels.UnresolvedAddressException.class);
            loop.blockOn(udp.close());
        }
    }
}
