package io.rusticated.conformance;

import io.rusticated.fs.DirReader;
import io.rusticated.fs.Fs;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * blockOn returns as soon as its stage is done, however it got done: by a kernel completion, a due
 * timer, a blocking-pool result or a task. Each case here used to leave the loop waiting forever
 * in the driver when the stage completed before the wait began.
 */
class BlockOnTest {
    @TempDir
    Path dir;

    @Test
    void aTimerAlreadyDueEndsTheWait() {
        try (EventLoop loop = EventLoop.open()) {
            for (int i = 0; i < 100; i++) {
                loop.blockOn(Time.sleep(Duration.ZERO));
            }
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void aBlockingPoolResultEndsTheWait() throws IOException {
        Files.createFile(dir.resolve("a"));
        try (EventLoop loop = EventLoop.open()) {
            for (int i = 0; i < 300; i++) {
                DirReader r = loop.blockOn(Fs.readDir(dir));
                assertThat(loop.blockOn(r.nextBatch())).hasSize(1);
                loop.blockOn(r.close());
            }
        }
    }

    @Test
    @Needs(Feature.THREADS)
    void aTaskFromAnotherThreadEndsTheWait() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            for (int i = 0; i < 100; i++) {
                CompletableFuture<Integer> f = new CompletableFuture<>();
                int value = i;
                Thread t = Thread.ofPlatform().start(() -> loop.execute(() -> f.complete(value)));
                assertThat(loop.blockOn(f)).isEqualTo(i);
                t.join();
            }
        }
    }

    /**
     * From a thread that does not own the loop, blockOn only waits: the stage is completed by the
     * loop's own thread (a caller that drove the loop itself would run the continuation), never
     * early, and a failure comes back as join() gives it.
     */
    @Test
    @Needs(Feature.THREADS)
    void anotherThreadJustWaits() throws Exception {
        EventLoop loop = EventLoop.startThread("block-on-loop");
        try {
            assertThat(loop.isLoopThread()).isFalse();
            long start = System.nanoTime();
            CompletableFuture<String> completedBy = new CompletableFuture<>();
            // The continuation is attached on the loop thread, before the loop can expire the timer.
            loop.execute(() -> Time.sleepUntil(loop, start + TimeUnit.MILLISECONDS.toNanos(20))
                    .thenRun(() -> completedBy.complete(Thread.currentThread().getName())));
            assertThat(loop.blockOn(completedBy)).isEqualTo("block-on-loop");
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(20));
            CompletableFuture<Object> failed = Time.sleepUntil(loop, System.nanoTime()).thenApply(v -> {
                throw new IllegalStateException("failed on the loop");
            }).toCompletableFuture();
            assertThatThrownBy(() -> loop.blockOn(failed)).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(IllegalStateException.class);
            assertThatThrownBy(loop::runNow).as("only the owner drives the loop").isInstanceOf(IllegalStateException.class);
        } finally {
            loop.close();
        }
    }

    @Test
    void blockingInsideACompletionIsRefused() {
        try (EventLoop loop = EventLoop.open()) {
            CompletableFuture<Throwable> inner = Time.sleep(Duration.ZERO).toCompletableFuture().handle((v, e) -> {
                try {
                    loop.blockOn(Time.sleep(Duration.ZERO));
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(loop.blockOn(inner)).isInstanceOf(IllegalStateException.class);
            loop.blockOn(Time.sleep(Duration.ZERO));
            assertThat(loop.inFlight()).isZero();
            assertThatThrownBy(() -> EventLoop.open()).isInstanceOf(IllegalStateException.class);
        }
    }
}
