package io.rusticated.jdk;

import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.nio.channels.AsynchronousChannel;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Future} of an asynchronous socket channel's operation, with the JDK's
 * {@code PendingFuture} semantics: {@link #cancel} completes it at once with a
 * {@link java.util.concurrent.CancellationException} after telling the channel (which then refuses
 * further reads, writes or accepts, as the JDK's does), and with {@code mayInterruptIfRunning}
 * closes the channel. The operation's own outcome, arriving later, is then discarded; its data
 * never reaches the caller's buffer. A failure that is not an {@link IOException} is wrapped in
 * one, as the JDK wraps it.
 *
 * <p>Waiting for it on the thread of the loop that completes it would wait for ever (a handler
 * of a fixed-pool group blocking on an operation of its own loop): {@link #get} refuses that.
 */
final class SocketFuture<V> implements Future<V> {
    private final AsynchronousChannel channel;
    private final EventLoop loop;
    private final Runnable onCancel;
    private final CompletableFuture<V> result = new CompletableFuture<>();
    private final AtomicBoolean claimed = new AtomicBoolean();

    /** {@code onCancel} runs once, before a successful cancel completes the future. */
    SocketFuture(AsynchronousChannel channel, EventLoop loop, Runnable onCancel) {
        this.channel = channel;
        this.loop = loop;
        this.onCancel = onCancel;
    }

    /** A future whose outcome is known now (an immediate result, or a closed channel); it cannot be cancelled. */
    static <V> SocketFuture<V> settled(V value, Throwable failure) {
        SocketFuture<V> f = new SocketFuture<>(null, null, null);
        f.claim();
        f.settle(value, failure);
        return f;
    }

    /** Takes the right to settle: true once, for the completion or for a cancel, whichever comes first. */
    boolean claim() {
        return claimed.compareAndSet(false, true);
    }

    /** After a successful {@link #claim()}. */
    void settle(V value, Throwable failure) {
        if (failure == null) {
            result.complete(value);
        } else {
            result.completeExceptionally(failure instanceof IOException ? failure : new IOException(failure));
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!claim()) {
            return false;
        }
        if (onCancel != null) {
            onCancel.run();
        }
        result.cancel(false);
        if (mayInterruptIfRunning) {
            try {
                channel.close();
            } catch (IOException ignore) {
                // the JDK ignores it too
            }
        }
        return true;
    }

    @Override
    public boolean isCancelled() {
        return result.isCancelled();
    }

    @Override
    public boolean isDone() {
        return result.isDone();
    }

    @Override
    public V get() throws InterruptedException, ExecutionException {
        refuseOwnLoop();
        try {
            return result.get();
        } catch (CancellationException e) {
            throw new CancellationException(); // the JDK's has no message
        }
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        refuseOwnLoop();
        try {
            return result.get(timeout, unit);
        } catch (CancellationException e) {
            throw new CancellationException();
        }
    }

    private void refuseOwnLoop() {
        if (loop != null && !result.isDone() && loop.isLoopThread()) {
            throw new IllegalStateException("waiting on " + Thread.currentThread().getName()
                    + " for an operation that only this thread can complete would never return; use a CompletionHandler");
        }
    }
}
