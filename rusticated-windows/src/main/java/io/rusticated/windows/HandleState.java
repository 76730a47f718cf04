package io.rusticated.windows;

import io.rusticated.spi.Request;

import java.util.ArrayDeque;

/**
 * What one loop knows of one handle: its kind, how its reads and writes are served, and for those
 * served by blocking calls the requests waiting their turn. Loop thread only.
 */
final class HandleState {
    /** How a handle's reads and writes are served. */
    enum Route {
        /** Overlapped calls completing through a live port of this process (this loop's, or another's that hands the packets on). */
        PORT,
        /** Blocking calls on the pool, one per direction at a time, in order. */
        POOL,
        /** Overlapped calls on the pool, each waiting on an event (the handle's port is not one of this process's live ones). */
        EVENT_POOL,
        /** Console input: the console reader thread; console output: WriteConsoleW on the pool. */
        CONSOLE,
        /** Not an open handle: each call fails with ERROR_INVALID_HANDLE. */
        INVALID
    }

    final long handle;
    final HandleKind kind;
    /** Changes once, from PORT to EVENT_POOL, when the port of another loop that has the handle closes. */
    Route route;
    /** The port of the other loop of this process the handle is associated with, or 0. */
    final long foreignPort;
    private final ArrayDeque<Request> reads = new ArrayDeque<>();
    private final ArrayDeque<Request> writes = new ArrayDeque<>();
    private Request readOnPool;
    private Request writeOnPool;
    /** Console output only: a UTF-8 sequence cut off by the end of a write. */
    ConsoleText.Utf8ToUtf16 consoleText;

    HandleState(long handle, HandleKind kind, Route route, long foreignPort) {
        this.handle = handle;
        this.kind = kind;
        this.route = route;
        this.foreignPort = foreignPort;
    }

    /** Queues a blocking call; true if it may start now (nothing of its direction is on the pool). */
    boolean enqueue(Request op) {
        boolean write = op.opcode() == io.rusticated.spi.Opcode.WRITE;
        if ((write ? writeOnPool : readOnPool) == null) {
            setOnPool(write, op);
            return true;
        }
        (write ? writes : reads).addLast(op);
        return false;
    }

    /** The pool finished {@code op} (or it was withdrawn): the next of its direction, now on the pool, or null. */
    Request finished(Request op) {
        boolean write = writeOnPool == op;
        if (!write && readOnPool != op) {
            return null;
        }
        Request next = (write ? writes : reads).pollFirst();
        setOnPool(write, next);
        return next;
    }

    /** Takes a request that waits its turn out of its queue; false if it is not waiting. */
    boolean removeWaiting(Request op) {
        return reads.remove(op) || writes.remove(op);
    }

    private void setOnPool(boolean write, Request op) {
        if (write) {
            writeOnPool = op;
        } else {
            readOnPool = op;
        }
    }
}
