package io.rusticated.process;

import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import io.rusticated.spi.Platform;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What both ends of a pipe share: the handle, the loop its reads and writes go to, and the
 * states it moves through (open, moved to a child, closed).
 */
abstract sealed class PipeEnd permits PipeReader, PipeWriter {
    private static final int OPEN = 0;
    private static final int MOVED = 1;
    private static final int CLOSED = 2;

    final EventLoop loop;
    final long handle;
    private final String name;
    private int state = OPEN;

    PipeEnd(EventLoop loop, long handle, String name) {
        this.loop = loop;
        this.handle = handle;
        this.name = name;
    }

    /** The OS handle (a file descriptor on Unix). */
    public long handle() {
        return handle;
    }

    public EventLoop loop() {
        return loop;
    }

    public synchronized boolean isOpen() {
        return state == OPEN;
    }

    /** Fails the stage if this end is closed or moved; null if it is usable. */
    final <T> CompletionStage<T> unusable() {
        synchronized (this) {
            if (state == OPEN) {
                return null;
            }
        }
        return CompletableFuture.failedFuture(new ClosedChannelException());
    }

    /** Hands the handle to a child being spawned; this process closes its copy once the child started. */
    final synchronized long moveToChild() {
        if (state != OPEN) {
            throw new IllegalStateException(this + " was already " + (state == MOVED ? "moved to a child" : "closed"));
        }
        state = MOVED;
        return handle;
    }

    /** Closes this process's copy now, synchronously (no operation may be in flight on it). */
    final void closeNow() {
        synchronized (this) {
            if (state == CLOSED) {
                return;
            }
            state = CLOSED;
        }
        Platform.process().close(handle);
    }

    /**
     * Closes the handle through the loop. Closing the write end is how a reader sees end of
     * input. Idempotent; a moved end has nothing left to close.
     */
    public CompletionStage<Void> close() {
        synchronized (this) {
            if (state != OPEN) {
                return CompletableFuture.completedFuture(null);
            }
            state = CLOSED;
        }
        FutureOperation<Void> op = Ops.done();
        op.prepareClose(handle);
        loop.submit(op);
        return op.future();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", handle=" + handle + (state == OPEN ? "" : state == MOVED ? ", moved" : ", closed") + "]";
    }

    static Buffer checkBuffer(Buffer b) {
        if (b == null) {
            throw new NullPointerException("buffer");
        }
        return b;
    }
}
