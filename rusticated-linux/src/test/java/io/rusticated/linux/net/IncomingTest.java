package io.rusticated.linux.net;

import io.rusticated.io.Buffer;
import io.rusticated.net.Incoming;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Opcode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** A listener's connections as a stream: multishot accept on io_uring, with a bounded queue. */
class IncomingTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void manyClientsEachGetTheirOwnConnectionThroughABoundedQueue() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            assumeTrue(loop.supports(Opcode.ACCEPT), () -> "sockets are not served by " + loop.backend().name() + " yet");
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Incoming<TcpStream> incoming = listener.incoming(4);
            if (loop.backend().name().equals("io_uring")) {
                assertThat(incoming.isMultishot()).as("Linux 5.19+ accepts with one multishot request").isTrue();
            }
            List<SocketChannel> clients = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                SocketChannel c = SocketChannel.open(listener.localAddress());
                c.write(ByteBuffer.wrap(("client " + i).getBytes(StandardCharsets.UTF_8)));
                clients.add(c);
                loop.runNow(); // the queue fills, accepting stops, and resumes as next() drains it
            }
            List<String> heard = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                TcpStream s = loop.blockOn(incoming.next());
                Buffer b = Buffer.allocate(32);
                loop.blockOn(s.read(b));
                heard.add(b.toString(StandardCharsets.UTF_8));
                loop.blockOn(s.close());
            }
            assertThat(heard).hasSize(40).doesNotHaveDuplicates().allSatisfy(h -> assertThat(h).startsWith("client "));
            CompletableFuture<TcpStream> waiting = incoming.next().toCompletableFuture();
            loop.runNow();
            loop.blockOn(incoming.close());
            try {
                loop.blockOn(waiting);
                throw new AssertionError("a next() waiting at close must fail");
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(AsynchronousCloseException.class);
            }
            for (SocketChannel c : clients) {
                c.close();
            }
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void closingWithConnectionsQueuedClosesThem() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            assumeTrue(loop.supports(Opcode.ACCEPT), () -> "sockets are not served by " + loop.backend().name() + " yet");
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Incoming<TcpStream> incoming = listener.incoming(8);
            List<SocketChannel> clients = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                clients.add(SocketChannel.open(listener.localAddress()));
            }
            for (int i = 0; i < 5; i++) {
                loop.runNow();
            }
            loop.blockOn(incoming.close());
            for (SocketChannel c : clients) {
                int r;
                try {
                    r = c.read(ByteBuffer.allocate(1));
                } catch (IOException reset) {
                    r = -1;
                }
                assertThat(r).as("a queued connection was closed with the stream").isEqualTo(-1);
                c.close();
            }
            loop.blockOn(listener.close());
        }
    }
}
