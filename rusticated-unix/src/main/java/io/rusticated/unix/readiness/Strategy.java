package io.rusticated.unix.readiness;

/** How the reads and writes of one descriptor are attempted without blocking the loop thread. */
public enum Strategy {
    /**
     * A call that answers EAGAIN instead of blocking: {@code preadv2/pwritev2(RWF_NOWAIT)} on Linux,
     * a plain read or write on a description that is already O_NONBLOCK on macOS.
     */
    NOWAIT,
    /** A terminal reopened with a file description of its own, O_NONBLOCK, read and written through it. */
    REOPENED,
    /** Wait for readiness, then make the plain call on the blocking pool (it waits there if someone took the data first). */
    READINESS_THEN_POOL,
    /** Not pollable at all (the poller refused it): each call runs on the blocking pool in turn. */
    POOL
}
