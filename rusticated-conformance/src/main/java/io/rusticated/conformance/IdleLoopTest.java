package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.LoopStats;
import io.rusticated.rt.Ops;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loop with nothing in flight waits parked in Java, not in the kernel, so it never holds up the
 * JVM's exit (HotSpot waits up to 300 ms for threads in native calls); with work in flight it
 * waits in the kernel, and either way a submission from another thread wakes it.
 */
@Needs({Feature.PIPES, Feature.THREADS})
class IdleLoopTest {
    /** How many times, 1 ms apart, the loop thread is seen RUNNABLE while the read waits. */
    private static final int RUNNABLE_SAMPLES = 20;
    /** The wait, the wakeup with the completion, and room for a spurious wakeup or two. */
    private static final long MOST_ENTRIES_WHILE_WAITING = 5;

    private static Thread.State settledState(Thread t, Thread.State wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Thread.State s = t.getState();
        while (s != wanted && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
            s = t.getState();
        }
        return s;
    }

    /** The thread a dedicated loop runs on, as a task on it sees it. */
    private static Thread loopThread(EventLoop loop) throws Exception {
        CompletableFuture<Thread> seen = new CompletableFuture<>();
        loop.execute(() -> seen.complete(Thread.currentThread()));
        return seen.get(10, TimeUnit.SECONDS);
    }

    @Test
    void idleLoopParksInJavaAndWakesForWork() throws Exception {
        EventLoop loop = EventLoop.startThread("idle-loop-test");
        try (TestPipe pipe = TestPipe.open()) {
            Thread t = loopThread(loop);

            assertThat(settledState(t, Thread.State.WAITING)).as("idle: parked in Java").isEqualTo(Thread.State.WAITING);
            long parks = loop.stats().get(LoopStats.Counter.IDLE_PARKS);

            FutureOperation<Void> nop = Ops.done();
            loop.submit(nop.prepareNop());
            nop.future().get(10, TimeUnit.SECONDS);

            // A read on an empty pipe is in flight: now the loop waits in the kernel. Its thread is
            // RUNNABLE then (a native call), as a spinning one would be, so the kernel entries are
            // counted too: waiting is one entry, spinning thousands in the same few milliseconds.
            CompletableFuture<Integer> read = File.fromHandle(loop, pipe.readHandle, Path.of("pipe")).read(Buffer.allocate(8)).toCompletableFuture();
            assertThat(settledState(t, Thread.State.RUNNABLE)).as("in flight: waiting in the kernel").isEqualTo(Thread.State.RUNNABLE);
            long parksWhileWaiting = loop.stats().get(LoopStats.Counter.IDLE_PARKS);
            long entries = loop.stats().get(LoopStats.Counter.KERNEL_ENTERS);
            for (int sample = 0; sample < RUNNABLE_SAMPLES; sample++) {
                LockSupport.parkNanos(1_000_000);
                assertThat(t.getState()).as("in flight: waiting in the kernel").isEqualTo(Thread.State.RUNNABLE);
            }
            assertThat(loop.stats().get(LoopStats.Counter.IDLE_PARKS)).as("not parked in Java with a read in flight").isEqualTo(parksWhileWaiting);
            pipe.write("x".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            assertThat(loop.stats().get(LoopStats.Counter.KERNEL_ENTERS) - entries)
                    .as("kernel entries over %d ms of waiting and the wakeup with the read's completion", RUNNABLE_SAMPLES)
                    .isLessThanOrEqualTo(MOST_ENTRIES_WHILE_WAITING);

            assertThat(settledState(t, Thread.State.WAITING)).isEqualTo(Thread.State.WAITING);
            assertThat(loop.stats().get(LoopStats.Counter.IDLE_PARKS)).isGreaterThan(parks);
        } finally {
            loop.close();
        }
    }

    /**
     * An interrupt does not make an idle loop spin: LockSupport.park returns at once while the
     * thread's interrupt status is set, so a loop that parked again without clearing it would
     * burn its core until the next task (a stream's hang once cost a test run 721 s of CPU so).
     * The status is kept for the code the loop runs next, which may want it.
     */
    @Test
    void anInterruptedIdleLoopStaysParked() throws Exception {
        EventLoop loop = EventLoop.startThread("interrupted-idle-loop-test");
        try {
            Thread t = loopThread(loop);
            assertThat(settledState(t, Thread.State.WAITING)).as("idle: parked in Java").isEqualTo(Thread.State.WAITING);

            t.interrupt();
            assertThat(settledState(t, Thread.State.WAITING)).as("idle and interrupted: parked, not spinning").isEqualTo(Thread.State.WAITING);
            for (int sample = 0; sample < RUNNABLE_SAMPLES; sample++) {
                LockSupport.parkNanos(1_000_000);
                assertThat(t.getState()).as("idle and interrupted: parked, not spinning").isEqualTo(Thread.State.WAITING);
            }

            CompletableFuture<Boolean> interrupted = new CompletableFuture<>();
            loop.execute(() -> interrupted.complete(Thread.currentThread().isInterrupted()));
            assertThat(interrupted.get(10, TimeUnit.SECONDS)).as("the interrupt status, kept for the tasks").isTrue();
        } finally {
            loop.close();
        }
    }
}
