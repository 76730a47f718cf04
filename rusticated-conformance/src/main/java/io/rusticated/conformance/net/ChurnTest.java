package io.rusticated.conformance.net;

import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.ConnectOptions;
import io.rusticated.net.Incoming;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10 000 connections opened, used and closed in churn leak nothing: descriptors (counted where the
 * OS lists them), registry slots (operations in flight between waves) and native memory (the
 * JDK's direct memory, where rusticated's native buffers and scratch come from).
 */
@Needs(Feature.SOCKETS)
class ChurnTest {
    private static final int CONNECTIONS = 10_000;
    private static final int WAVE = 64;

    private static long directMemory() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    @Test
    void tenThousandConnectionsInChurnLeakNothing() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Incoming<TcpStream> incoming = listener.incoming(WAVE);
            InetSocketAddress where = listener.localAddress();
            churn(loop, incoming, where, 500); // warm up: pools and caches fill, classes load
            System.gc();
            long fds = Loopback.openDescriptors();
            long direct = directMemory();
            int inFlight = loop.inFlight(); // the accept that waits for the next connection
            churn(loop, incoming, where, CONNECTIONS);
            System.gc();
            if (fds >= 0) {
                assertThat(Loopback.openDescriptors()).as("descriptors after 10 000 connections").isEqualTo(fds);
            }
            assertThat(loop.inFlight()).as("operations in flight between connections").isEqualTo(inFlight);
            assertThat(directMemory() - direct).as("native memory growth").isLessThan(1 << 20);
            Loopback.await(loop, incoming.close());
            Loopback.await(loop, listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    /** Connections in waves: connect, accept, one exchange, both sides closed. */
    private static void churn(EventLoop loop, Incoming<TcpStream> incoming, InetSocketAddress where, int connections) {
        for (int done = 0; done < connections; done += WAVE) {
            int wave = Math.min(WAVE, connections - done);
            CompletableFuture<?>[] all = new CompletableFuture<?>[wave * 2];
            for (int i = 0; i < wave; i++) {
                all[2 * i] = TcpStream.connect(loop, where, ConnectOptions.defaults())
                        .thenCompose(c -> c.writeAll(Buffer.of("x")).thenCompose(v -> c.close())).toCompletableFuture();
                all[2 * i + 1] = incoming.next().thenCompose(s -> {
                    Buffer b = Buffer.allocate(8);
                    return s.read(b).thenCompose(n -> s.close());
                }).toCompletableFuture();
            }
            Loopback.await(loop, CompletableFuture.allOf(all));
        }
    }
}
