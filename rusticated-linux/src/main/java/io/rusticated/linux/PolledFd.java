package io.rusticated.linux;

import io.rusticated.spi.Request;

import java.util.ArrayDeque;

/**
 * The epoll driver's state for one pollable file descriptor while operations wait on it: a FIFO of
 * pending reads, one of pending writes, the POLL operations, and how far the descriptor is
 * registered and armed in the epoll set. It exists only while something is pending, because a
 * descriptor number is reused for another file after a close. Loop thread only.
 */
final class PolledFd {
    /** How reads and writes are attempted without blocking; see {@link EpollDriver}. */
    enum Strategy {
        /** preadv2/pwritev2 with RWF_NOWAIT on the descriptor itself (pipes, sockets, eventfd, ...). */
        NOWAIT,
        /** A terminal reopened through /proc/self/fd with its own O_NONBLOCK file description. */
        REOPENED,
        /** Wait for readiness, then run the plain system call on the blocking pool. */
        READINESS_THEN_POOL,
        /** Not pollable at all (epoll refused it): each call runs on the blocking pool in turn. */
        POOL
    }

    final int fd;
    Strategy strategy = Strategy.NOWAIT;
    final ArrayDeque<Request> reads = new ArrayDeque<>(4);
    final ArrayDeque<Request> writes = new ArrayDeque<>(4);
    final ArrayDeque<Request> polls = new ArrayDeque<>(2);

    /** The last attempt in that direction found nothing to do: wait for epoll before trying again. */
    boolean readWaiting;
    boolean writeWaiting;
    /** The operation of that direction running on the blocking pool; later ones wait behind it. */
    Request readOnPool;
    Request writeOnPool;
    /** The private non-blocking descriptions of a {@link Strategy#REOPENED} terminal, or -1. */
    int readFd = -1;
    int writeFd = -1;

    /** In the epoll set (EPOLL_CTL_ADD done, not deleted). */
    boolean registered;
    /** The events the one-shot registration waits for now; 0 once it fired or was never armed. */
    int armed;
    /** Queued for an attempt in the next loop turn. */
    boolean dirty;
    /** Torn down: no longer in the table; a stale reference does nothing. */
    boolean released;

    PolledFd(int fd) {
        this.fd = fd;
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

    /** Whether any pending POLL operation asks for one of the (POLLIN/POLLOUT) events. */
    boolean pollsWant(int event) {
        for (Request op : polls) {
            if ((EpollDriver.pollEvents(op) & event) != 0) {
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
