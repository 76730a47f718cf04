package io.rusticated.conformance.netfuzz;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * rusticated's sockets whose reads are pooled ({@code readManaged}): a read of at most {@code max}
 * bytes takes a buffer from the largest of the loop's rings whose buffers hold no more than
 * {@code max} (so it never takes from the kernel more than the JDK's read of {@code max} bytes
 * does, and what stays queued, which decides whether a close sends a reset, is the same); a read
 * of less than the smallest buffer (4 KiB) is a plain one. So a script's reads mix both kinds on
 * one socket, as a program may, and what one kind learned (a reset, a shutdown) the other obeys.
 */
final class PooledSockets extends RusticatedSockets {
    /** Buffer sizes of the rings, smallest first: powers of two from 4 KiB to a script's largest read. */
    private static final int[] SIZES = {4096, 8192, 16384, 32768, 65536};
    /**
     * Buffers per ring: one for each end's pending read (a readiness backend takes it before the
     * receive), and some to spare; the run releases every buffer it is handed at once.
     */
    private static final int BUFFERS = 8;

    private final BufferRing[] rings = new BufferRing[SIZES.length];

    PooledSockets(EventLoop loop) throws IOException {
        super(loop);
        for (int i = 0; i < SIZES.length; i++) {
            rings[i] = new BufferRing(BUFFERS, SIZES[i]);
        }
    }

    /** The ring with the largest buffers not larger than {@code max}, or null below the smallest. */
    private BufferRing ringFor(int max) {
        BufferRing fit = null;
        for (int i = 0; i < SIZES.length && SIZES[i] <= max; i++) {
            fit = rings[i];
        }
        return fit;
    }

    @Override
    public Call read(Object end, int max) {
        BufferRing ring = ringFor(max);
        if (ring == null) {
            return super.read(end, max);
        }
        return call(stream(end).readManaged(ring), PooledSockets::received);
    }

    /** A pooled read's buffer as a result, released back to its ring at once. */
    private static Result received(Buffer b) {
        if (b == null) {
            return Result.endOfStream();
        }
        try {
            return Result.received(b.toByteArray());
        } finally {
            b.release();
        }
    }

    /** A pooled read cancelled before anything can arrive: it must take no bytes (the next reads check). */
    @Override
    public Result cancelledRead(Object end, int max) {
        BufferRing ring = ringFor(max);
        if (ring == null) {
            return super.cancelledRead(end, max);
        }
        CompletableFuture<Buffer> read = stream(end).readManaged(ring).toCompletableFuture();
        Result r = cancelled(read);
        if (read.state() == Future.State.SUCCESS && read.resultNow() != null) {
            Buffer b = read.resultNow();
            b.release();
            return Result.failed(new AssertionError("the cancelled pooled read received " + b.length() + " bytes"));
        }
        return r;
    }
}
