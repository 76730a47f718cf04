package io.rusticated.rt;

/** What a loop offers its driver. */
public interface DriverContext {
    /** The operation in flight under {@code token}, released from the registry; null if none (stale or internal). */
    Operation takeInFlight(long token);

    /** The operation in flight under {@code token}, left registered (for a driver that submits it again); null if none. */
    Operation peekInFlight(long token);

    /** Delivers an operation's outcome (loop thread). {@code failure} null means success. */
    void deliver(Operation op, long result, Throwable failure);

    /** Runs the work on the shared blocking pool; the loop then calls {@link Driver#completeBlocking}. */
    void runBlocking(Operation op, BlockingWork work);

    /** The configured submission queue size (a hint; a driver may round or clamp it). */
    int queueEntries();

    /** Counts an event worth exposing in {@link LoopStats} (CQ overflow flushes, SQ-full flushes). */
    void count(LoopStats.Counter counter);
}
