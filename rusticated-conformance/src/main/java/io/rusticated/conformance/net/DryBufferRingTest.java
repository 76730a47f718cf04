package io.rusticated.conformance.net;

import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.net.ReadHandler;
import io.rusticated.net.ReadStream;
import io.rusticated.net.Shutdown;
import io.rusticated.net.TcpListener;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopStats;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loop's buffer ring running dry under a stream of reads (research networking.md §5 trap 9):
 * while the reader holds every buffer, the stream waits, neither ended nor re-armed at once (an
 * io_uring multishot receive that finds no buffer ends with ENOBUFS, and submitting it again before
 * buffers return spins), and it goes on with every byte in order once buffers come back. Spinning
 * is measured in turns of the loop during an idle wait, not in time.
 */
@Needs(Feature.SOCKETS)
class DryBufferRingTest {
    private static final int BUFFERS = 2;
    private static final int BUFFER_SIZE = 4096;
    /** Turns an idle wait may take: its own timer and a few wakeups; a spin takes thousands. */
    private static final int MAX_IDLE_TURNS = 20;

    /** Keeps the buffers it gets until told to release them. */
    private static final class Holder implements ReadHandler {
        final List<Buffer> held = new ArrayList<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        boolean releasing;

        @Override
        public void onData(Buffer data) {
            received.writeBytes(data.toByteArray());
            if (releasing) {
                data.release();
            } else {
                held.add(data);
            }
        }

        @Override
        public void onEnd(Throwable failure) {
            ended.complete(failure);
        }

        void releaseAll() {
            releasing = true;
            held.forEach(Buffer::release);
            held.clear();
        }
    }

    @Test
    void aDryRingPausesTheStreamUntilBuffersReturn() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            BufferRing ring = new BufferRing(BUFFERS, BUFFER_SIZE);
            Holder holder = new Holder();
            ReadStream stream = p.server().readMulti(ring, holder);
            byte[] payload = new byte[16 * BUFFER_SIZE];
            new SplittableRandom(16).nextBytes(payload);
            // Small enough for the kernel's buffers: the whole payload waits at the receiver.
            Loopback.await(loop, p.client().writeAll(Buffer.of(payload)));
            long deadline = System.nanoTime() + Loopback.LIMIT.toNanos();
            while (holder.held.size() < BUFFERS && System.nanoTime() - deadline < 0) {
                Loopback.settle(loop);
            }
            assertThat(holder.held).as("buffers delivered before the ring ran dry").hasSize(BUFFERS);

            LoopStats stats = loop.stats();
            long turnsBefore = stats.get(LoopStats.Counter.KERNEL_ENTERS);
            loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + Duration.ofMillis(300).toNanos()));
            long idleTurns = stats.get(LoopStats.Counter.KERNEL_ENTERS) - turnsBefore;
            assertThat(holder.ended).as("the stream, ended while the ring was dry").isNotDone();
            assertThat(holder.held).as("buffers held: the ring has no others").hasSize(BUFFERS);
            assertThat(idleTurns).as("turns of the loop during an idle wait with the ring dry").isLessThanOrEqualTo(MAX_IDLE_TURNS);

            holder.releaseAll();
            Loopback.await(loop, p.client().shutdown(Shutdown.WRITE));
            assertThat(Loopback.await(loop, holder.ended)).as("the stream's end").isNull();
            assertThat(holder.received.toByteArray()).as("every byte, in order").isEqualTo(payload);
            assertThat(stream.isMultishot()).isEqualTo(loop.supportsMultishot(io.rusticated.spi.Opcode.RECV) && loop.supportsProvidedBuffers());
            p.close(loop);
            Loopback.await(loop, listener.close());
            assertThat(loop.inFlight()).isZero();
            System.out.println("DryBufferRingTest: " + idleTurns + " turns while dry, multishot " + stream.isMultishot());
        }
    }
}
