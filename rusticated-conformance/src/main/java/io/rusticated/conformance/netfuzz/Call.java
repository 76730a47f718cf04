package io.rusticated.conformance.netfuzz;

import java.util.concurrent.CompletableFuture;

/**
 * One call in progress in either implementation: its result once it completed, and for the JDK's
 * blocking channels the virtual thread that makes it (to tell when it is parked in the call).
 */
final class Call {
    final CompletableFuture<Result> result;
    /** The thread blocked in the call, or null where the call is a loop's operation. */
    final Thread thread;

    Call(CompletableFuture<Result> result, Thread thread) {
        this.result = result;
        this.thread = thread;
    }
}
