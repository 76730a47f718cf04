package io.rusticated.wasm.time;

import io.rusticated.wasm.rt.Operation;
import io.rusticated.wasm.rt.Proactor;

/** Sleeping on the guest's timer heap; the host only calls the proactor's tick when it is due. */
public final class Time {
    private Time() {
    }

    /** Suspends the calling fiber for at least the given nanoseconds. */
    public static void sleep(long nanos) {
        Proactor.await(Operation.sleep(nanos));
    }

    /** A SLEEP operation to submit with a completion, or to cancel. */
    public static Operation sleepOperation(long nanos) {
        return Operation.sleep(nanos);
    }

    public static long nanoTime() {
        return System.nanoTime();
    }
}
