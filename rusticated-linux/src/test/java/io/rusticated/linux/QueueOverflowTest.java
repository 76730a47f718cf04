package io.rusticated.linux;

import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.spi.DriverEvent;
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

import static org.assertj.core.api.Assertions.assertThat;

/** Far more operations in flight than the submission (and completion) queue holds. */
class QueueOverflowTest {
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

    private static void assertSqFlushedIfIoUring(EventLoop loop) {
        // Only a ring has a submission queue to overflow; other backends have nothing to flush.
        if (loop.backend().name().equals("io_uring")) {
            assertThat(loop.stats().get(DriverEvent.SUBMISSION_QUEUE_FULL)).as("%s", loop.stats()).isPositive();
        }
    }

    @Test
    void tenThousandNopsFromTheLoopThreadEachCompleteOnce() {
        try (EventLoop loop = SmallRing.open(RING, EventLoop::open)) {
            Tally tally = new Tally();
            for (int i = 0; i < OPS; i++) {
                loop.submit(new CountedNop(tally, i));
            }
            loop.blockOn(tally.all);
            assertThat(loop.inFlight()).as("%s %s", loop.backend(), loop.stats()).isZero();
            assertEachOnce(tally.completions);
            assertSqFlushedIfIoUring(loop);
            if (loop.backend().name().equals("io_uring")) {
                // 10 000 completions posted while submitting, into a 32-entry CQ: the kernel must
                // have kept the excess (NODROP) and the driver flushed it.
                assertThat(loop.stats().get(DriverEvent.COMPLETION_OVERFLOW)).as("%s", loop.stats()).isPositive();
            }
            assertThat(loop.stats().get(LoopStats.Counter.DELIVERED)).isEqualTo(OPS);
        }
    }

    @Test
    void tenThousandNopsFromAnotherThreadEachCompleteOnce() throws Exception {
        EventLoop loop = SmallRing.open(RING, () -> EventLoop.startThread("overflow-loop"));
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
            assertSqFlushedIfIoUring(loop);
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
        try (EventLoop loop = SmallRing.open(RING, EventLoop::open)) {
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
            assertSqFlushedIfIoUring(loop);
            loop.blockOn(f.close());
            assertThat(loop.inFlight()).isZero();
        }
    }
}
