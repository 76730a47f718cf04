package io.rusticated.bench.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every echo server of the networking benchmark, briefly and in-process: it echoes 64 B and 16 KiB
 * messages byte for byte on several connections, survives a client's reset, and counts what it
 * accepted. No timing: a broken server, not a slow one, fails here.
 */
class EchoServersTest {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @ParameterizedTest
    @ValueSource(strings = {"rusticated-futures", "rusticated-ops", "rusticated-multi", "netty-io_uring", "netty-epoll",
            "jdk-selector", "jdk-aio"})
    void echoesEveryByteOnEachConnectionAndSurvivesAReset(String kind) throws Exception {
        assumeNettyTransport(kind);
        try (EchoServer server = EchoServer.start(kind, 0)) {
            Random random = new Random(kind.hashCode());
            SocketChannel[] clients = new SocketChannel[3];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = connect(server.port());
            }
            for (int round = 0; round < 3; round++) {
                for (SocketChannel c : clients) {
                    for (int size : new int[]{64, 16384, 200_000}) {
                        byte[] message = new byte[size];
                        random.nextBytes(message);
                        assertThat(echo(c, message)).as("%s echoing %d bytes", kind, size).isEqualTo(message);
                    }
                }
            }
            // A reset by a client (as the load generator closes) costs that connection only.
            clients[0].setOption(StandardSocketOptions.SO_LINGER, 0);
            clients[0].close();
            try (SocketChannel late = connect(server.port())) {
                byte[] message = "still serving".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                assertThat(echo(late, message)).isEqualTo(message);
                assertThat(echo(clients[1], message)).isEqualTo(message);
            }
            clients[1].close();
            clients[2].close();
            assertThat(server.accepted()).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"rusticated-idle-pooled", "rusticated-idle-plain"})
    void idleServersKeepAReadPendingOnEveryConnection(String kind) throws Exception {
        try (EchoServer server = EchoServer.start(kind, 0)) {
            SocketChannel[] clients = new SocketChannel[20];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = connect(server.port());
            }
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.accepted() < clients.length && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertThat(server.accepted()).isEqualTo(clients.length);
            // Data on an idle connection is read (and dropped); the end of the stream closes it.
            clients[0].write(ByteBuffer.wrap(new byte[100]));
            clients[0].shutdownOutput();
            clients[0].configureBlocking(true);
            assertThat(clients[0].read(ByteBuffer.allocate(10))).isEqualTo(-1);
            for (SocketChannel c : clients) {
                c.close();
            }
        }
    }

    @Test
    void anUnknownKindIsRefusedWithTheKnownOnes() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> EchoServer.start("nope", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rusticated-ops");
    }

    static void assumeNettyTransport(String kind) {
        if (kind.equals("netty-io_uring")) {
            assumeTrue(io.netty.channel.uring.IoUring.isAvailable(), () -> "Netty io_uring: " + io.netty.channel.uring.IoUring.unavailabilityCause());
        } else if (kind.equals("netty-epoll")) {
            assumeTrue(io.netty.channel.epoll.Epoll.isAvailable(), () -> "Netty epoll: " + io.netty.channel.epoll.Epoll.unavailabilityCause());
        }
    }

    static SocketChannel connect(int port) throws IOException {
        SocketChannel c = SocketChannel.open(new InetSocketAddress(LOOPBACK, port));
        c.setOption(StandardSocketOptions.TCP_NODELAY, true);
        return c;
    }

    /** Sends the message while reading the echo (a large one does not fit the socket buffers), returns what came back. */
    static byte[] echo(SocketChannel c, byte[] message) throws IOException {
        c.configureBlocking(false);
        ByteBuffer out = ByteBuffer.wrap(message);
        ByteBuffer in = ByteBuffer.allocate(message.length);
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (in.hasRemaining()) {
            int wrote = out.hasRemaining() ? c.write(out) : 0;
            int n = c.read(in);
            if (n < 0) {
                throw new IOException("the server closed the connection after " + in.position() + " of " + message.length + " bytes");
            }
            if (n == 0 && System.nanoTime() > deadline) {
                throw new IOException("no echo after 20 s: " + in.position() + " of " + message.length + " bytes");
            }
            if (n == 0 && wrote == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
            }
        }
        return in.array();
    }
}
