package io.rusticated.rt;

import io.rusticated.io.Buffer;
import io.rusticated.spi.Request;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;

/**
 * The position of a file whose OS keeps none for it (an overlapped handle on Windows), kept here
 * in user space: each sequential read or write runs at the cursor and moves it by its byte count.
 * They run one after another, in the order they were asked for, because the next one's offset
 * is known only when the previous one completed; positional reads and writes do not wait.
 *
 * <p>A write to a file opened for appending goes to the end wherever the cursor is (the driver
 * writes such a handle at its end for {@link Request#CURRENT_POSITION}), after which the cursor
 * is at an end it does not know: the next sequential read first asks the file's size.
 *
 * <p>Where the OS keeps the position ({@link EventLoop#kernelKeepsFilePosition()}) there is no
 * cursor: sequential requests ask for {@link Request#CURRENT_POSITION} and the kernel serialises them.
 */
public final class FileCursor {
    /** The cursor is at the end of the file, whose size is not known here. */
    private static final long AT_END = -1;

    private final EventLoop loop;
    private final OwnedHandle handle;
    private final boolean append;
    private final LongFunction<CompletableFuture<Long>> size;
    private final ArrayDeque<Runnable> waiting = new ArrayDeque<>();
    private long position; // guarded by this
    private boolean busy;  // guarded by this

    /**
     * @param size the file's current size, asked for when the cursor is at an unknown end (the
     *             argument is the handle)
     */
    public FileCursor(EventLoop loop, OwnedHandle handle, boolean append, LongFunction<CompletableFuture<Long>> size) {
        this.loop = loop;
        this.handle = handle;
        this.append = append;
        this.size = size;
    }

    /** Where the next sequential read or write goes, as far as the cursor knows (-1: at the end). */
    public synchronized long position() {
        return position;
    }

    /** Moves the cursor (as a seek does). */
    public synchronized void position(long newPosition) {
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position: " + newPosition);
        }
        position = newPosition;
    }

    /** Reads at the cursor into the buffer's spare capacity and advances it by the count. */
    public CompletableFuture<Integer> read(Buffer buffer) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        enqueue(() -> atPosition().thenCompose(at -> loop.read(handle, buffer, at).thenApply(n -> {
            advance(at, n);
            return n;
        })).whenComplete((n, e) -> finish(result, n, e)));
        return result;
    }

    /** Writes the buffer's filled part at the cursor (at the end, appending) and advances it by the count. */
    public CompletableFuture<Integer> write(Buffer buffer) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        enqueue(() -> {
            CompletableFuture<Integer> w;
            if (append) {
                w = loop.write(handle, buffer, Request.CURRENT_POSITION).thenApply(n -> {
                    synchronized (this) {
                        position = AT_END;
                    }
                    return n;
                });
            } else {
                w = atPosition().thenCompose(at -> loop.write(handle, buffer, at).thenApply(n -> {
                    advance(at, n);
                    return n;
                }));
            }
            w.whenComplete((n, e) -> finish(result, n, e));
        });
        return result;
    }

    private CompletableFuture<Long> atPosition() {
        long at;
        synchronized (this) {
            at = position;
        }
        return at == AT_END ? size.apply(handle.handle()) : CompletableFuture.completedFuture(at);
    }

    private synchronized void advance(long at, int n) {
        position = at + n;
    }

    private void enqueue(Runnable request) {
        synchronized (this) {
            if (busy) {
                waiting.addLast(request);
                return;
            }
            busy = true;
        }
        request.run();
    }

    private void finish(CompletableFuture<Integer> result, Integer n, Throwable e) {
        Runnable next;
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                busy = false;
            }
        }
        if (e != null) {
            result.completeExceptionally(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
        } else {
            result.complete(n);
        }
        if (next != null) {
            next.run();
        }
    }
}
