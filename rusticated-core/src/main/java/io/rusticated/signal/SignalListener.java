package io.rusticated.signal;

import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopClosedException;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Receives one signal, repeatedly, on an event loop. Deliveries are counted: each one completes
 * one {@link #next()} stage, whether the stage was asked for before or after the signal came (the
 * OS itself merges a standard signal that arrives again before it is handled). {@link #close()}
 * stops listening; when the last listener of a signal closes, the signal's previous handler is
 * put back.
 */
public final class SignalListener implements AutoCloseable {
    private final EventLoop loop;
    private final Signal signal;
    private final SignalDispatch.Subscriber subscriber = this::delivered;
    /** Deliveries not yet handed to a {@link #next()}; loop thread only. */
    private int pending;
    /** The stage waiting for the next delivery; loop thread only. */
    private CompletableFuture<Signal> waiter;
    private volatile boolean closed;

    SignalListener(EventLoop loop, Signal signal) {
        this.loop = loop;
        this.signal = signal;
        SignalDispatch.subscribe(signal, subscriber);
    }

    public Signal signal() {
        return signal;
    }

    /**
     * Completes (on the loop thread) with the signal at its next delivery, or at once if a
     * delivery is already pending. One stage may wait at a time.
     *
     * @throws IllegalStateException if the listener is closed or another {@code next()} still waits
     */
    public CompletionStage<Signal> next() {
        if (closed) {
            throw new IllegalStateException(signal + " listener is closed");
        }
        CompletableFuture<Signal> f = new CompletableFuture<>();
        onLoop(() -> {
            if (closed) {
                f.completeExceptionally(new CancellationException(signal + " listener closed"));
            } else if (waiter != null) {
                f.completeExceptionally(new IllegalStateException("another next() on the " + signal + " listener is still waiting"));
            } else {
                waiter = f;
                handOut();
            }
        });
        return f;
    }

    private void delivered(Signal s) {
        // On the JVM's signal handler thread: hand the delivery to the loop, nothing more.
        try {
            loop.execute(() -> {
                pending++;
                handOut();
            });
        } catch (LoopClosedException e) {
            // The loop is gone: nobody can receive this or later deliveries.
            close();
        }
    }

    private void handOut() {
        if (waiter != null && pending > 0) {
            pending--;
            CompletableFuture<Signal> w = waiter;
            waiter = null;
            w.complete(signal);
        }
    }

    private void onLoop(Runnable r) {
        if (loop.isLoopThread()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    /** Stops listening; a waiting {@link #next()} fails with {@link CancellationException}. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        SignalDispatch.unsubscribe(signal, subscriber);
        try {
            onLoop(() -> {
                CompletableFuture<Signal> w = waiter;
                waiter = null;
                if (w != null) {
                    w.completeExceptionally(new CancellationException(signal + " listener closed"));
                }
            });
        } catch (LoopClosedException e) {
            // nothing can be waiting on a closed loop
        }
    }

    public boolean isClosed() {
        return closed;
    }

    @Override
    public String toString() {
        return "SignalListener[" + signal + (closed ? ", closed" : "") + "]";
    }
}
