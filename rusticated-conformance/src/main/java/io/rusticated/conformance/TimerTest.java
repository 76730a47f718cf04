package io.rusticated.conformance;

import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimerTest {
    @Test
    void sleepsEndInDeadlineOrderAndNeverEarly() {
        try (EventLoop loop = EventLoop.open()) {
            int[] millis = {50, 10, 40, 0, 30, 20};
            List<Integer> order = new ArrayList<>();
            List<CompletableFuture<Void>> sleeps = new ArrayList<>();
            long start = System.nanoTime();
            long[] ended = new long[millis.length];
            for (int i = 0; i < millis.length; i++) {
                int index = i;
                // Deadlines from one base: a pause between submissions (GC, a loaded machine) must not reorder them.
                sleeps.add(Time.sleepUntil(loop, start + TimeUnit.MILLISECONDS.toNanos(millis[i])).toCompletableFuture().whenComplete((v, e) -> {
                    ended[index] = System.nanoTime();
                    order.add(millis[index]);
                }));
            }
            Await.on(loop, CompletableFuture.allOf(sleeps.toArray(new CompletableFuture[0])));
            assertThat(order).containsExactly(0, 10, 20, 30, 40, 50);
            for (int i = 0; i < millis.length; i++) {
                assertThat(ended[i] - start).as("sleep of %d ms", millis[i]).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(millis[i]));
            }
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void aCancelledSleepSettlesAtOnceAndOthersGoOn() {
        try (EventLoop loop = EventLoop.open()) {
            CompletableFuture<Void> longSleep = Time.sleep(Duration.ofHours(1)).toCompletableFuture();
            CompletableFuture<Void> shortSleep = Time.sleep(Duration.ofMillis(20)).toCompletableFuture();
            assertThat(loop.inFlight()).isEqualTo(2);
            assertThat(longSleep.cancel(false)).isTrue();
            assertThat(Failures.of(loop, longSleep)).isInstanceOf(CancellationException.class);
            assertThat(loop.inFlight()).isEqualTo(1);
            // A loop still waiting for the cancelled hour would miss Await's limit by far.
            Await.on(loop, shortSleep);
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    @Needs(Feature.THREADS)
    void aSleepOnADedicatedLoopIsCancelledFromAnotherThread() throws Exception {
        EventLoop loop = EventLoop.startThread("timer-loop");
        try {
            CompletableFuture<Void> sleep = Time.sleepUntil(loop, System.nanoTime() + TimeUnit.HOURS.toNanos(1)).toCompletableFuture();
            CompletableFuture<Void> quick = Time.sleepUntil(loop, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(10)).toCompletableFuture();
            quick.get(5, TimeUnit.SECONDS);
            sleep.cancel(true);
            assertThatThrownBy(() -> sleep.get(5, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
            assertThat(loop.inFlight()).isZero();
        } finally {
            loop.close();
        }
    }

    @Test
    void tenThousandTimersFireInDeadlineOrder() {
        try (EventLoop loop = EventLoop.open()) {
            SplittableRandom rnd = new SplittableRandom(99);
            int n = 10_000;
            long base = System.nanoTime();
            List<Long> firedDeadlines = new ArrayList<>(n);
            List<CompletableFuture<Void>> all = new ArrayList<>(n);
            List<CompletableFuture<Void>> cancelled = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long deadline = base + rnd.nextLong(TimeUnit.MILLISECONDS.toNanos(200));
                CompletableFuture<Void> f = Time.sleepUntil(loop, deadline).toCompletableFuture();
                if (i % 10 == 0) {
                    cancelled.add(f);
                } else {
                    all.add(f.whenComplete((v, e) -> {
                        assertThat(System.nanoTime() - deadline).isNotNegative();
                        firedDeadlines.add(deadline);
                    }));
                }
            }
            cancelled.forEach(f -> f.cancel(false));
            loop.blockOn(CompletableFuture.allOf(all.toArray(new CompletableFuture[0])));
            assertThat(firedDeadlines).hasSize(n - cancelled.size()).isSorted();
            assertThat(cancelled).allMatch(CompletableFuture::isCancelled);
            assertThat(loop.inFlight()).isZero();
        }
    }

    /**
     * The loop waits until the nearest deadline, not longer. Not a tight bound on the wall clock
     * (a loaded machine may delay any wakeup): a hundred 1 ms sleeps in a row magnify a wait that
     * overshoots by design (a timeout rounded up to whole seconds, a wait that ignores the timer
     * heap) a hundredfold, far past Await's limit, where a correct loop needs well under a second.
     */
    @Test
    void manyShortSleepsInARowEachEndAtTheirDeadline() {
        try (EventLoop loop = EventLoop.open()) {
            CompletableFuture<Void> longSleep = Time.sleep(Duration.ofHours(1)).toCompletableFuture();
            Await.on(loop, sleepsInARow(loop, 100));
            assertThat(longSleep).isNotDone();
            longSleep.cancel(false);
            loop.runNow();
            assertThat(loop.inFlight()).isZero();
        }
    }

    private static java.util.concurrent.CompletionStage<Void> sleepsInARow(EventLoop loop, int left) {
        if (left == 0) {
            return CompletableFuture.completedFuture(null);
        }
        return Time.sleepUntil(loop, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1)).thenCompose(v -> sleepsInARow(loop, left - 1));
    }

    @Test
    void zeroAndNegativeDurations() {
        try (EventLoop loop = EventLoop.open()) {
            loop.blockOn(Time.sleep(Duration.ZERO));
            loop.blockOn(Time.sleepUntil(loop, System.nanoTime() - 1_000_000));
            assertThatThrownBy(() -> Time.sleep(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
            long a = Time.nanoTime();
            assertThat(Time.nanoTime() - a).as("monotonic").isNotNegative();
        }
    }
}
