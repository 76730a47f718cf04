package io.rusticated.conformance.net;

import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.ConnectOptions;
import io.rusticated.net.Incoming;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Opcode;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

import static io.rusticated.conformance.net.Peers.ANY_LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

/** 10 000 connections opened, used and closed in churn: nothing leaks (descriptors, registry slots, native memory). */
@Needs({Feature.SOCKETS, Feature.OPEN_DESCRIPTORS})
class ChurnTest {
    private static long directMemory() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct")).mapToLong(BufferPoolMXBean::getMemoryUsed).sum();
    }

    @Test
    void tenThousandConnectionsInChurnLeakNothing() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Incoming<TcpStream> incoming = listener.incoming(64);
            InetSocketAddress where = listener.localAddress();
            churn(loop, incoming, where, 500); // warm up: pools and caches fill, classes load
            System.gc();
            long fds = Peers.openDescriptors();
            long direct = directMemory();
            churn(loop, incoming, where, 10_000);
            System.gc();
            assertThat(Peers.openDescriptors()).as("descriptors after 10 000 connections").isEqualTo(fds);
            // Between connections only the accept is in flight: one multishot request, or one single accept.
            assertThat(loop.inFlight()).as("operations in flight between connections").isLessThanOrEqualTo(1);
            assertThat(incoming.isMultishot()).isEqualTo(loop.supportsMultishot(Opcode.ACCEPT));
            assertThat(directMemory() - direct).as("native memory growth").isLessThan(1 << 20);
            loop.blockOn(incoming.close());
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    /** Connections in waves of 64: connect, accept, one exchange, both sides closed. */
    private static void churn(EventLoop loop, Incoming<TcpStream> incoming, InetSocketAddress where, int connections) {
        for (int done = 0; done < connections; done += 64) {
            int wave = Math.min(64, connections - done);
            CompletableFuture<?>[] all = new CompletableFuture<?>[wave * 2];
            for (int i = 0; i < wave; i++) {
                all[2 * i] = TcpStream.connect(loop, where, ConnectOptions.defaults())
                        .thenCompose(c -> c.writeAll(Buffer.of("x")).thenCompose(v -> c.close())).toCompletableFuture();
                all[2 * i + 1] = incoming.next().thenCompose(s -> {
                    Buffer b = Buffer.allocate(8);
                    return s.read(b).thenCompose(n -> s.close());
                }).toCompletableFuture();
            }
            loop.blockOn(CompletableFuture.allOf(all));
        }
    }
}
