package io.rusticated.conformance.netfuzz;

import java.util.concurrent.CancellationException;

/**
 * What one socket call of either implementation gave: a connection, a count of bytes written, the
 * bytes a read received, the end of the stream, a failure, or a cancel.
 */
final class Result {
    /** A connection (an end of either implementation), or null. */
    final Object end;
    /** Bytes one write call took; 0 for calls that return nothing; -1 at the end of the stream. */
    final int count;
    /** What a read received, or null. */
    final byte[] data;
    final Throwable failure;

    private Result(Object end, int count, byte[] data, Throwable failure) {
        this.end = end;
        this.count = count;
        this.data = data;
        this.failure = failure;
    }

    static Result connected(Object end) {
        return new Result(end, 0, null, null);
    }

    static Result done() {
        return new Result(null, 0, null, null);
    }

    static Result wrote(int count) {
        return new Result(null, count, null, null);
    }

    static Result received(byte[] data) {
        return new Result(null, data.length, data, null);
    }

    static Result endOfStream() {
        return new Result(null, -1, null, null);
    }

    static Result failed(Throwable failure) {
        return new Result(null, 0, null, failure);
    }

    boolean ok() {
        return failure == null;
    }

    boolean isData() {
        return failure == null && data != null;
    }

    /** As the transcript shows it: a failure by class and message, which the JDK's channels fix. */
    @Override
    public String toString() {
        if (failure instanceof CancellationException) {
            return "cancelled";
        }
        if (failure != null) {
            return "fail " + failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        }
        if (data != null) {
            return "data " + data.length;
        }
        if (count == -1) {
            return "eof";
        }
        if (count > 0) {
            return "wrote " + count;
        }
        return end != null ? "connected" : "ok";
    }
}
