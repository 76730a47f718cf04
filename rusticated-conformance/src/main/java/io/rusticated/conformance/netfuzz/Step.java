package io.rusticated.conformance.netfuzz;

/**
 * One step of a {@link Script}: what to do, on which connection (one of {@link Script#PAIRS} slots)
 * and which end of it (0 the connecting end, 1 the accepted one), and a random number the run turns
 * into a size from the state it is in (so a size never depends on timing).
 */
record Step(Kind kind, int pair, int side, int random) {
    enum Kind {
        /** Connect to the listener and accept: accept first (pending) or connect first. */
        OPEN,
        CONNECT_REFUSED,
        CONNECT_CANCELLED,
        ACCEPT_CANCELLED,
        /** writeAll of at most what certainly fits in the buffers (16 KiB in flight). */
        WRITE_ALL_SMALL,
        /** writeAll of 200-600 KiB: fills the buffers and waits until the peer reads (or goes). */
        WRITE_ALL_LARGE,
        /** One write call of what certainly fits. */
        WRITE_SMALL,
        /** A read with a buffer of 1 B-64 KiB; pending while nothing can arrive. */
        READ,
        /** Reads until every byte the peer wrote so far arrived (or the stream ends). */
        DRAIN,
        SHUTDOWN_OUTPUT,
        SHUTDOWN_INPUT,
        CLOSE,
        CLOSE_RESET,
        /** A read started while nothing can arrive, then cancelled. */
        CANCEL_READ
    }

    @Override
    public String toString() {
        return switch (kind) {
            case OPEN -> "open p" + pair + (side == 0 ? " (accept first)" : " (connect first)");
            case CONNECT_REFUSED, CONNECT_CANCELLED, ACCEPT_CANCELLED -> kind.name().toLowerCase();
            default -> kind.name().toLowerCase() + " p" + pair + (side == 0 ? "c" : "s");
        };
    }
}
