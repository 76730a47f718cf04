package io.rusticated.jdk;

import java.io.IOException;
import java.nio.channels.Channel;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The {@link Future} of an asynchronous channel operation, with the JDK's cancel semantics:
 * cancelling marks the result cancelled at once and the operation's outcome is then discarded
 * (the destination buffer is not touched afterwards); with {@code mayInterruptIfRunning} the
 * channel is closed, which cancels its operations in the kernel.
 *
 * <p>Deliberately not a {@link java.util.concurrent.CompletionStage}: the loop thread completes
 * it, and no caller code may be chained to run there.
 */
final class AioFuture<V> implements Future<V> {
    private final Channel channel;
    private final CompletableFuture<V> result = new CompletableFuture<>();
    private final AtomicBoolean claimed = new AtomicBoolean();

    AioFuture(Channel channel) {
        this.channel = channel;
    }

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
        if (failure != null) {
            result.completeExceptionally(failure);
        } else {
            result.complete(value);
        }
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        if (!claim()) {
            return false;
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
        return result.get();
    }

    @Override
    public V get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return result.get(timeout, unit);
    }
}
