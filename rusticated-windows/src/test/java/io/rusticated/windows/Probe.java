package io.rusticated.windows;

import io.rusticated.rt.Operation;

import java.util.concurrent.CompletableFuture;

/** An operation that counts its completions (a driver must deliver each exactly once) and exposes the last one. */
final class Probe extends Operation {
    int completions;
    private CompletableFuture<Long> done = new CompletableFuture<>();

    /** The outcome of the request now in flight; a fresh future after each completion. */
    CompletableFuture<Long> done() {
        return done;
    }

    @Override
    protected void complete(long result, Throwable failure) {
        completions++;
        CompletableFuture<Long> d = done;
        done = new CompletableFuture<>();
        if (failure != null) {
            d.completeExceptionally(failure);
        } else {
            d.complete(result);
        }
    }
}
