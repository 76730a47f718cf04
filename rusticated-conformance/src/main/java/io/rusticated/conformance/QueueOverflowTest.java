package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopStats;
import io.rusticated.rt.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Far more operations in flight than the driver's queues hold ({@code rusticated.ring.entries}: an
 * io_uring's SQ, an IOCP's batch of completions): nothing lost, nothing delivered twice.
 * rusticated-linux checks that io_uring really overflowed its rings (QueueFullCountersTest).
 */
class QueueOverflowTest {
    private static final String ENTRIES = "rusticated.ring.entries";
    private static final int RING = 16;
    private static final int OPS = 10_000;

    @TempDir
    Path dir;

    /** Completion counts per operation, and a future settled when every one has come. */
    private static final class Tally {
        final AtomicIntegerArray completions = new AtomicIntegerArray(OPS);
        final AtomicInteger remaining = new AtomicInteger(OPS);
        final CompletableFuture<Void> all = new CompletableFuture<>();

        void completed(int index) {
            completions.incrementAndGet(index);
            if (remaining.decrementAndGet() == 0) {
                all.complete(null);
            }
        }
    }

    /** A NOP that counts its own completions, to catch one delivered twice or never. */
    private static final class CountedNop extends Operation {
        private final Tally tally;
        private final int index;

        CountedNop(Tally tally, int index) {
            this.tally = tally;
            this.index = index;
            prepareNop();
        }

        @Override
        protected void complete(long result, Throwable failure) {
            if (failure != null || result != 0) {
                throw new AssertionError("NOP " + index + " completed with " + result + " / " + failure);
            }
            tally.completed(index);
        }
    }

    private static void assertEachOnce(AtomicIntegerArray completions) {
        assertThat(completions.length()).isEqualTo(OPS);
        for (int i = 0; i < completions.length(); i++) {
            assertThat(completions.get(i)).as("completions of op %d", i).isEqualTo(1);
        }
    }

    /** Opens a loop with {@code rusticated.ring.entries} set (read when a loop opens), then restores the property. */
    static EventLoop withQueueEntries(int entries, Supplier<EventLoop> opener) {
        String old = System.getProperty(ENTRIES);
        System.setProperty(ENTRIES, Integer.toString(entries));
        try {
            return opener.get();
        } finally {
            if (old == null) {
                System.clearProperty(ENTRIES);
            } else {
                System.setProperty(ENTRIES, old);
            }
        }
    }

    @Test
    void tenThousandNopsFromTheLoopThreadEachCompleteOnce() {
        try (EventLoop loop = withQueueEntries(RING, EventLoop::open)) {
            Tally tally = new Tally();
            for (int i = 0; i < OPS; i++) {
                loop.submit(new CountedNop(tally, i));
            }
            loop.blockOn(tally.all);
            assertThat(loop.inFlight()).as("%s %s", loop.backend(), loop.stats()).isZero();
            assertEachOnce(tally.completions);
            assertThat(loop.stats().get(LoopStats.Counter.DELIVERED)).isEqualTo(OPS);
        }
    }

    @Test
    @Needs(Feature.THREADS)
    void tenThousandNopsFromAnotherThreadEachCompleteOnce() throws Exception {
        EventLoop loop = withQueueEntries(RING, () -> EventLoop.startThread("overflow-loop"));
        try {
            Tally tally = new Tally();
            Operation[] ops = new Operation[OPS];
            for (int i = 0; i < OPS; i++) {
                ops[i] = new CountedNop(tally, i);
            }
            for (Operation op : ops) {
                loop.submit(op);
            }
            tally.all.get(20, TimeUnit.SECONDS);
            // Settle anything a duplicate delivery would still add, then count again.
            CompletableFuture<Void> turn = new CompletableFuture<>();
            loop.execute(() -> turn.complete(null));
            turn.get(10, TimeUnit.SECONDS);
            assertThat(loop.inFlight()).as("%s", loop.stats()).isZero();
            assertEachOnce(tally.completions);
        } finally {
            loop.close();
        }
    }

    @Test
    void tenThousandReadsThroughASixteenEntryRing() throws IOException {
        byte[] content = new byte[4096];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 7);
        }
        Path p = Files.write(dir.resolve("small"), content);
        try (EventLoop loop = withQueueEntries(RING, EventLoop::open)) {
            File f = loop.blockOn(File.open(loop, p, OpenOptions.readOnly()));
            List<CompletableFuture<Integer>> reads = new ArrayList<>(OPS);
            Buffer[] buffers = new Buffer[OPS];
            for (int i = 0; i < OPS; i++) {
                buffers[i] = Buffer.allocate(8);
                reads.add(f.readAt(buffers[i], (i * 8L) % content.length).toCompletableFuture());
            }
            loop.blockOn(CompletableFuture.allOf(reads.toArray(new CompletableFuture[0])));
            for (int i = 0; i < OPS; i++) {
                assertThat(reads.get(i).join()).isEqualTo(8);
                int at = (i * 8) % content.length;
                assertThat(buffers[i].toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(content, at, at + 8));
            }
            loop.blockOn(f.close());
            assertThat(loop.inFlight()).isZero();
        }
    }
}
