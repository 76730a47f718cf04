package io.rusticated.conformance.netfuzz;

import io.rusticated.conformance.Failures;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;

/** The rusticated side of a run: its calls awaited on its loop within {@link Run#LIMIT}, and what it leaves in flight. */
final class LoopCalls {
    private LoopCalls() {
    }

    /** The call's outcome; an {@link AssertionError} naming what is in flight if it does not come within the limit. */
    static <T> T await(EventLoop loop, CompletableFuture<T> call) {
        try {
            return loop.blockOn(Time.timeout(call, Run.LIMIT));
        } catch (CompletionException e) {
            if (Failures.unwrap(e) instanceof TimeoutException) {
                throw new AssertionError("rusticated: a call the script expected to complete did not within " + Run.LIMIT.toSeconds() + " s; in flight on the loop: " + loop.inFlight());
            }
            throw e;
        }
    }

    /** Null once nothing is in flight on the loop (waiting up to the limit), else how much still is. */
    static String leftover(EventLoop loop) {
        long deadline = System.nanoTime() + Run.LIMIT.toNanos();
        while (loop.inFlight() > 0 && System.nanoTime() - deadline < 0) {
            loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + 1_000_000));
        }
        return loop.inFlight() == 0 ? null : loop.inFlight() + " operations still in flight";
    }
}
