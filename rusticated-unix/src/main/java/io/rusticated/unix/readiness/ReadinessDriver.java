package io.rusticated.unix.readiness;

import io.rusticated.spi.Backend;
import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.ErrorTable;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.unix.ScratchPool;

/**
 * A driver on a readiness poller (epoll, kqueue): what such a driver is besides its poller and
 * its OS's own calls, written once. Reads, writes and POLLs of pollable descriptors and every
 * socket operation wait in the shared {@link Readiness} layer; what never waits for readiness (a
 * regular file, a directory, a path) runs as one blocking call on the loop's pool, its scratch
 * memory lent by a {@link ScratchPool} and its payload decoded when it comes back; a close first
 * fails what waits on the descriptor; timers are the loop's.
 *
 * <p>The OS's driver adds the poller's wait ({@link #await}), the wakeup and what only it serves
 * (epoll: cached file reads in turn; kqueue: EVFILT_PROC child waits). Completions found while
 * submitting go through {@link DriverContext#completeLater}. Loop thread only, except
 * {@link #wakeup()}.
 */
public abstract class ReadinessDriver implements Driver {
    protected final DriverContext ctx;
    protected final Readiness readiness;
    private final ErrorTable errors;
    private final DescriptorOps descriptors;
    private final ScratchPool scratch;
    private final BlockingWork files;
    private final ScratchPool.Decoder decoder;
    private final Backend backend;

    /**
     * A driver whose {@code readiness} layer waits on the OS's poller; {@code files} runs a request on
     * the pool with the scratch memory {@code scratch} lends it, {@code decoder} decodes what comes back.
     */
    protected ReadinessDriver(DriverContext ctx, Readiness readiness, DescriptorOps descriptors, ErrorTable errors,
                              ScratchPool scratch, BlockingWork files, ScratchPool.Decoder decoder, Backend backend) {
        this.ctx = ctx;
        this.readiness = readiness;
        this.descriptors = descriptors;
        this.errors = errors;
        this.scratch = scratch;
        this.files = files;
        this.decoder = decoder;
        this.backend = backend;
    }

    @Override
    public final Backend backend() {
        return backend;
    }

    @Override
    public final ErrorTable errors() {
        return errors;
    }

    @Override
    public final boolean supports(Opcode opcode) {
        return opcode != Opcode.SLEEP; // the loop's timer heap serves it
    }

    /** Accepting: one accept after another while connections are pending, without a request each. */
    @Override
    public final boolean supportsMultishot(Opcode opcode) {
        return opcode == Opcode.ACCEPT;
    }

    /** A socket is adopted (non-blocking, no SIGPIPE) once, when a loop first operates on it. */
    @Override
    public final void attach(long handle, HandleRole role) {
        readiness.attach(fd(handle), role);
    }

    @Override
    public final void detach(long handle) {
        readiness.detach(fd(handle));
    }

    /** What waits for readiness on a side shut down is tried again: the OS may never report that side (Linux's Unix sockets). */
    @Override
    public final void shutDown(long handle, boolean read, boolean write) {
        readiness.shutDown(fd(handle), read, write);
    }

    protected static int fd(long handle) {
        return handle >= 0 && handle <= Integer.MAX_VALUE ? (int) handle : -1;
    }

    /** Linux and macOS keep a position per open file, which read(2) and write(2) on the pool advance. */
    @Override
    public final boolean kernelKeepsFilePosition() {
        return true;
    }

    // ---- submission ----

    @Override
    public void submit(Request op) {
        switch (op.opcode()) {
            case NOP -> ctx.completeLater(op, 0);
            case READ, WRITE, POLL, WAIT_CHILD, ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> {
                if (!readiness.submit(op)) {
                    toPool(op); // a regular file: always "ready" to the poller, so read or written on the pool
                }
            }
            case CLOSE -> {
                // What waits on the descriptor fails and it leaves the poller's set before the close
                // itself runs (on the pool: closing a tty or a socket may linger).
                readiness.closing(op);
                toPool(op);
            }
            case SLEEP -> throw new UnsupportedOperationException(backend.name() + " driver: SLEEP is served by the loop's timer heap, not the driver");
            default -> toPool(op);
        }
    }

    /** The request as one blocking call on the loop's pool, with the scratch memory it needs. */
    protected final void toPool(Request op) {
        scratch.attach(ctx, op);
        ctx.runBlocking(op, files);
    }

    // ---- waiting ----

    /**
     * Runs what the layer can try now, waits for the poller at most {@code timeoutNanos} (not at all
     * when something is already done), hands its events to the layer, and runs what they made ready.
     */
    @Override
    public void poll(long timeoutNanos) {
        int done = readiness.runPending();
        long timeout = done > 0 || ctx.hasLaterCompletions() || readiness.hasPending() ? 0 : timeoutNanos;
        await(timeout);
        readiness.runPending();
    }

    /** One wait of the poller, its events handed to {@link #readiness} (or the driver's own waits). */
    protected abstract void await(long timeoutNanos);

    // ---- cancellation and the blocking pool ----

    /** What waits on a descriptor is the readiness layer's to cancel; anything on the blocking pool is the loop's. */
    @Override
    public void cancel(Request op) {
        readiness.cancel(op);
    }

    @Override
    public final void completeBlocking(Request op, long rawResult) {
        if (!readiness.completeBlocking(op, rawResult)) {
            scratch.finish(ctx, op, rawResult, decoder);
        }
    }

    /** A call queued for the pool was cancelled before it ran: the operations behind it may go on. */
    @Override
    public final void blockingWithdrawn(Request op) {
        scratch.release(ctx, op);
        readiness.blockingWithdrawn(op);
    }

    /** Called with nothing in flight: every state is already released. */
    @Override
    public final void close() {
        readiness.close();
        closePoller();
        descriptors.close();
    }

    /** Closes the poller, the wakeup and the memory the driver's own calls use. */
    protected abstract void closePoller();
}
