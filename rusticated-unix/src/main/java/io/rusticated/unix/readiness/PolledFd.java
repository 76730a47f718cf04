package io.rusticated.unix.readiness;

import io.rusticated.spi.Request;

import java.util.ArrayDeque;

/**
 * {@link Readiness}'s state for one pollable descriptor while operations wait on it: a FIFO of
 * pending reads (and accepts and receives), one of pending writes (and connects and sends), the
 * POLL (and pidfd WAIT_CHILD) operations, and what the {@link Poller} holds for it. It exists only while something is pending, because a descriptor
 * number is reused for another file after a close. Loop thread only.
 */
final class PolledFd {
    final int fd;
    Strategy strategy;
    final ArrayDeque<Request> reads = new ArrayDeque<>(4);
    final ArrayDeque<Request> writes = new ArrayDeque<>(4);
    final ArrayDeque<Request> polls = new ArrayDeque<>(2);

    /** The last attempt in that direction found nothing to do: wait for the poller before trying again. */
    boolean readWaiting;
    boolean writeWaiting;
    /** The CONNECT first in the write queue once connect(2) answered EINPROGRESS: its outcome is SO_ERROR when writable. */
    Request connecting;
    /** The operation of that direction running on the blocking pool; later ones wait behind it. */
    Request readOnPool;
    Request writeOnPool;
    /** The private non-blocking descriptions of a {@link Strategy#REOPENED} terminal, or -1. */
    int readFd = -1;
    int writeFd = -1;

    /** The poller holds something for the descriptor (an epoll registration), until {@link Poller#forget}. */
    boolean registered;
    /** The one-shot interest (IN/OUT) armed now; bits clear as the poller reports them fired. */
    int armed;
    /** Queued for an attempt in the next loop turn. */
    boolean dirty;
    /** Torn down: no longer in the table; a stale reference does nothing. */
    boolean released;

    PolledFd(int fd, Strategy strategy) {
        this.fd = fd;
        this.strategy = strategy;
    }

    ArrayDeque<Request> queue(boolean write) {
        return write ? writes : reads;
    }

    boolean waiting(boolean write) {
        return write ? writeWaiting : readWaiting;
    }

    void setWaiting(boolean write, boolean value) {
        if (write) {
            writeWaiting = value;
        } else {
            readWaiting = value;
        }
    }

    Request onPool(boolean write) {
        return write ? writeOnPool : readOnPool;
    }

    void setOnPool(boolean write, Request op) {
        if (write) {
            writeOnPool = op;
        } else {
            readOnPool = op;
        }
    }

    int privateFd(boolean write) {
        return write ? writeFd : readFd;
    }

    void setPrivateFd(boolean write, int privateFd) {
        if (write) {
            writeFd = privateFd;
        } else {
            readFd = privateFd;
        }
    }

    /** Whether any pending POLL operation asks for one of the (IN/OUT) events. */
    boolean pollsWant(int event) {
        for (Request op : polls) {
            if ((Readiness.pollEvents(op) & event) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Nothing pending: the state can go. */
    boolean idle() {
        return reads.isEmpty() && writes.isEmpty() && polls.isEmpty() && readOnPool == null && writeOnPool == null;
    }

    @Override
    public String toString() {
        return "PolledFd[" + fd + " " + strategy + " reads=" + reads.size() + " writes=" + writes.size() + " polls=" + polls.size()
                + " armed=" + armed + (released ? " released" : "") + "]";
    }
}
