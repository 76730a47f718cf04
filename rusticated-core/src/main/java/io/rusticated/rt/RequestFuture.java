package io.rusticated.rt;

import java.util.concurrent.CompletableFuture;

/**
 * The future of one request to a loop: only its operation completes it, on the loop thread.
 *
 * <p>Cancelling it asks the kernel to cancel and returns; the future completes only when the
 * operation's own completion arrives, with a {@link java.util.concurrent.CancellationException} or
 * with the result if the OS finished first. So a completed future always means the buffer is back
 * with the caller. This differs from {@link CompletableFuture#cancel}, which completes at once.
 *
 * <p>Its one field beyond {@link CompletableFuture}'s two fits in the padding of their 24-byte
 * object (compressed class pointers), so a fresh future per request costs 24 bytes.
 */
final class RequestFuture<T> extends CompletableFuture<T> {
    /** The operation serving this request; a recycled one serves later requests too (see {@link Operation#cancelRequest}). */
    private final Operation op;

    RequestFuture(Operation op) {
        this.op = op;
    }

    /** Loop thread. */
    void settle(T value) {
        super.complete(value);
    }

    /** Loop thread, or the submitting thread when the loop was closed. */
    void settleExceptionally(Throwable t) {
        super.completeExceptionally(t);
    }

    /** Requests a kernel cancel; completion follows the kernel's answer. */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (isDone()) {
            return false;
        }
        op.cancelRequest(this);
        return true;
    }

    @Override
    public boolean complete(T value) {
        throw new UnsupportedOperationException("only the operation completes this future; cancel() it instead");
    }

    @Override
    public boolean completeExceptionally(Throwable ex) {
        throw new UnsupportedOperationException("only the operation completes this future; cancel() it instead");
    }

    @Override
    public void obtrudeValue(T value) {
        throw new UnsupportedOperationException("only the operation completes this future");
    }

    @Override
    public void obtrudeException(Throwable ex) {
        throw new UnsupportedOperationException("only the operation completes this future");
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }
}
