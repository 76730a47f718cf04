package io.rusticated.jdk;

import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileLock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The JDK's lock future, its lock shown as the rusticated channel's ({@link SiblingLock}); cancelling cancels the JDK's. */
final class LockFuture implements Future<FileLock> {
    private final AsynchronousFileChannel channel;
    private final Future<FileLock> inner;

    LockFuture(AsynchronousFileChannel channel, Future<FileLock> inner) {
        this.channel = channel;
        this.inner = inner;
    }

    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        return inner.cancel(mayInterruptIfRunning);
    }

    @Override
    public boolean isCancelled() {
        return inner.isCancelled();
    }

    @Override
    public boolean isDone() {
        return inner.isDone();
    }

    @Override
    public FileLock get() throws InterruptedException, ExecutionException {
        return new SiblingLock(channel, inner.get());
    }

    @Override
    public FileLock get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
        return new SiblingLock(channel, inner.get(timeout, unit));
    }
}
