package io.rusticated.conformance.netfuzz;

/** What the JDK side of a run leaves behind: the threads its blocking calls ran on, each given {@link Run#LIMIT} to end. */
final class BlockedThreads {
    private BlockedThreads() {
    }

    /** Null when every thread ended, else how many of those calls ({@code what}) are still blocked. */
    static String leftover(Iterable<Thread> threads, String what) {
        int alive = 0;
        for (Thread t : threads) {
            try {
                if (!t.join(Run.LIMIT)) {
                    alive++;
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        return alive == 0 ? null : alive + " " + what + " still blocked";
    }
}
