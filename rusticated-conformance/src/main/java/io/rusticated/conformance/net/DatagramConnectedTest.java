package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.UdpSocket;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.NotYetConnectedException;

import static io.rusticated.conformance.net.Peers.ANY_LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the UDP fuzz: a datagram socket's connected state follows the JDK's DatagramChannel
 * rules: unconnected, a send or receive without an address fails with NotYetConnectedException
 * (rather than a receive from anyone that waits); connected, a second connect and a send to
 * another address fail with AlreadyConnectedException, while a send to the peer's own address goes.
 */
@Needs(Feature.SOCKETS)
class DatagramConnectedTest {
    @Test
    void theConnectedStateFollowsTheJdksRules() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            UdpSocket a = UdpSocket.bind(loop, ANY_LOOPBACK);
            UdpSocket b = UdpSocket.bind(loop, ANY_LOOPBACK);
            UdpSocket c = UdpSocket.bind(loop, ANY_LOOPBACK);
            var unconnected = a.recv(Buffer.allocate(8)).toCompletableFuture();
            Loopback.await(loop, unconnected.handle((v, e) -> null)); // fails the case if the receive waits
            assertThat(Failures.of(loop, unconnected)).isExactlyInstanceOf(NotYetConnectedException.class);
            assertThat(Failures.of(loop, a.send(Buffer.of("x")))).isExactlyInstanceOf(NotYetConnectedException.class);

            Loopback.await(loop, a.connect(b.localAddress()));
            assertThat(Failures.of(loop, a.connect(c.localAddress()))).isExactlyInstanceOf(AlreadyConnectedException.class);
            assertThat(Failures.of(loop, a.sendTo(Buffer.of("x"), c.localAddress()))).isExactlyInstanceOf(AlreadyConnectedException.class);
            assertThat(Loopback.await(loop, a.sendTo(Buffer.of("to b"), b.localAddress()))).isEqualTo(4);
            assertThat(Loopback.await(loop, b.recvFrom(Buffer.allocate(8))).length()).isEqualTo(4);
            Loopback.await(loop, a.close());
            Loopback.await(loop, b.close());
            Loopback.await(loop, c.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    /** The JDK's PortUnreachableException has no message (DatagramChannelImpl throws it bare); rusticated's gave the OS's text. */
    @Test
    void anUnreachablePeerIsTheJdksExceptionMessageAndAll() throws Exception {
        java.net.InetSocketAddress nobody = nobody();
        Throwable jdk;
        try (java.nio.channels.DatagramChannel c = java.nio.channels.DatagramChannel.open()) {
            c.bind(ANY_LOOPBACK).connect(nobody);
            c.write(java.nio.ByteBuffer.wrap(new byte[] {1}));
            jdk = org.assertj.core.api.Assertions.catchThrowable(() -> c.read(java.nio.ByteBuffer.allocate(8)));
        }
        try (EventLoop loop = EventLoop.open()) {
            UdpSocket udp = UdpSocket.bind(loop, ANY_LOOPBACK);
            Loopback.await(loop, udp.connect(nobody));
            Loopback.await(loop, udp.send(Buffer.of("x")));
            var r = udp.recv(Buffer.allocate(8)).toCompletableFuture();
            Loopback.await(loop, r.handle((v, e) -> null));
            Throwable ours = Failures.of(loop, r);
            assertThat(jdk).isExactlyInstanceOf(java.net.PortUnreachableException.class);
            assertThat(ours).isExactlyInstanceOf(jdk.getClass()).hasMessage(jdk.getMessage());
            Loopback.await(loop, udp.close());
        }
    }

    /** A port on 127.0.0.2 where nothing is bound. */
    private static java.net.InetSocketAddress nobody() throws java.io.IOException {
        try (java.nio.channels.DatagramChannel gone = java.nio.channels.DatagramChannel.open()) {
            gone.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), 0));
            return (java.net.InetSocketAddress) gone.getLocalAddress();
        }
    }
}
