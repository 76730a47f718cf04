package io.rusticated.linux.reliability;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over a million operations native memory (RSS) and open descriptors stay flat and no thread is
 * created per operation.
 */
class ResourceHygieneTest {
    @TempDir
    Path dir;

    /** A read that resubmits itself until its budget is spent: the zero-allocation path. */
    private static final class RepeatingRead extends Operation {
        final EventLoop loop;
        final long fd;
        final Buffer buffer;
        int remaining;
        Throwable failure;

        RepeatingRead(EventLoop loop, long fd, int count) {
            this.loop = loop;
            this.fd = fd;
            this.buffer = Buffer.allocate(512);
            this.remaining = count;
        }

        void next() {
            buffer.clear();
            prepareRead(fd, buffer, (remaining & 1023) * 512L);
            loop.submit(this);
        }

        @Override
        protected void complete(long result, Throwable f) {
            if (f != null) {
                failure = f;
                remaining = 0;
                return;
            }
            if (--remaining > 0) {
                next();
            }
        }
    }

    @Test
    void aMillionOperationsLeaveMemoryDescriptorsAndThreadsFlat() throws Exception {
        Path data = dir.resolve("data");
        Files.write(data, new byte[1024 * 512]);
        try (EventLoop loop = EventLoop.open()) {
            File file = loop.blockOn(File.open(data));
            // Warm up so the JIT, pools and rings reach their steady state first.
            run(loop, file, 64, 2_000);
            System.gc();
            long rssBefore = Native.rssKiB();
            int fdsBefore = Native.openFdCount();
            long threadsBefore = Native.threads();
            long submittedBefore = loop.stats().get(io.rusticated.rt.LoopStats.Counter.SUBMITTED);
            run(loop, file, 64, 1_000_000 / 64);
            assertThat(loop.stats().get(io.rusticated.rt.LoopStats.Counter.SUBMITTED) - submittedBefore).isEqualTo(1_000_000);
            System.gc();
            long rssAfter = Native.rssKiB();
            assertThat(Native.openFdCount()).as("open descriptors").isEqualTo(fdsBefore);
            assertThat(Native.threads()).as("threads").isLessThanOrEqualTo(threadsBefore);
            assertThat(rssAfter - rssBefore).as("RSS growth in KiB over 1 000 000 reads").isLessThan(32 * 1024);
            assertThat(loop.inFlight()).isZero();
            loop.blockOn(file.close());
        }
    }

    private static void run(EventLoop loop, File file, int depth, int perOp) {
        RepeatingRead[] ops = new RepeatingRead[depth];
        for (int i = 0; i < depth; i++) {
            ops[i] = new RepeatingRead(loop, file.handle(), perOp);
            ops[i].next();
        }
        boolean busy = true;
        while (busy) {
            loop.runNow();
            busy = false;
            for (RepeatingRead op : ops) {
                if (op.failure != null) {
                    throw new AssertionError("read failed", op.failure);
                }
                busy |= op.remaining > 0;
            }
        }
    }
}
