package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.Received;
import io.rusticated.net.UdpSocket;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;

import static io.rusticated.conformance.net.Peers.ANY_LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** UDP through the loop; the JDK's DatagramChannel as the peer. */
@Needs(Feature.SOCKETS)
class DatagramTest {
    @Test
    void datagramsBothWaysWithSendersAndTruncation() throws Exception {
        try (EventLoop loop = EventLoop.open(); DatagramChannel jdk = DatagramChannel.open()) {
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

    /** A datagram waits for its receive: the receive is pending first, the datagram comes later. */
    @Test
    void aReceiveWaitsForTheDatagram() throws Exception {
        try (EventLoop loop = EventLoop.open(); DatagramChannel jdk = DatagramChannel.open()) {
            jdk.bind(ANY_LOOPBACK);
            UdpSocket udp = UdpSocket.bind(loop, ANY_LOOPBACK);
            Buffer in = Buffer.allocate(64);
            var pending = udp.recvFrom(in).toCompletableFuture();
            loop.runNow();
            assertThat(pending).isNotDone();
            jdk.send(ByteBuffer.wrap("late".getBytes(StandardCharsets.UTF_8)), udp.localAddress());
            assertThat(loop.blockOn(pending).length()).isEqualTo(4);
            assertThat(in.toString(StandardCharsets.UTF_8)).isEqualTo("late");
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
            UdpSocket udp = UdpSocket.bind(loop, ANY_LOOPBACK);
            loop.blockOn(udp.connect(nobody));
            loop.blockOn(udp.send(Buffer.of("anyone?")));
            assertThat(Failures.of(loop, udp.recv(Buffer.allocate(16)))).isInstanceOf(PortUnreachableException.class);
            loop.blockOn(udp.close());
        }
    }

    @Test
    void unresolvedAddressesAreRefusedBeforeTheOsSeesThem() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            UdpSocket udp = UdpSocket.bind(loop, ANY_LOOPBACK);
            assertThatThrownBy(() -> udp.sendTo(Buffer.of("x"), InetSocketAddress.createUnresolved("example.com", 9)))
                    .isInstanceOf(UnresolvedAddressException.class);
            assertThatThrownBy(() -> UdpSocket.bind(loop, InetSocketAddress.createUnresolved("localhost", 0)))
                    .isInstanceOf(UnresolvedAddressException.class);
            loop.blockOn(udp.close());
        }
    }
}
