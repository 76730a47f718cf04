package io.rusticated.linux;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link File#readAt} runs on operations the loop recycles (the conformance kit's RecycledReadTest
 * checks that each call still gets its own future): what a read costs on each Linux backend.
 */
class ReadAllocationTest {
    @TempDir
    Path dir;

    /**
     * What a chain of reads allocates on the loop thread, continuation included: the read's own
     * future (24 bytes) and the JDK's {@code whenComplete} node and dependent future (64 bytes).
     * On io_uring the bound has no room for a boxed count (16 bytes) or an operation (120 bytes)
     * per read. On epoll a regular file's read goes through the blocking pool, whose lock may
     * queue the loop thread (an AQS node, now and then): there the bound only excludes an
     * operation per read.
     */
    @Test
    void aChainOfReadsAllocatesLittleMoreThanTheFuturesOnTheLoopThread() throws Exception {
        Path p = dir.resolve("data");
        Files.write(p, new byte[64 * 1024]);
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, p, io.rusticated.fs.OpenOptions.readOnly()));
            Chain chain = new Chain(f, Buffer.allocate(4096));
            chain.run(loop, 20_000); // warm-up: classes loaded, hot methods compiled
            com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            int reads = 50_000;
            long before = mx.getCurrentThreadAllocatedBytes();
            chain.run(loop, reads);
            long perRead = (mx.getCurrentThreadAllocatedBytes() - before) / reads;
            long bound = loop.backend().name().equals("io_uring") ? 100 : 180;
            assertThat(perRead).as("bytes allocated per read on the loop thread, %s", loop.backend().name()).isLessThan(bound);
            loop.blockOn(f.close());
        }
    }

    /** Reads 4 KiB blocks of a 64 KiB file, each read issued from the previous one's whenComplete. */
    private static final class Chain implements BiConsumer<Integer, Throwable> {
        private final File file;
        private final Buffer buffer;
        private CompletableFuture<Void> done;
        private int left;
        private long position;

        Chain(File file, Buffer buffer) {
            this.file = file;
            this.buffer = buffer;
        }

        void run(EventLoop loop, int reads) {
            left = reads;
            done = new CompletableFuture<>();
            issue();
            loop.blockOn(done);
        }

        private void issue() {
            buffer.clear();
            file.readAt(buffer, position).whenComplete(this);
            position = (position + 4096) % (64 * 1024);
        }

        @Override
        public void accept(Integer n, Throwable failure) {
            if (failure != null || n != 4096) {
                done.completeExceptionally(failure != null ? failure : new AssertionError("short read: " + n));
            } else if (--left > 0) {
                issue();
            } else {
                done.complete(null);
            }
        }
    }
}
