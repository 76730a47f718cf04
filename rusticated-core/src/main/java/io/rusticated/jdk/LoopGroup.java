package io.rusticated.jdk;

import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed-pool group ({@code AsynchronousChannelGroup.withFixedThreadPool}): N rusticated loops,
 * each driven by one thread the group's {@link ThreadFactory} made, and each channel's operations
 * on one of them (assigned in turn). Completion handlers run on the loop thread that completed the
 * operation, which is a pooled thread of the group, so a completion costs no hand-off to another
 * thread; the JDK's fixed pool likewise runs I/O polling and handlers on the same threads.
 *
 * <p>The difference: the JDK's threads share one epoll set, so while one thread runs a handler
 * that blocks, the others serve every channel; here a channel is served by its own loop only, so
 * a blocking handler holds up the channels of its loop (and waiting there for an operation of the
 * same loop is refused by {@link AioFuture#get}). Handlers "should complete in a timely manner"
 * ({@link java.nio.channels.CompletionHandler}).
 *
 * <p>A handler that throws is reported to its thread's uncaught-exception handler and the loop
 * goes on (the JDK lets the thread die and makes a new one). Termination stops each loop after
 * the tasks queued before it, then closes it: operations still in flight are cancelled first.
 */
final class LoopGroup extends AioGroup {
    private final CountDownLatch threadsLeft;
    private final AtomicInteger next = new AtomicInteger();
    /** Set once every loop has started (the threads bind to the group before that). */
    private volatile List<EventLoop> loops = List.of();
    private volatile List<CompletableFuture<Void>> stops = List.of();

    private LoopGroup(AsynchronousChannelProvider provider, int nThreads) {
        super(provider);
        this.threadsLeft = new CountDownLatch(nThreads);
    }

    /** Starts {@code nThreads} loops on threads of the factory; fails if one cannot start or serve sockets. */
    static LoopGroup start(AsynchronousChannelProvider provider, int nThreads, ThreadFactory factory) throws IOException {
        if (nThreads <= 0) {
            throw new IllegalArgumentException("'nThreads' must be > 0");
        }
        List<EventLoop> loops = new ArrayList<>(nThreads);
        List<CompletableFuture<Void>> stops = new ArrayList<>(nThreads);
        LoopGroup group = new LoopGroup(provider, nThreads);
        for (int i = 0; i < nThreads; i++) {
            CompletableFuture<EventLoop> ready = new CompletableFuture<>();
            CompletableFuture<Void> stop = new CompletableFuture<>();
            Thread t = factory.newThread(() -> group.run(ready, stop));
            if (t == null) {
                group.abort(loops, stops, nThreads - i);
                throw new IOException("the thread factory " + factory + " made no thread");
            }
            t.start();
            try {
                EventLoop loop = ready.get();
                loops.add(loop);
                stops.add(stop);
            } catch (ExecutionException | InterruptedException e) {
                group.abort(loops, stops, nThreads - i - 1);
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("could not start a rusticated loop for the group", e instanceof ExecutionException ? e.getCause() : e);
            }
        }
        group.stops = List.copyOf(stops);
        group.loops = List.copyOf(loops);
        return group;
    }

    /** The body of each pooled thread: open a loop bound to this thread and drive it until stopped. */
    private void run(CompletableFuture<EventLoop> ready, CompletableFuture<Void> stop) {
        try {
            EventLoop loop;
            try {
                loop = EventLoop.open();
                if (!RusticatedAsynchronousChannelProvider.servesSockets(loop)) {
                    String backend = loop.backend().name();
                    loop.close();
                    throw new IllegalStateException("the " + backend + " backend serves no sockets");
                }
            } catch (Throwable e) {
                ready.completeExceptionally(e);
                return;
            }
            AioHandlers.bindForLife(this);
            ready.complete(loop);
            try {
                loop.blockOn(stop);
            } finally {
                loop.close();
            }
        } finally {
            threadsLeft.countDown();
        }
    }

    /** Start-up failed: stop the loops already running, and count the threads never started. */
    private void abort(List<EventLoop> started, List<CompletableFuture<Void>> startedStops, int neverStarted) {
        for (int i = 0; i < neverStarted; i++) {
            threadsLeft.countDown();
        }
        stop(started, startedStops);
    }

    @Override
    EventLoop nextLoop() {
        List<EventLoop> l = loops;
        return l.get(Math.floorMod(next.getAndIncrement(), l.size()));
    }

    @Override
    void executeOnPooledThread(Runnable task) {
        nextLoop().execute(() -> {
            try {
                task.run();
            } catch (Throwable t) {
                AioHandlers.reportUncaught(t);
            }
        }); // a closed loop throws LoopClosedException, a RejectedExecutionException
    }

    @Override
    boolean loopsRunHandlers() {
        return true;
    }

    @Override
    void terminate() {
        stop(loops, stops);
    }

    /** Each loop finishes the tasks queued before this, then its thread closes it. */
    private static void stop(List<EventLoop> loops, List<CompletableFuture<Void>> stops) {
        for (int i = 0; i < loops.size(); i++) {
            CompletableFuture<Void> stop = stops.get(i);
            try {
                loops.get(i).execute(() -> stop.complete(null));
            } catch (RejectedExecutionException e) {
                // that loop already closed
            }
        }
    }

    @Override
    public boolean isTerminated() {
        return threadsLeft.getCount() == 0;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return threadsLeft.await(timeout, unit);
    }

    @Override
    public String toString() {
        return "LoopGroup[" + loops.size() + " loops" + (isShutdown() ? ", shutdown" : "") + (isTerminated() ? ", terminated" : "") + "]";
    }
}
