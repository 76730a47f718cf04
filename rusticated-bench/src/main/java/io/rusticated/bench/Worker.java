package io.rusticated.bench;

/** One reader bound to one thread: opened, run for several windows, closed, all on that thread. */
interface Worker extends AutoCloseable {
    /**
     * Reads until {@link System#nanoTime()} passes {@code deadline} or {@code maxOps} reads have
     * been issued, keeping its queue depth full until then, and waits for the reads in flight.
     * Records each read's latency (issue to completion seen by the caller).
     *
     * @return the reads completed
     */
    long run(long deadline, long maxOps, Histogram latencies) throws Exception;

    /** Opens a worker on the calling thread; {@code index} tells workers of one run apart. */
    interface Factory {
        Worker open(int index) throws Exception;
    }
}
