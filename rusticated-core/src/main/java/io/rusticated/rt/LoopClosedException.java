package io.rusticated.rt;

import java.util.concurrent.RejectedExecutionException;

/** An operation or task was handed to a loop that is closing or closed. */
public final class LoopClosedException extends RejectedExecutionException {
    public LoopClosedException(String message) {
        super(message);
    }
}
