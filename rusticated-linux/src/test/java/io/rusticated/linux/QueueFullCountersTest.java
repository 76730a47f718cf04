package io.rusticated.linux;

import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import io.rusticated.spi.DriverEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The overflow paths the conformance kit's QueueOverflowTest drives, proven taken where they exist:
 * a 16-entry io_uring fills its SQ with reads and with submissions from another thread; epoll has
 * no SQ and never counts one full.
 */
class QueueFullCountersTest {
    private static final int RING = 16;
    private static final int OPS = 10_000;

    @TempDir
    Path dir;

    private static void assertSqFullCountedOnIoUringOnly(EventLoop loop) {
        long full = loop.stats().get(DriverEvent.SUBMISSION_QUEUE_FULL);
        if (loop.backend().name().equals("io_uring")) {
            assertThat(full).as("%s", loop.stats()).isPositive();
        } else {
            assertThat(full).as("%s has no submission queue", loop.backend().name()).isZero();
        }
    }

    @Test
    void readsThroughASixteenEntryRingFillItsSubmissionQueue() throws IOException {
        Path p = Files.write(dir.resolve("small"), new byte[4096]);
        try (EventLoop loop = SmallRing.open(RING, EventLoop::open)) {
            File f = loop.blockOn(File.open(loop, p, OpenOptions.readOnly()));
            List<CompletableFuture<Integer>> reads = new ArrayList<>(OPS);
            for (int i = 0; i < OPS; i++) {
                reads.add(f.readAt(Buffer.allocate(8), (i * 8L) % 4096).toCompletableFuture());
            }
            loop.blockOn(CompletableFuture.allOf(reads.toArray(new CompletableFuture[0])));
            assertSqFullCountedOnIoUringOnly(loop);
            loop.blockOn(f.close());
        }
    }

    @Test
    void submissionsFromAnotherThreadFillTheSubmissionQueue() throws Exception {
        EventLoop loop = SmallRing.open(RING, () -> EventLoop.startThread("sq-full-loop"));
        try {
            List<CompletableFuture<Void>> nops = new ArrayList<>(OPS);
            for (int i = 0; i < OPS; i++) {
                FutureOperation<Void> op = Ops.done();
                loop.submit(op.prepareNop());
                nops.add(op.future());
            }
            CompletableFuture.allOf(nops.toArray(new CompletableFuture[0])).get(20, TimeUnit.SECONDS);
            assertSqFullCountedOnIoUringOnly(loop);
        } finally {
            loop.close();
        }
    }
}
