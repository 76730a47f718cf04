package io.rusticated.linux.net;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.net.ConnectOptions;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.ReadHandler;
import io.rusticated.net.ReadStream;
import io.rusticated.net.Shutdown;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Opcode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Receiving into a loop's ring of buffers: idle connections pin none, a dry ring waits, data stays in order. */
class ProvidedBuffersTest {
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private record Pair(TcpStream client, TcpStream server) {
    }

    private static List<Pair> connect(EventLoop loop, TcpListener listener, int n) throws java.io.IOException {
        List<Pair> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CompletableFuture<TcpStream> accepted = listener.accept().toCompletableFuture();
            TcpStream c = loop.blockOn(TcpStream.connect(loop, listener.localAddress(), ConnectOptions.defaults()));
            pairs.add(new Pair(c, loop.blockOn(accepted)));
        }
        return pairs;
    }

    @Test
    void manyPendingReadsShareAFewBuffersAndADryRingWaitsForReleases() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            List<Pair> pairs = connect(loop, listener, 32);
            BufferRing ring = new BufferRing(4, 4096);
            List<CompletableFuture<Buffer>> reads = new ArrayList<>();
            for (Pair p : pairs) {
                reads.add(p.server().readManaged(ring).toCompletableFuture());
            }
            loop.runNow();
            // 32 receives pending on a ring of 4: where the backend provides buffers none is taken yet
            // (the 4 wait in the kernel's group); elsewhere 4 receives hold one and 28 wait for a buffer.
            assertThat(reads).noneMatch(CompletableFuture::isDone);
            for (int i = 0; i < 8; i++) {
                loop.blockOn(pairs.get(i).client().writeAll(Buffer.of("message " + i)));
            }
            // Only 4 buffers exist: 4 reads complete, the others wait until readers release theirs.
            List<String> got = new ArrayList<>();
            for (int round = 0; got.size() < 8 && round < 1000; round++) {
                loop.runNow();
                for (int i = 0; i < 8; i++) {
                    CompletableFuture<Buffer> r = reads.get(i);
                    if (r.isDone() && r.getNow(null) != null) {
                        Buffer b = r.join();
                        got.add(b.toString(StandardCharsets.UTF_8));
                        reads.set(i, new CompletableFuture<>()); // seen
                        b.release(); // its buffer goes back to the ring, and a waiting read goes on
                    }
                }
            }
            assertThat(got).hasSize(8).containsExactlyInAnyOrder("message 0", "message 1", "message 2", "message 3",
                    "message 4", "message 5", "message 6", "message 7");
            for (Pair p : pairs) {
                loop.blockOn(p.client().close());
                loop.blockOn(p.server().close());
            }
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void readMultiDeliversEverythingInOrderThenTheEnd() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Pair p = connect(loop, listener, 1).get(0);
            BufferRing ring = new BufferRing(8, 4096);
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            CompletableFuture<Throwable> ended = new CompletableFuture<>();
            int[] buffersSeen = {0};
            ReadStream stream = p.server().readMulti(ring, new ReadHandler() {
                @Override
                public void onData(Buffer data) {
                    buffersSeen[0]++;
                    received.writeBytes(data.toByteArray());
                    data.release();
                }

                @Override
                public void onEnd(Throwable failure) {
                    ended.complete(failure);
                }
            });
            if (loop.supportsMultishot(Opcode.RECV)) {
                assertThat(stream.isMultishot()).isTrue();
            }
            byte[] payload = new byte[1 << 20]; // 256 ring buffers' worth through a ring of 8
            new java.util.Random(3).nextBytes(payload);
            loop.blockOn(p.client().writeAll(Buffer.of(payload)).thenCompose(v -> p.client().shutdown(Shutdown.WRITE)));
            assertThat(loop.blockOn(ended)).isNull();
            assertThat(received.toByteArray()).isEqualTo(payload);
            assertThat(buffersSeen[0]).isGreaterThanOrEqualTo(payload.length / 4096);
            loop.blockOn(p.client().close());
            loop.blockOn(p.server().close());
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }
}
