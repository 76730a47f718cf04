package io.rusticated.jdk;

import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.nio.channels.AsynchronousChannel;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.ShutdownChannelGroupException;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A channel group of the rusticated provider: the loops its channels run their operations on,
 * the pooled threads its completion handlers run on, and the channels bound to it, with the JDK's
 * shutdown rules. {@link #shutdown()} refuses new channels and terminates once the last channel
 * closed; {@link #shutdownNow()} closes them all first. Termination stops the group's threads;
 * handlers running then finish first.
 */
abstract sealed class AioGroup extends AsynchronousChannelGroup permits LoopGroup, ExecutorGroup {
    /** Guards {@link #channels} and {@link #shutdown} together, so no channel joins a group shutting down. */
    private final Object lock = new Object();
    private final Set<AsynchronousChannel> channels = new HashSet<>();
    private volatile boolean shutdown;
    private boolean terminating;

    AioGroup(AsynchronousChannelProvider provider) {
        super(provider);
    }

    /** The loop a new channel of this group runs its operations on. */
    abstract EventLoop nextLoop();

    /**
     * Runs a task (a handler call) on one of the group's pooled threads.
     *
     * @throws java.util.concurrent.RejectedExecutionException once the group has terminated
     */
    abstract void executeOnPooledThread(Runnable task);

    /** Stops the group's threads: every channel is closed (or the group was shut down forcefully). Once. */
    abstract void terminate();

    /** Whether the loops of this group run completion handlers (a fixed pool), so may be waiting for the caller. */
    abstract boolean loopsRunHandlers();

    /**
     * Waits, after a channel's close, for its socket to be closed on its loop, so that the port is
     * free and the peer has its FIN when {@code close} returns, as with the JDK. Not on a loop
     * thread, which would wait for itself; and on a loop that runs handlers for at most
     * {@value #CLOSE_WAIT_MILLIS} ms, because a handler there may be waiting for a lock the
     * caller holds (the socket still closes, a moment later).
     */
    final void awaitClosed(EventLoop loop, CompletableFuture<Void> closed) {
        if (loop.isLoopThread() || AioHandlers.onLoopThread()) {
            return;
        }
        try {
            if (loopsRunHandlers()) {
                closed.get(CLOSE_WAIT_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                closed.join();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException | ExecutionException | RuntimeException e) {
            // still closing, or the loop closed under us and closed the socket itself
        }
    }

    static final long CLOSE_WAIT_MILLIS = 50;

    /** Binds a new channel to the group; refused once the group is shut down. */
    void register(AsynchronousChannel channel) {
        synchronized (lock) {
            if (shutdown) {
                throw new ShutdownChannelGroupException();
            }
            channels.add(channel);
        }
    }

    /** A channel closed; the last one to close in a shut-down group terminates it. */
    void unregister(AsynchronousChannel channel) {
        boolean last;
        synchronized (lock) {
            last = channels.remove(channel) && channels.isEmpty() && shutdown;
        }
        if (last) {
            startTermination();
        }
    }

    @Override
    public final boolean isShutdown() {
        return shutdown;
    }

    @Override
    public final void shutdown() {
        synchronized (lock) {
            if (shutdown) {
                return;
            }
            shutdown = true;
            if (!channels.isEmpty()) {
                return; // the last channel to close terminates the group
            }
        }
        startTermination();
    }

    @Override
    public final void shutdownNow() throws IOException {
        List<AsynchronousChannel> open;
        synchronized (lock) {
            shutdown = true; // from here no channel joins, accepted ones included: one pass closes them all
            open = new ArrayList<>(channels);
        }
        for (AsynchronousChannel c : open) {
            try {
                c.close();
            } catch (IOException ignore) {
                // closed as far as it can be, as the JDK's closeAllChannels ignores it
            }
        }
        startTermination();
    }

    private void startTermination() {
        synchronized (lock) {
            if (terminating) {
                return;
            }
            terminating = true;
        }
        terminate();
    }
}
