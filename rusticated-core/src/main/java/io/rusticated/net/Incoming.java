package io.rusticated.net;

import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.MultishotOperation;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Platform;
import io.rusticated.time.Time;

import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The connections a listener accepts, as a stream: one multishot accept where the backend has it
 * (io_uring 5.19+), else one accept at a time kept in flight, with at most {@code maxQueued}
 * accepted connections waiting for {@link #next()}. When the queue is full, accepting stops
 * (the kernel's listen backlog holds further clients) and resumes as it drains.
 *
 * <p>An accept error (too many open files, an aborted connection) goes to one waiting
 * {@link #next()} and accepting resumes: at once after a first error, after a pause of one second
 * while errors persist, so a listener that stays readable while descriptors are exhausted never
 * spins. Confined to the loop thread; {@link #next()} and {@link #close()} may be called from any
 * thread.
 *
 * @param <S> the stream type
 */
public final class Incoming<S> {
    private static final Duration PAUSE = Duration.ofSeconds(1);

    private final Sock listener;
    private final Function<Sock, S> wrap;
    private final int maxQueued;
    private final boolean multishot;
    private final ArrayDeque<Long> queued = new ArrayDeque<>();
    private final ArrayDeque<CompletableFuture<S>> waiters = new ArrayDeque<>();
    private Accepting accepting;
    private FutureOperation<Long> single;
    private boolean paused;
    /**
     * The multishot accept was cancelled because the queue filled up, not because the stream
     * closed: its cancellation may arrive after {@link #next()} drained the queue again, and must
     * then re-arm rather than end the stream.
     */
    private boolean stoppedForRoom;
    private int errorsInARow;
    private boolean closed;

    Incoming(Sock listener, Function<Sock, S> wrap, int maxQueued) {
        if (maxQueued < 1) {
            throw new IllegalArgumentException("maxQueued must be positive: " + maxQueued);
        }
        this.listener = listener;
        this.wrap = wrap;
        this.maxQueued = maxQueued;
        this.multishot = listener.loop.supportsMultishot(Opcode.ACCEPT);
        onLoop(this::arm);
    }

    private EventLoop loop() {
        return listener.loop;
    }

    private void onLoop(Runnable r) {
        if (loop().isLoopThread()) {
            r.run();
        } else {
            loop().execute(r);
        }
    }

    /** Whether the loop serves this stream with one multishot accept. */
    public boolean isMultishot() {
        return multishot;
    }

    /** The next connection; fails with {@link ClosedChannelException} once this stream is closed. */
    public CompletionStage<S> next() {
        CompletableFuture<S> f = new CompletableFuture<>();
        onLoop(() -> {
            if (closed) {
                f.completeExceptionally(new ClosedChannelException());
                return;
            }
            Long fd = queued.pollFirst();
            if (fd != null) {
                f.complete(wrap.apply(Sock.adopt(loop(), fd, listener.family, listener.type)));
                arm();
            } else {
                waiters.addLast(f);
            }
        });
        return f;
    }

    /**
     * Stops accepting: the accept in flight is cancelled, queued connections are closed, waiting
     * {@link #next()} calls fail with {@link AsynchronousCloseException}. The listener stays open.
     */
    public CompletionStage<Void> close() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        onLoop(() -> {
            closed = true;
            if (accepting != null) {
                accepting.cancel();
            }
            if (single != null) {
                single.future().cancel(false);
            }
            for (Long fd : queued) {
                Platform.closeHandle(fd);
            }
            queued.clear();
            CompletableFuture<S> w;
            while ((w = waiters.pollFirst()) != null) {
                w.completeExceptionally(new AsynchronousCloseException());
            }
            done.complete(null);
        });
        return done;
    }

    /** Loop thread: accepts while there is room and nothing is accepting already. */
    private void arm() {
        if (closed || paused || queued.size() >= maxQueued || accepting != null || single != null || !listener.isOpen()) {
            return;
        }
        if (multishot) {
            accepting = new Accepting();
            accepting.prepareAcceptMultishot(listener.fd());
            loop().submit(listener.handle, accepting);
        } else {
            FutureOperation<Long> op = new FutureOperation<>() {
                @Override
                protected Long result(long fd) {
                    return fd;
                }
            };
            single = op;
            op.prepareAccept(listener.fd());
            loop().submit(listener.handle, op);
            op.future().whenComplete((fd, e) -> {
                single = null;
                if (e == null) {
                    accepted(fd);
                    arm();
                } else {
                    ended(e, false);
                }
            });
        }
    }

    /** The oldest waiter still waiting: one the caller cancelled meanwhile must not swallow a connection. */
    private CompletableFuture<S> nextWaiter() {
        CompletableFuture<S> w;
        while ((w = waiters.pollFirst()) != null && w.isDone()) {
            // cancelled by its caller
        }
        return w;
    }

    /** Loop thread: one new connection. */
    private void accepted(long fd) {
        errorsInARow = 0;
        if (closed) {
            Platform.closeHandle(fd);
            return;
        }
        CompletableFuture<S> w = nextWaiter();
        if (w != null) {
            w.complete(wrap.apply(Sock.adopt(loop(), fd, listener.family, listener.type)));
        } else {
            queued.addLast(fd);
            if (queued.size() >= maxQueued && accepting != null && !stoppedForRoom) {
                stoppedForRoom = true;
                accepting.cancel(); // full: the listen backlog holds the rest until the queue drains
            }
        }
    }

    /** Loop thread: the accept (or the multishot series) ended. */
    private void ended(Throwable e, boolean forRoom) {
        Throwable cause = Net.cause(e);
        if (closed) {
            return;
        }
        if (forRoom && cause instanceof CancellationException) {
            arm(); // stopped on purpose: accepts again if next() drained the queue meanwhile, else next() re-arms
            return;
        }
        if (cause instanceof CancellationException || cause instanceof AsynchronousCloseException || cause instanceof ClosedChannelException
                || !listener.isOpen()) {
            closed = true;
            CompletableFuture<S> w;
            while ((w = waiters.pollFirst()) != null) {
                w.completeExceptionally(new AsynchronousCloseException());
            }
            return;
        }
        CompletableFuture<S> w = nextWaiter();
        if (w != null) {
            w.completeExceptionally(cause);
        }
        if (++errorsInARow == 1) {
            arm();
            return;
        }
        paused = true;
        Time.sleepUntil(loop(), System.nanoTime() + PAUSE.toNanos()).whenComplete((v, x) -> {
            paused = false;
            arm();
        });
    }

    /** The multishot accept. */
    private final class Accepting extends MultishotOperation {
        @Override
        protected void next(long fd, Object payload) {
            accepted(fd);
        }

        @Override
        protected void complete(long result, Throwable failure) {
            accepting = null;
            boolean forRoom = stoppedForRoom;
            stoppedForRoom = false;
            if (failure == null) {
                accepted(result); // a final result without more to follow: accept again
                arm();
            } else {
                ended(failure, forRoom);
            }
        }
    }
}
