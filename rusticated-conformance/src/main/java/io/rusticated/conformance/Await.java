package io.rusticated.conformance;

import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.time.Duration;
import java.util.concurrent.CompletionStage;

/** Drives a loop until a stage completes, failing the test instead of hanging past a deadline. */
public final class Await {
    public static final Duration LIMIT = Duration.ofSeconds(20);

    private Await() {
    }

    public static <T> T on(EventLoop loop, CompletionStage<T> stage) {
        return loop.blockOn(Time.timeout(stage, LIMIT));
    }

    /**
     * Drives the loop until nothing is in flight on it: completions of cancels it asked for (a
     * child's wait ended when the child was collected) arrive in later turns. Fails past the limit,
     * so what never completes is found.
     */
    public static void idle(EventLoop loop) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (loop.inFlight() > 0) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(loop.inFlight() + " operations still in flight on " + loop + " after " + LIMIT);
            }
            loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + 1_000_000));
        }
    }
}
