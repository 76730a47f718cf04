package io.rusticated.linux;

import io.rusticated.conformance.Await;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.Operation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code rusticated.ring.entries} below 8 opens an io_uring loop with that many SQ entries
 * (rounded down to a power of two), which then works like any other: the SQ is flushed for nearly
 * every request, the wakeup read included.
 */
class TinyRingTest {
    private static final int NOPS = 200;

    /** A NOP counting its completions; the last one completes {@code all}. */
    private static final class Nop extends Operation {
        private final AtomicInteger done;
        private final CompletableFuture<Void> all;

        Nop(AtomicInteger done, CompletableFuture<Void> all) {
            this.done = done;
            this.all = all;
            prepareNop();
        }

        @Override
        protected void complete(long result, Throwable failure) {
            if (failure != null) {
                all.completeExceptionally(failure);
            } else if (done.incrementAndGet() == NOPS) {
                all.complete(null);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4, 7})
    void aRingSmallerThanEightOpensAndServes(int entries) {
        try (EventLoop probe = EventLoop.open()) {
            assumeTrue(probe.backend().name().equals("io_uring"), "the ring size is io_uring's");
        }
        try (EventLoop loop = SmallRing.open(entries, EventLoop::open); Pipe pipe = Pipe.open()) {
            assertThat(loop.backend().name()).as("%s", loop.backend()).isEqualTo("io_uring");
            assertThat(SmallRing.sqEntries(loop.backend())).isEqualTo(Integer.highestOneBit(entries));

            AtomicInteger nops = new AtomicInteger();
            CompletableFuture<Void> all = new CompletableFuture<>();
            for (int i = 0; i < NOPS; i++) {
                loop.submit(new Nop(nops, all));
            }
            Await.on(loop, all);

            CompletableFuture<Integer> cancelled = loop.read(pipe.readFd, Buffer.allocate(8), -1);
            loop.runNow();
            cancelled.cancel(true);
            Throwable failure = Await.on(loop, cancelled.handle((n, e) -> e));
            assertThat(failure).isInstanceOf(CancellationException.class);

            Buffer into = Buffer.allocate(8);
            CompletableFuture<Integer> read = loop.read(pipe.readFd, into, -1);
            Thread.ofPlatform().start(() -> loop.execute(() -> pipe.write("tiny".getBytes(StandardCharsets.US_ASCII))));
            assertThat(Await.on(loop, read)).as("a read woken by another thread's task").isEqualTo(4);
            assertThat(into.toString(StandardCharsets.US_ASCII)).isEqualTo("tiny");
            assertThat(loop.inFlight()).isZero();
        }
    }
}
