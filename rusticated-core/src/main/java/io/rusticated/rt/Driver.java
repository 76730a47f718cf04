package io.rusticated.rt;

/**
 * The contract an OS backend implements: one driver serves one {@link EventLoop} and is called only
 * on that loop's thread, except {@link #wakeup()}.
 *
 * <p>A driver turns each submitted {@link Operation} into its OS mechanism, and for every one
 * eventually calls {@link DriverContext#deliver} exactly once (through its completion path or the
 * blocking pool). It never frees memory an operation lent to the kernel before that.
 */
public interface Driver {
    /** Which backend this is and why it was chosen. */
    Backend backend();

    /**
     * Starts the operation. The operation has its {@link Operation#token()}. Work the kernel
     * interface cannot do asynchronously goes to {@link DriverContext#runBlocking}.
     *
     * @throws UnsupportedOperationException naming the backend and opcode, when it has no way to serve it
     */
    void submit(Operation op);

    /** Asks the OS to cancel an operation in flight. The operation's completion still follows. */
    void cancel(Operation op);

    /**
     * Hands pending requests to the kernel and waits up to {@code timeoutNanos} (0: don't wait,
     * negative: no limit) for completions, delivering each. Returns after at least one
     * completion, at the timeout, or after {@link #wakeup()}.
     */
    void poll(long timeoutNanos);

    /** Interrupts a {@link #poll} in progress or the next one. Any thread; the loop coalesces calls. */
    void wakeup();

    /**
     * Finishes an operation whose {@link BlockingWork} ran on the blocking pool: decodes the raw
     * result (>= 0, or a negated OS error) and delivers it.
     */
    void completeBlocking(Operation op, long rawResult);

    /**
     * The loop withdrew an operation from the blocking pool's queue before it ran (it was
     * cancelled): it completes with a cancellation and {@link #completeBlocking} will not follow.
     * A driver that tracks the operations it handed to the pool forgets this one here.
     */
    default void blockingWithdrawn(Operation op) {
    }

    /** The OS handle of standard input (0), output (1) or error (2). */
    default long standardHandle(int index) {
        return index;
    }

    /**
     * Releases the kernel objects. Called only when no operation is in flight; a loop that could
     * not drain its operations never closes its driver, so the kernel never writes to freed memory.
     */
    void close();
}
