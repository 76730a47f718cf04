package io.rusticated.jdk;

import io.rusticated.rt.EventLoop;

import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A group whose handlers run on an executor: {@code withCachedThreadPool}, {@code withThreadPool},
 * and the default group. Its channels' operations run on one loop (rusticated's shared loop) and
 * complete there; handlers are handed to the executor, never run on the loop thread, because
 * such handlers may block (that is what a cached pool is for). The group owns the executor:
 * termination shuts it down, and the group is terminated when the executor is.
 *
 * <p>The {@code initialSize} the JDK's group gives its executor (that many of its threads poll
 * for I/O events) has no use here, where the loop polls: it is accepted and ignored, except for
 * the default group, which starts that many handler threads (see {@link DefaultGroupPool}).
 */
final class ExecutorGroup extends AioGroup {
    private final EventLoop loop;
    private final ExecutorService executor;

    ExecutorGroup(AsynchronousChannelProvider provider, EventLoop loop, ExecutorService executor) {
        super(provider);
        this.loop = loop;
        this.executor = Objects.requireNonNull(executor, "'executor' is null");
    }

    @Override
    EventLoop nextLoop() {
        return loop;
    }

    @Override
    void executeOnPooledThread(Runnable task) {
        executor.execute(AioHandlers.pooled(this, task));
    }

    @Override
    boolean loopsRunHandlers() {
        return false;
    }

    @Override
    void terminate() {
        executor.shutdown();
    }

    @Override
    public boolean isTerminated() {
        return executor.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return executor.awaitTermination(timeout, unit);
    }

    @Override
    public String toString() {
        return "ExecutorGroup[" + executor + (isShutdown() ? ", shutdown" : "") + "]";
    }
}
