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
    private static Thread.State settledState(Thread t, Thread.State wanted) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Thread.State s = t.getState();
        while (s != wanted && System.nanoTime() < deadline) {
            LockSupport.parkNanos(1_000_000);
            s = t.getState();
        }
        return s;
    }

    @Test
    void idleLoopParksInJavaAndWakesForWork() throws Exception {
        EventLoop loop = EventLoop.startThread("idle-loop-test");
        try (TestPipe pipe = TestPipe.open()) {
            Thread[] owner = new Thread[1];
            CompletableFuture<Void> seen = new CompletableFuture<>();
            loop.execute(() -> {
                owner[0] = Thread.currentThread();
                seen.complete(null);
            });
            seen.get(10, TimeUnit.SECONDS);
            Thread t = owner[0];

            assertThat(settledState(t, Thread.State.WAITING)).as("idle: parked in Java").isEqualTo(Thread.State.WAITING);
            long parks = loop.stats().get(LoopStats.Counter.IDLE_PARKS);

            FutureOperation<Void> nop = Ops.done();
            loop.submit(nop.prepareNop());
            nop.future().get(10, TimeUnit.SECONDS);

            // A read on an empty pipe is in flight: now the loop waits in the kernel (a native call: RUNNABLE).
            CompletableFuture<Integer> read = File.fromHandle(loop, pipe.readHandle, Path.of("pipe")).read(Buffer.allocate(8)).toCompletableFuture();
            assertThat(settledState(t, Thread.State.RUNNABLE)).as("in flight: waiting in the kernel").isEqualTo(Thread.State.RUNNABLE);
            pipe.write("x".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(1);

            assertThat(settledState(t, Thread.State.WAITING)).isEqualTo(Thread.State.WAITING);
            assertThat(loop.stats().get(LoopStats.Counter.IDLE_PARKS)).isGreaterThan(parks);
        } finally {
            loop.close();
        }
    }
}
