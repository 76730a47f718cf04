package io.rusticated.rt;

import java.util.concurrent.CompletableFuture;

/**
 * A one-shot operation whose outcome is a {@link CompletableFuture}, completed on the loop thread:
 * one operation and one future per request. Cancelling the future asks the kernel to cancel and
 * completes it only with the operation's own completion (see {@link RequestFuture}). Reads and
 * writes use recycled operations instead ({@link EventLoop#read}, {@link EventLoop#write}).
 */
public abstract class FutureOperation<T> extends Operation {
    private final RequestFuture<T> outcome = new RequestFuture<>(this);

    /** The outcome; {@code cancel} on it maps to {@link Operation#cancel()}. */
    public final CompletableFuture<T> future() {
        return outcome;
    }

    /** Turns a successful raw result into the future's value (on the loop thread). */
    protected abstract T result(long value) throws Exception;

    @Override
    protected final void complete(long value, Throwable failure) {
        if (failure != null) {
            outcome.settleExceptionally(failure);
            return;
        }
        T r;
        try {
            r = result(value);
        } catch (Throwable t) {
            outcome.settleExceptionally(t);
            return;
        }
        outcome.settle(r);
    }
}
