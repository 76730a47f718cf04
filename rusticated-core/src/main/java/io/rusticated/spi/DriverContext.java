package io.rusticated.spi;

import java.lang.foreign.MemorySegment;

/** What a loop offers its driver. Loop thread only, except where a method says otherwise. */
public interface DriverContext {
    /** The request in flight under {@code token}, released from the registry; null if none (stale or internal). */
    Request takeInFlight(long token);

    /** The request in flight under {@code token}, left registered (for a driver that submits it again); null if none. */
    Request peekInFlight(long token);

    /**
     * Completes a request with the OS's raw outcome: {@code raw >= 0} is its result, {@code raw < 0}
     * a negated OS error code that the loop translates with {@link Driver#errors()}.
     */
    void complete(Request op, long raw);

    /** Completes a successful STAT or READ_DIR with the structure decoded from the OS's answer. */
    void complete(Request op, long raw, Object payload);

    /**
     * One result of a {@link Request#MULTISHOT} request, which stays in flight (its token, its
     * memory): {@code raw >= 0}. The series ends with an ordinary {@link #complete} or {@link #fail}.
     * A handle an ACCEPT produced after its cancel was asked for is closed by the loop.
     */
    void completeMore(Request op, long raw, Object payload);

    /** Completes a request with a failure the driver made (a cancellation before the OS saw it, an internal error). */
    void fail(Request op, Throwable failure);

    /** {@link #complete(Request, long)} at the start of the loop's next turn: for outcomes known inside submit or cancel. */
    void completeLater(Request op, long raw);

    /** {@link #fail} at the start of the loop's next turn. */
    void failLater(Request op, Throwable failure);

    /** Whether outcomes queued with {@link #completeLater} wait for delivery: a poll must not wait then. */
    boolean hasLaterCompletions();

    /** Runs the work on the shared blocking pool; the loop then calls {@link Driver#completeBlocking}. */
    void runBlocking(Request op, BlockingWork work);

    /**
     * Lends native memory to the request for the OS to fill (a statx buffer, a batch of directory
     * entries): the request keeps it reachable until it completes. Also readable from the
     * blocking pool thread running the request.
     */
    void attachScratch(Request op, MemorySegment memory);

    /** The memory {@link #attachScratch} lent, or {@link MemorySegment#NULL}. Any thread serving the request. */
    MemorySegment scratch(Request op);

    /** The configured submission queue size (a hint; a driver may round or clamp it). */
    int queueEntries();

    /**
     * Any thread: makes the loop take a turn soon, as a submission from another thread does (a
     * loop parked with nothing in flight wakes and asks its driver {@link Driver#waitsForOthers()}).
     */
    default void wakeLoop() {
        throw new UnsupportedOperationException("this driver context cannot wake its loop");
    }

    /** Counts a backend event worth exposing in the loop's statistics. */
    void count(DriverEvent event);
}
