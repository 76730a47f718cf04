package io.rusticated.rt;

import java.util.concurrent.CompletableFuture;

/**
 * An operation whose outcome is a {@link CompletableFuture}, completed on the loop thread.
 *
 * <p>Cancelling the future asks the kernel to cancel; the future completes only when the
 * operation's own completion arrives, with a {@link java.util.concurrent.CancellationException}
 * or with the result if the OS finished first. So a completed future always means the buffer is
 * back with the caller. This differs from {@link CompletableFuture#cancel}, which completes at once.
 */
public abstract class FutureOperation<T> extends Operation {
    private final Outcome<T> outcome = new Outcome<>(this);

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

    /** A future that only its operation completes. */
    static final class Outcome<T> extends CompletableFuture<T> {
        private final Operation op;

        Outcome(Operation op) {
            this.op = op;
        }

        void settle(T value) {
            super.complete(value);
        }

        void settleExceptionally(Throwable t) {
            super.completeExceptionally(t);
        }

        /** Requests a kernel cancel; completion follows the kernel's answer. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            if (isDone()) {
                return false;
            }
            op.cancel();
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
}
