package io.rusticated.io;

import java.util.concurrent.CompletionStage;

/** A sink of bytes written by owned buffer. */
public interface AsyncWrite {
    /**
     * Writes the buffer's filled part (a short write is possible; the buffer is unchanged, so a
     * caller that loops {@link Buffer#discard discards} what was written). The buffer is lent to the
     * operation until the stage completes, then it is the caller's again.
     *
     * @return the number of bytes written
     * @throws IllegalStateException if the buffer is already lent to an operation in flight
     */
    CompletionStage<Integer> write(Buffer buffer);
}
