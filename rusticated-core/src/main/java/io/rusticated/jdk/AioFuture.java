package io.rusticated.jdk;

import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.nio.channels.Channel;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Future} of an asynchronous channel's operation (file or socket), with the JDK's
 * {@code PendingFuture} semantics: {@link #cancel} completes it at once with a
 * {@link CancellationException}, after telling the channel where it was given an {@code onCancel}
 * (a socket channel then refuses further reads, writes or accepts, as the JDK's does), and with
 * {@code mayInterruptIfRunning} closes the channel, which cancels its operations in the kernel.
 * The operation's own outcome, arriving later, is then discarded: its data never reaches the
 * caller's buffer. A failure that is not an {@link IOException} is wrapped in one, as the JDK's
 * {@code PendingFuture} and {@code CompletedFuture} wrap it for file and socket channels alike.
 *
 * <p>Deliberately not a {@link java.util.concurrent.CompletionStage}: the loop thread completes
 * it, and no caller code may be chained to run there. For the same reason, waiting for it on the
 * thread of the loop that completes it (a handler blocking on an operation of its own loop) would
 * wait for ever: {@link #get} refuses that.
 */
final class AioFuture<V> implements Future<V> {
    private final Channel channel;
    /** The loop that completes it, or null where no loop thread may wait on it (a blocking-pool call). */
    private final EventLoop loop;
    private final Runnable onCancel;
    private final CompletableFuture<V> result = new CompletableFuture<>();
    private final AtomicBoolean claimed = new AtomicBoolean();

    AioFuture(Channel channel) {
        this(channel, null, null);
    }

    /** {@code onCancel} runs once, before a successful cancel completes the future. */
    AioFuture(Channel channel, EventLoop loop, Runnable onCancel) {
        this.channel = channel;
        this.loop = loop;
        this.onCancel = onCancel;
    }

    /** A future whose outcome is known now (an immediate result, or a closed channel); it cannot be cancelled. */
    static <V> AioFuture<V> settled(Channel channel, V value, Throwable failure) {
        AioFuture<V> f = new AioFuture<>(channel);
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
            result.completeExceptionally(failure instanceof IOException || failure instanceof SecurityException
                    ? failure : new IOException(failure));
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
