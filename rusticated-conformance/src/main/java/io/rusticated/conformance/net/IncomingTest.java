package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.Incoming;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Opcode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.rusticated.conformance.net.Peers.ANY_LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener's connections as a stream with a bounded queue: one multishot accept where the
 * backend has it (io_uring 5.19+; readiness backends accept one connection after another on one
 * request), single accepts kept in flight otherwise.
 */
@Needs(Feature.SOCKETS)
class IncomingTest {
    @Test
    void manyClientsEachGetTheirOwnConnectionThroughABoundedQueue() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Incoming<TcpStream> incoming = listener.incoming(4);
            assertThat(incoming.isMultishot()).isEqualTo(loop.supportsMultishot(Opcode.ACCEPT));
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
            assertThat(Failures.of(loop, waiting)).isInstanceOf(AsynchronousCloseException.class);
            for (SocketChannel c : clients) {
                c.close();
            }
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    /**
     * Connections arriving together fill the queue while a next() waits: accepting stops (its
     * cancel is under way) and the caller drains the queue before that cancel is delivered. The
     * stream must go on accepting then, not take the stopped accept for its end: a readiness
     * backend accepts the whole burst in one turn, so this happens whenever clients come at once.
     */
    @Test
    void aQueueDrainedWhileItsAcceptIsStoppingGoesOnAccepting() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Incoming<TcpStream> incoming = listener.incoming(2);
            CompletableFuture<TcpStream> first = incoming.next().toCompletableFuture();
            loop.runNow();
            List<SocketChannel> clients = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                clients.add(SocketChannel.open(listener.localAddress()));
            }
            List<TcpStream> accepted = new ArrayList<>(List.of(loop.blockOn(first)));
            for (int i = 1; i < clients.size(); i++) {
                accepted.add(loop.blockOn(incoming.next()));
            }
            assertThat(accepted).hasSize(5);
            for (TcpStream s : accepted) {
                loop.blockOn(s.close());
            }
            loop.blockOn(incoming.close());
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
