package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.LoopStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/** Eight threads submitting to one dedicated loop at once. */
@Needs(Feature.THREADS)
class MultiThreadSubmitTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 1000;
    private static final int BLOCK = 512;

    @TempDir
    Path dir;

    private static byte blockByte(int thread, int i, int k) {
        return (byte) (thread * 31 + i * 7 + k);
    }

    /** A positional write or read whose successful completions are counted per request. */
    private static FutureOperation<Integer> counted(AtomicIntegerArray completions, int index) {
        return new FutureOperation<>() {
            @Override
            protected Integer result(long value) {
                completions.incrementAndGet(index);
                return (int) value;
            }
        };
    }

    @Test
    void eightThreadsSubmitWritesThenReadsAndEachCompletesOnce() throws Exception {
        EventLoop loop = EventLoop.startThread("multi-submit-loop");
        try {
            Path p = dir.resolve("shared");
            File f = File.open(loop, p, OpenOptions.createTruncate().withRead(true)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            long submittedBefore = loop.stats().get(LoopStats.Counter.SUBMITTED);
            long wakeupsBefore = loop.stats().get(LoopStats.Counter.WAKEUPS);
            AtomicIntegerArray writes = new AtomicIntegerArray(THREADS * PER_THREAD);
            AtomicIntegerArray reads = new AtomicIntegerArray(THREADS * PER_THREAD);
            CountDownLatch start = new CountDownLatch(1);
            List<CompletableFuture<Void>> workers = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                CompletableFuture<Void> done = new CompletableFuture<>();
                workers.add(done);
                Thread.ofPlatform().name("submitter-" + t).start(() -> {
                    try {
                        start.await();
                        submitterBody(f, thread, writes, reads);
                        done.complete(null);
                    } catch (Throwable e) {
                        done.completeExceptionally(e);
                    }
                });
            }
            start.countDown();
            for (CompletableFuture<Void> w : workers) {
                w.get(20, TimeUnit.SECONDS);
            }
            for (int i = 0; i < THREADS * PER_THREAD; i++) {
                assertThat(writes.get(i)).as("write %d completions", i).isEqualTo(1);
                assertThat(reads.get(i)).as("read %d completions", i).isEqualTo(1);
            }
            byte[] disk = Files.readAllBytes(p);
            assertThat(disk).hasSize(THREADS * PER_THREAD * BLOCK);
            for (int t = 0; t < THREADS; t++) {
                for (int i = 0; i < PER_THREAD; i++) {
                    int at = (t * PER_THREAD + i) * BLOCK;
                    for (int k = 0; k < BLOCK; k++) {
                        if (disk[at + k] != blockByte(t, i, k)) {
                            throw new AssertionError("thread " + t + " block " + i + " byte " + k + " wrong on disk");
                        }
                    }
                }
            }
            long submissions = loop.stats().get(LoopStats.Counter.SUBMITTED) - submittedBefore;
            long wakeups = loop.stats().get(LoopStats.Counter.WAKEUPS) - wakeupsBefore;
            assertThat(submissions).isEqualTo(2L * THREADS * PER_THREAD);
            assertThat(wakeups).as("wakeups are coalesced: %s", loop.stats()).isLessThan(submissions);
            assertThat(loop.inFlight()).isZero();
            f.close().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            loop.close();
        }
    }

    private static void submitterBody(File f, int thread, AtomicIntegerArray writes, AtomicIntegerArray reads) throws Exception {
        EventLoop loop = f.loop();
        List<CompletableFuture<Integer>> pending = new ArrayList<>(PER_THREAD);
        for (int i = 0; i < PER_THREAD; i++) {
            byte[] block = new byte[BLOCK];
            for (int k = 0; k < BLOCK; k++) {
                block[k] = blockByte(thread, i, k);
            }
            int index = thread * PER_THREAD + i;
            FutureOperation<Integer> op = counted(writes, index);
            op.prepareWrite(f.handle(), Buffer.of(block), (long) index * BLOCK);
            loop.submit(op);
            pending.add(op.future());
        }
        for (CompletableFuture<Integer> w : pending) {
            assertThat(w.get(20, TimeUnit.SECONDS)).isEqualTo(BLOCK);
        }
        pending.clear();
        Buffer[] buffers = new Buffer[PER_THREAD];
        for (int i = 0; i < PER_THREAD; i++) {
            int index = thread * PER_THREAD + i;
            buffers[i] = Buffer.allocate(BLOCK);
            FutureOperation<Integer> op = counted(reads, index);
            f.prepareReadAt(op, buffers[i], (long) index * BLOCK);
            loop.submit(op);
            pending.add(op.future());
        }
        for (int i = 0; i < PER_THREAD; i++) {
            assertThat(pending.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(BLOCK);
            Buffer b = buffers[i];
            for (int k = 0; k < BLOCK; k++) {
                if (b.get(k) != blockByte(thread, i, k)) {
                    throw new AssertionError("thread " + thread + " read " + i + " byte " + k + " wrong");
                }
            }
        }
    }
}
