package io.rusticated.rt;

import io.rusticated.spi.DriverEvent;

import java.util.concurrent.atomic.AtomicLongArray;

/** Counters a loop keeps for tests and monitoring; read from any thread. */
public final class LoopStats {
    /** Events a driver or loop counts. */
    public enum Counter {
        /** Operations submitted to the driver. */
        SUBMITTED,
        /** Operations delivered (result, error or cancellation). */
        DELIVERED,
        /** Operations run on the blocking pool. */
        BLOCKING_RUNS,
        /** Wakeups actually signalled to a sleeping loop (coalesced). */
        WAKEUPS,
        /** Cancel requests sent to the kernel. */
        CANCELS,
        /** Polls of the driver (calls into the kernel that submit and/or wait). */
        KERNEL_ENTERS,
        /** Waits for work with nothing in flight, parked in Java instead of in the kernel. */
        IDLE_PARKS
    }

    private static final int DRIVER_EVENTS = Counter.values().length;

    private final AtomicLongArray values = new AtomicLongArray(Counter.values().length + DriverEvent.values().length);

    /** For counters only the loop thread writes: a release store, no atomic read-modify-write. */
    void incrementSingleWriter(Counter c) {
        int i = c.ordinal();
        values.setRelease(i, values.getPlain(i) + 1);
    }

    /** For counters any thread may write. */
    void incrementShared(Counter c) {
        values.getAndIncrement(c.ordinal());
    }

    /** A driver event, counted by the loop thread. */
    void incrementSingleWriter(DriverEvent e) {
        int i = DRIVER_EVENTS + e.ordinal();
        values.setRelease(i, values.getPlain(i) + 1);
    }

    public long get(Counter c) {
        return values.getAcquire(c.ordinal());
    }

    /** How often the loop's driver reported the event (0 for events its backend never has). */
    public long get(DriverEvent e) {
        return values.getAcquire(DRIVER_EVENTS + e.ordinal());
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LoopStats{");
        for (Counter c : Counter.values()) {
            sb.append(c).append('=').append(get(c)).append(", ");
        }
        for (DriverEvent e : DriverEvent.values()) {
            sb.append(e).append('=').append(get(e)).append(e.ordinal() + 1 < DriverEvent.values().length ? ", " : "}");
        }
        return sb.toString();
    }
}
