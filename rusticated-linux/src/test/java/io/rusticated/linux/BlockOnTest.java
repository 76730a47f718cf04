package io.rusticated.linux;

import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * blockOn returns once its stage is done, also when the stage completes early in a turn (a due
 * timer, a queued task) and nothing else is pending, which used to leave the loop waiting in the
 * kernel with no timeout.
 */
class BlockOnTest {
    @Test
    void returnsWhenASleepIsAlreadyDue() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (EventLoop loop = EventLoop.open()) {
                long deadline = System.nanoTime();
                loop.blockOn(Time.sleepUntil(loop, deadline));
                assertThat(System.nanoTime() - deadline).isNotNegative();
            }
        });
    }

    @Test
    void returnsWhenATaskOfTheTurnCompletesTheStage() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (EventLoop loop = EventLoop.open()) {
                CompletableFuture<String> f = new CompletableFuture<>();
                loop.execute(() -> f.complete("done"));
                assertThat(loop.blockOn(f)).isEqualTo("done");
            }
        });
    }

    @Test
    void returnsWhenTheLastOfManySleepsCompletesIt() {
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            try (EventLoop loop = EventLoop.open()) {
                CompletableFuture<Void> all = new CompletableFuture<>();
                int[] left = {2_000};
                long now = System.nanoTime();
                for (int i = 0; i < left[0]; i++) {
                    Time.sleepUntil(loop, now + (i % 20) * 100_000L).thenRun(() -> {
                        if (--left[0] == 0) {
                            all.complete(null);
                        }
                    });
                }
                loop.blockOn(all);
                assertThat(left[0]).isZero();
                assertThat(loop.inFlight()).isZero();
            }
        });
    }
}
