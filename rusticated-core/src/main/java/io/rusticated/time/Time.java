package io.rusticated.time;

import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Time on the loop: asynchronous sleeps served by the loop's timer heap (the nearest deadline
 * becomes the driver's wait timeout, so sleeping costs no thread and no extra system call), a
 * timeout for any stage, and the monotonic clock.
 */
public final class Time {
    private Time() {
    }

    /** The monotonic clock, in nanoseconds from an arbitrary origin (the Rust {@code Instant::now()}). */
    public static long nanoTime() {
        return System.nanoTime();
    }

    /** Completes after {@code duration} on the {@link EventLoop#current() current} loop. */
    public static CompletionStage<Void> sleep(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("negative duration: " + duration);
        }
        return sleepUntil(EventLoop.current(), System.nanoTime() + saturatedNanos(duration));
    }

    /** Completes when {@link #nanoTime()} reaches {@code deadlineNanos}. Cancel the stage to stop the timer. */
    public static CompletionStage<Void> sleepUntil(EventLoop loop, long deadlineNanos) {
        FutureOperation<Void> op = Ops.done();
        op.prepareSleep(deadlineNanos);
        loop.submit(op);
        return op.future();
    }

    /**
     * The stage's outcome if it completes within {@code limit}; otherwise cancels it (for a
     * rusticated operation: a kernel cancel) and fails with {@link TimeoutException} once it
     * has settled, so memory lent to the kernel is back by then. An operation that completes
     * anyway, racing the cancel, delivers its result: bytes already read are never dropped.
     */
    public static <T> CompletionStage<T> timeout(CompletionStage<T> stage, Duration limit) {
        CompletableFuture<T> target = stage.toCompletableFuture();
        CompletableFuture<Void> timer = sleep(limit).toCompletableFuture();
        CompletableFuture<T> result = new CompletableFuture<>();
        // Set before the cancel: a backend may settle the target inside cancel() itself.
        AtomicBoolean timedOut = new AtomicBoolean();
        timer.thenRun(() -> {
            if (!target.isDone()) {
                timedOut.setRelease(true);
                target.cancel(false);
            }
        });
        target.whenComplete((v, e) -> {
            timer.cancel(false);
            if (e == null) {
                result.complete(v); // finished before the cancel took: its result is not lost
            } else if (timedOut.getAcquire()) {
                result.completeExceptionally(new TimeoutException("timed out after " + limit));
            } else {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 2;
        }
    }
}
