package io.rusticated.rt;

import io.rusticated.io.BufferRing;

/**
 * An operation that completes many times: one submission, a {@link #next} per result on the
 * loop thread, then one final {@link #complete} (an error, or a cancellation after
 * {@link #cancel()}) that ends the series and releases its memory. On a backend without multishot
 * support for the opcode ({@link EventLoop#supportsMultishot}) callers issue single requests.
 */
public abstract class MultishotOperation extends Operation {
    /** Keeps accepting connections on a listening socket; each {@link #next} result is a new socket's handle. */
    public MultishotOperation prepareAcceptMultishot(long listener) {
        prepareAccept(listener);
        markMultishot();
        return this;
    }

    /** Keeps receiving into buffers the OS takes from {@code ring}; each {@link #next} payload is one, the reader's to release. */
    public MultishotOperation prepareRecvMultishot(long socket, BufferRing ring) {
        prepareRecvSelect(socket, ring);
        markMultishot();
        return this;
    }

    /**
     * One result (loop thread); the operation is still in flight, so it cannot be prepared again
     * here. Results keep coming after {@link #cancel()} until the final {@link #complete}: a handle
     * among them is this operation's to close if it is no longer wanted.
     */
    protected abstract void next(long result, Object payload);

    /** The loop hands over one result of the series. */
    final void deliverNext(long result, Object payload) {
        next(result, payload);
    }
}
