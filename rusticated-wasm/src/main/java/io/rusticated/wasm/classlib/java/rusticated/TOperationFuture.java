package io.rusticated.wasm.classlib.java.rusticated;

import io.rusticated.wasm.classlib.java.util.concurrent.TFuture;
import io.rusticated.wasm.classlib.java.util.concurrent.TTimeoutException;
import io.rusticated.wasm.rt.Latch;
import io.rusticated.wasm.rt.Operation;
import io.rusticated.wasm.rt.Proactor;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The Future of one channel operation (a substitute: TeaVM knows it as
 * {@code java.rusticated.OperationFuture}, so that it implements the substituted Future): completed from the proactor's tick; {@code get()} suspends
 * the calling fiber until then. Cancelling asks the host to stop the operation; the future is
 * cancelled at once, while the operation's memory stays lent until its own completion.
 */
public final class TOperationFuture<V> implements TFuture<V> {
    private final Latch settled = new Latch();
    private Operation op;
    private V value;
    private Throwable failure;
    private boolean cancelled;

    public void attach(Operation operation) {
        op = operation;
    }

    public void complete(V v) {
        if (!settled.isOpen()) {
            value = v;
            settled.open();
        }
    }

    public void fail(Throwable t) {
        if (!settled.isOpen()) {
            failure = t;
            settled.open();
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (settled.isOpen()) {
            return false;
        }
        cancelled = true;
        if (op != null) {
            Proactor.cancel(op);
        }
        settled.open();
        return true;
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    @Override
    public boolean isDone() {
        return settled.isOpen();
    }

    @Override
    public V get() throws ExecutionException {
        settled.await();
        return result();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws ExecutionException, TTimeoutException {
        if (!settled.await(unit.toNanos(timeout))) {
            throw new TTimeoutException();
        }
        return result();
    }

    private V result() throws ExecutionException {
        if (cancelled) {
            throw new CancellationException();
        }
        if (failure != null) {
            throw new ExecutionException(failure);
        }
        return value;
    }
}
