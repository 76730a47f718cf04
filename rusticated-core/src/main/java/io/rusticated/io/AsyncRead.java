package io.rusticated.io;

import java.util.concurrent.CompletionStage;

/** A source of bytes read by owned buffer. */
public interface AsyncRead {
    /**
     * Reads into the buffer's spare capacity and advances its length. The buffer is lent to the
     * operation until the stage completes (normally or not), then it is the caller's again.
     *
     * @return the number of bytes read; 0 at end of input
     * @throws IllegalArgumentException if the buffer has no spare capacity
     * @throws IllegalStateException    if the buffer is already lent to an operation in flight
     */
    CompletionStage<Integer> read(Buffer buffer);
}
