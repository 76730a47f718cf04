package io.rusticated.rt;

import io.rusticated.io.Buffer;
import io.rusticated.spi.Request;

import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.LongFunction;

/**
 * A file's sequential reads and writes, run one after another in the order they were asked for:
 * each starts when the previous one completed, at the position that one left. Positional reads
 * and writes do not wait here.
 *
 * <p>Where the OS keeps no position for the file (an overlapped handle on Windows) the cursor
 * keeps it in user space, and each request moves it by its byte count. Where the OS keeps it
 * ({@link EventLoop#kernelKeepsFilePosition()}) the requests ask for
 * {@link Request#CURRENT_POSITION}, and the order is still kept here: requests the kernel ran side
 * by side would each take the position before any of them moved it (io_uring reads every such
 * read at the same offset), and a thread pool runs them in any order.
 *
 * <p>A request holds its buffer from the call (lent to the request, as to an operation in flight)
 * until its future completes, and its future behaves as a loop request's: cancelling one that
 * still waits completes it at once with its buffer untouched; cancelling the running one asks the
 * OS, and the future completes with the OS's answer. Requests still waiting when the file is
 * closed fail with {@link AsynchronousCloseException}, as the running one does.
 *
 * <p>A write to a file opened for appending goes to the end wherever the cursor is (the driver
 * writes such a handle at its end for {@link Request#CURRENT_POSITION}), after which the cursor
 * is at an end it does not know: the next sequential read first asks the file's size.
 */
public final class FileCursor {
    /** The cursor is at the end of the file, whose size is not known here. */
    private static final long AT_END = -1;

    private final EventLoop loop;
    private final OwnedHandle handle;
    private final boolean append;
    /** The file's size, asked for at an unknown end; null where the OS keeps the position. */
    private final LongFunction<CompletableFuture<Long>> size;
    private final ArrayDeque<Sequential> waiting = new ArrayDeque<>(); // guarded by this
    private Sequential running; // guarded by this
    private long position;      // guarded by this

    /**
     * A cursor keeping the position in user space.
     *
     * @param size the file's current size, asked for when the cursor is at an unknown end (the
     *             argument is the handle)
     */
    public FileCursor(EventLoop loop, OwnedHandle handle, boolean append, LongFunction<CompletableFuture<Long>> size) {
        this(loop, handle, append, Objects.requireNonNull(size, "size"), true);
    }

    private FileCursor(EventLoop loop, OwnedHandle handle, boolean append, LongFunction<CompletableFuture<Long>> size, boolean userSpace) {
        this.loop = loop;
        this.handle = handle;
        this.append = append;
        this.size = userSpace ? size : null;
    }

    /** Only the order of the requests, for a file whose position the OS keeps. */
    public static FileCursor osPosition(EventLoop loop, OwnedHandle handle) {
        return new FileCursor(loop, handle, false, null, false);
    }

    /** Where the next sequential read or write goes, as far as the cursor knows (-1: at the end). */
    public synchronized long position() {
        checkUserSpace();
        return position;
    }

    /** Moves the cursor (as a seek does). */
    public synchronized void position(long newPosition) {
        checkUserSpace();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position: " + newPosition);
        }
        position = newPosition;
    }

    private void checkUserSpace() {
        if (size == null) {
            throw new IllegalStateException("the OS keeps this file's position, not the cursor");
        }
    }

    /** Reads at the cursor into the buffer's spare capacity and advances it by the count. */
    public CompletableFuture<Integer> read(Buffer buffer) {
        if (buffer.spare() == 0) {
            throw new IllegalArgumentException("buffer has no spare capacity to read into (length " + buffer.length() + " = capacity)");
        }
        return enqueue(new Sequential(buffer, false));
    }

    /** Writes the buffer's filled part at the cursor (at the end, appending) and advances it by the count. */
    public CompletableFuture<Integer> write(Buffer buffer) {
        return enqueue(new Sequential(Objects.requireNonNull(buffer, "buffer"), true));
    }

    private CompletableFuture<Integer> enqueue(Sequential r) {
        r.buffer.lendTo(r); // a buffer already lent is refused here, before anything is queued
        r.lent = true;
        if (handle.isClosing()) {
            r.settle(null, new ClosedChannelException());
            return r;
        }
        synchronized (this) {
            if (running != null) {
                waiting.addLast(r);
                return r;
            }
            running = r;
        }
        start(r);
        return r;
    }

    /** Runs the request now at the head: at the cursor, after asking the size if it is at an unknown end. */
    private void start(Sequential r) {
        if (handle.isClosing()) {
            finish(r, null, new AsynchronousCloseException());
            return;
        }
        atPosition(r.write).whenComplete((at, e) -> {
            if (e != null) {
                finish(r, null, e);
                return;
            }
            boolean cancelled;
            synchronized (this) {
                cancelled = r.cancelRequested;
            }
            if (cancelled) {
                finish(r, null, new CancellationException("sequential " + r.kind() + " cancelled"));
                return;
            }
            r.returnBuffer();
            CompletableFuture<Integer> io;
            try {
                io = r.write ? loop.write(handle, r.buffer, at) : loop.read(handle, r.buffer, at);
            } catch (RuntimeException refused) {
                finish(r, null, refused);
                return;
            }
            boolean cancelNow;
            synchronized (this) {
                r.io = io;
                cancelNow = r.cancelRequested;
            }
            if (cancelNow) {
                io.cancel(true);
            }
            io.whenComplete((n, f) -> {
                if (f == null) {
                    advance(r.write, at, n);
                }
                finish(r, n, f);
            });
        });
    }

    private CompletableFuture<Long> atPosition(boolean write) {
        if (size == null || (write && append)) {
            return CompletableFuture.completedFuture(Request.CURRENT_POSITION);
        }
        long at;
        synchronized (this) {
            at = position;
        }
        return at == AT_END ? size.apply(handle.handle()) : CompletableFuture.completedFuture(at);
    }

    private synchronized void advance(boolean write, long at, int n) {
        if (size == null) {
            return;
        }
        position = write && append ? AT_END : at + n;
    }

    /** Settles the request that ran and starts the next one waiting. */
    private void finish(Sequential r, Integer n, Throwable e) {
        Sequential next;
        synchronized (this) {
            next = waiting.pollFirst();
            running = next;
        }
        r.settle(n, e);
        if (next != null) {
            start(next);
        }
    }

    /** A request's future: completes only with the request's outcome, its buffer back with the caller. */
    private final class Sequential extends CompletableFuture<Integer> {
        final Buffer buffer;
        final boolean write;
        /** The buffer is lent to this request (not yet to its operation, or no longer). Thread running the request only. */
        boolean lent;
        /** Guarded by the cursor. */
        boolean cancelRequested;
        /** The loop's future of the running read or write; guarded by the cursor. */
        CompletableFuture<Integer> io;

        Sequential(Buffer buffer, boolean write) {
            this.buffer = buffer;
            this.write = write;
        }

        String kind() {
            return write ? "write" : "read";
        }

        void returnBuffer() {
            if (lent) {
                lent = false;
                buffer.returnFrom(this, 0);
            }
        }

        void settle(Integer n, Throwable e) {
            returnBuffer();
            if (e != null) {
                super.completeExceptionally(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            } else {
                super.complete(n);
            }
        }

        /** Completes at once if the request still waits; else asks the OS, whose answer completes it. */
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            CompletableFuture<Integer> inFlight;
            synchronized (FileCursor.this) {
                if (isDone() || cancelRequested) {
                    return !isDone();
                }
                cancelRequested = true;
                if (waiting.remove(this)) {
                    inFlight = null;
                } else {
                    inFlight = io; // null while its size is asked: start() sees the flag
                    if (inFlight == null) {
                        return true;
                    }
                }
            }
            if (inFlight == null) {
                settle(null, new CancellationException("sequential " + kind() + " cancelled before it started"));
            } else {
                inFlight.cancel(mayInterruptIfRunning);
            }
            return true;
        }

        @Override
        public boolean complete(Integer value) {
            throw new UnsupportedOperationException("only the request's outcome completes this future; cancel() it instead");
        }

        @Override
        public boolean completeExceptionally(Throwable ex) {
            throw new UnsupportedOperationException("only the request's outcome completes this future; cancel() it instead");
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }
    }
}
