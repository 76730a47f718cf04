package io.rusticated.spi;

/** Backend events a loop counts for tests and monitoring ({@code LoopStats.get(DriverEvent)}). */
public enum DriverEvent {
    /** The submission queue was full and was handed to the OS before the next entry (io_uring). */
    SUBMISSION_QUEUE_FULL,
    /** Completions overflowed the completion queue and were flushed from the kernel's backlog (io_uring). */
    COMPLETION_OVERFLOW,
    /** A request the OS ended with an interruption (a signal arrived as it was issued) was submitted again. */
    INTERRUPTED_RESTART,
    /**
     * A cancel the OS could not match to its request while the request was still in flight (io_uring
     * answers ENOENT while a request moves between its poll and its worker) was sent again.
     */
    CANCEL_RETRIED,
    /** A completion packet dequeued by a loop that did not issue it was handed to its own loop (IOCP). */
    FOREIGN_COMPLETION,
    /**
     * A descriptor no owner attached was asked whether it is a socket (getsockopt SO_TYPE) before
     * its first socket operation, one system call an attached handle's role spares (readiness backends).
     */
    SOCKET_TYPE_ASKED
}
