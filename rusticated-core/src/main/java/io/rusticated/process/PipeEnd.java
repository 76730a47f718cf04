package io.rusticated.process;

import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.OwnedHandle;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Platform;

import java.util.concurrent.CompletionStage;

/**
 * What both ends of a pipe share: the handle, owned on the loop its reads and writes go to, and
 * the ways it ends (closed here, or moved to a child).
 */
abstract sealed class PipeEnd permits PipeReader, PipeWriter {
    final EventLoop loop;
    final OwnedHandle handle;
    private final String name;

    PipeEnd(EventLoop loop, long handle, String name) {
        this.loop = loop;
        this.handle = new OwnedHandle(loop, handle, HandleRole.PIPE);
        this.name = name;
    }

    /** The OS handle (a file descriptor on Unix). */
    public long handle() {
        return handle.handle();
    }

    public EventLoop loop() {
        return loop;
    }

    public boolean isOpen() {
        return !handle.isClosing();
    }

    /**
     * Hands the handle to a child being spawned; this process closes its copy once the child
     * started ({@link #closeMoved}). Fails if it is closed, moved, or has an operation in flight.
     */
    final long moveToChild() {
        return handle.moveOut();
    }

    /** Closes this process's copy of a handle moved to a child, synchronously (nothing is in flight on it). */
    final void closeMoved() {
        Platform.closeHandle(handle.handle());
    }

    /**
     * Closes the handle once what is in flight on it completed (those operations fail with
     * {@link java.nio.channels.AsynchronousCloseException}). Closing the write end is how a reader
     * sees end of input. Idempotent; a moved end has nothing left to close.
     */
    public CompletionStage<Void> close() {
        return handle.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name + ", " + handle + "]";
    }

    static Buffer checkBuffer(Buffer b) {
        if (b == null) {
            throw new NullPointerException("buffer");
        }
        return b;
    }
}
