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

    @Test
    @Needs(Feature.THREADS)
    void anotherThreadJustWaits() throws Exception {
        EventLoop loop = EventLoop.startThread("block-on-loop");
        try {
            assertThat(loop.isLoopThread()).isFalse();
            loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + 1_000_000));
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
