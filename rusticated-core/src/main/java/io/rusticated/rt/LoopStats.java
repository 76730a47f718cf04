package io.rusticated.rt;

import java.util.concurrent.atomic.AtomicLongArray;

/** Counters a loop keeps for tests and monitoring; read from any thread. */
public final class LoopStats {
    /** Events a driver or loop counts. */
    public enum Counter {
        /** Operations submitted to the driver. */
        SUBMITTED,
        /** Operations delivered (result, error or cancellation). */
        DELIVERED,
        /** Times the submission queue was full and had to be flushed before the next entry. */
        SQ_FULL_FLUSHES,
        /** Times completions overflowed the completion queue and were flushed from the kernel's backlog. */
        CQ_OVERFLOW_FLUSHES,
        /** Operations run on the blocking pool. */
        BLOCKING_RUNS,
        /** Wakeups actually signalled to a sleeping loop (coalesced). */
        WAKEUPS,
        /** Cancel requests sent to the kernel. */
        CANCELS,
        /** Calls into the kernel that submit and/or wait. */
        KERNEL_ENTERS,
        /** Waits for work with nothing in flight, parked in Java instead of in the kernel. */
        IDLE_PARKS,
        /** Operations submitted again after the kernel ended them with EINTR (a signal arrived while they were issued). */
        EINTR_RESTARTS
    }

    private final AtomicLongArray values = new AtomicLongArray(Counter.values().length);

    /** For counters only the loop thread writes: a release store, no atomic read-modify-write. */
    void incrementSingleWriter(Counter c) {
        int i = c.ordinal();
        values.setRelease(i, values.getPlain(i) + 1);
    }

    /** For counters any thread may write. */
    void incrementShared(Counter c) {
        values.getAndIncrement(c.ordinal());
    }

    public long get(Counter c) {
        return values.getAcquire(c.ordinal());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LoopStats{");
        for (Counter c : Counter.values()) {
            sb.append(c).append('=').append(get(c)).append(c.ordinal() + 1 < Counter.values().length ? ", " : "}");
        }
        return sb.toString();
    }
}
