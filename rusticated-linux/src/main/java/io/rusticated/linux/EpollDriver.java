package io.rusticated.linux;

import io.rusticated.io.Buffer;
import io.rusticated.spi.Backend;
import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverUnavailableException;
import io.rusticated.spi.ErrorTable;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.unix.IoBuffers;
import io.rusticated.unix.ScratchPool;
import io.rusticated.unix.readiness.NonBlockingSockets;
import io.rusticated.unix.readiness.Readiness;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * The epoll backend, for kernels and sandboxes without io_uring: an {@link Epoll} poller driving
 * the shared {@link Readiness} layer, plus what is Linux's own.
 *
 * <p>Reads, writes and POLLs on a pollable descriptor (pipe, socket, terminal, eventfd, ...),
 * WAIT_CHILD on a pidfd (readable once its process exited) and every socket operation go to the
 * readiness layer, which queues them per descriptor and tries each without blocking: RWF_NOWAIT
 * first, terminals reopened through /proc/self/fd ({@link LinuxDescriptors}); sockets non-blocking
 * from their attach on, accept4, connect then SO_ERROR, send with MSG_DONTWAIT|MSG_NOSIGNAL, recv,
 * sendmsg and recvmsg ({@link NonBlockingSockets} over {@link LinuxSocketSyscalls}); a multishot
 * accept is served as one accept after another until the listener has nothing left. Regular files,
 * directories and block devices are always "ready" to epoll: a read of one is first tried in turn
 * with preadv2(RWF_NOWAIT), which copies what the page cache holds; a miss, and every other call on
 * them (writes, path operations, directory reads, truncate, fsync), runs as one blocking call on
 * the loop's blocking pool ({@link LinuxFileOps}) and comes back through {@link #completeBlocking}.
 * The wakeup is an eventfd in the epoll set.
 *
 * <p>Completions found while submitting are handed to the loop for its next turn
 * ({@link DriverContext#completeLater}), never delivered from {@link #submit}. Loop thread only,
 * except {@link #wakeup()}.
 */
final class EpollDriver implements Driver {
    /** epoll data of the wakeup eventfd: descriptors are never negative. */
    private static final long WAKEUP_DATA = -1L;
    private static final int EVENTS_PER_WAIT = 256;
    /** {@link #readCached}: the read did not happen. */
    private static final long NOT_READ = Long.MIN_VALUE + 2;
    /** Turns with completions made in turn that may pass without asking epoll (see {@link #poll}). */
    private static final int LATER_TURNS_PER_WAIT = 16;

    private final DriverContext ctx;
    /** Turns since epoll was last asked, while completions made in turn were pending. Loop thread. */
    private int turnsWithoutWait;
    /** Loaded with the driver: the error path must work when no descriptor is left to load a class (EMFILE). */
    private final ErrorTable errors = LinuxErrors.TABLE;
    private final Epoll epoll;
    private final int wakeFd;
    private final Backend backend;
    private final LinuxDescriptors descriptors = new LinuxDescriptors();
    private final Readiness readiness;
    private final ScratchPool scratch = new ScratchPool(LinuxFileOps::scratchSize);
    private final BlockingWork blocking;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
    private final MemorySegment drained = arena.allocate(ValueLayout.JAVA_LONG);
    private final MemorySegment iovec = arena.allocate(IOVEC);

    private EpollDriver(DriverContext ctx, Epoll epoll, int wakeFd, String why) {
        this.ctx = ctx;
        this.epoll = epoll;
        this.wakeFd = wakeFd;
        this.readiness = new Readiness(ctx, epoll, descriptors,
                new NonBlockingSockets(new LinuxSocketSyscalls(), LinuxAbi.SOCKET_ABI, LinuxErrors.TABLE), LinuxErrors.TABLE);
        this.one.set(ValueLayout.JAVA_LONG, 0, 1L);
        this.blocking = LinuxFileOps.blocking(ctx);
        this.backend = new Backend("epoll",
                (epoll.nanosecondWait ? "epoll_pwait2" : "epoll_wait (timeouts rounded up to ms)")
                        + " one-shot; RWF_NOWAIT on pipes, O_NONBLOCK reopen for terminals, non-blocking sockets;"
                        + " cached file reads in turn (RWF_NOWAIT), the rest of files, directories and path ops on the blocking pool",
                why.isEmpty() ? "first backend that opened" : why);
    }

    static EpollDriver open(DriverContext ctx, String why) throws DriverUnavailableException {
        Epoll epoll = Epoll.open(EVENTS_PER_WAIT);
        int efd = Libc.eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
        if (efd < 0) {
            epoll.close();
            throw new DriverUnavailableException("eventfd for the epoll wakeup failed: " + LinuxErrors.message(-efd));
        }
        int r = epoll.add(efd, EPOLLIN, WAKEUP_DATA);
        if (r < 0) {
            Libc.close(efd);
            epoll.close();
            throw new DriverUnavailableException("epoll_ctl of the wakeup eventfd failed: " + LinuxErrors.message(-r));
        }
        return new EpollDriver(ctx, epoll, efd, why);
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public ErrorTable errors() {
        return errors;
    }

    @Override
    public boolean supports(Opcode opcode) {
        return switch (opcode) {
            case SLEEP -> false; // the loop's timer heap serves it
            default -> true;
        };
    }

    /** Accepting: one accept after another while connections are pending, without a request each (readiness). */
    @Override
    public boolean supportsMultishot(Opcode opcode) {
        return opcode == Opcode.ACCEPT;
    }

    /** A socket is made non-blocking once, when a loop first operates on it. */
    @Override
    public void attach(long handle, HandleRole role) {
        readiness.attach(fd(handle), role);
    }

    @Override
    public void detach(long handle) {
        readiness.detach(fd(handle));
    }

    @Override
    public void shutDown(long handle, boolean read, boolean write) {
        readiness.shutDown(fd(handle), read, write);
    }

    private static int fd(long handle) {
        return handle >= 0 && handle <= Integer.MAX_VALUE ? (int) handle : -1;
    }

    @Override
    public boolean kernelKeepsFilePosition() {
        return true;
    }

    // ---- submission ----

    @Override
    public void submit(Request op) {
        switch (op.opcode()) {
            case NOP -> ctx.completeLater(op, 0);
            case READ, WRITE, POLL, WAIT_CHILD, ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> {
                if (op.opcode() == Opcode.READ && !readiness.isTracking((int) op.handle())) {
                    long r = readCached(op);
                    if (r != NOT_READ) {
                        ctx.completeLater(op, r);
                        return;
                    }
                }
                if (!readiness.submit(op)) {
                    toPool(op); // a regular file: always "ready", read on the pool
                }
            }
            case CLOSE -> {
                // Pending operations fail and the descriptor leaves the epoll set before the close
                // itself runs (on the pool: closing a tty or socket may linger).
                readiness.closing(op);
                toPool(op);
            }
            case SLEEP -> throw new UnsupportedOperationException("epoll driver: SLEEP is served by the loop's timer heap, not the driver");
            default -> toPool(op);
        }
    }

    private void toPool(Request op) {
        scratch.attach(ctx, op);
        ctx.runBlocking(op, blocking);
    }

    /**
     * A read of a descriptor nothing waits on, tried without blocking first: for a regular file
     * (which epoll calls always ready) {@code preadv2(RWF_NOWAIT)} copies what the page cache holds
     * and answers EAGAIN only for a miss, so only misses go to the blocking pool (issue 15: every
     * read went there, 0.04x of io_uring at depth 1 on cached data). As on the pool, the read is
     * at the operation's offset or the file position. A positional read is whole, as io_uring's
     * and a blocking pread's are on a regular file: where only a part is cached, the rest is tried
     * the same way, and the whole read goes to the pool when it would block (nothing was consumed:
     * the pool reads the same bytes again); only the end of the file makes it short. A read at the
     * file position returns what the first call gives, as read(2) does (a pipe or socket with data
     * is read here too, and what it took cannot be given back).
     * {@link #NOT_READ} where the read must take the usual way: it would block (a miss, an empty
     * pipe), the descriptor has no position for the offset (ESPIPE: a stream), or refuses
     * RWF_NOWAIT (a terminal).
     */
    private long readCached(Request op) {
        Buffer b = op.buffer();
        long address = IoBuffers.readAddress(b);
        long length = IoBuffers.readLength(b);
        long r = readNowait(op, address, length, op.offset());
        if (r <= 0 || r == length || op.offset() == Request.CURRENT_POSITION) {
            return r;
        }
        long total = r;
        while (total < length) {
            long more = readNowait(op, address + total, length - total, op.offset() + total);
            if (more == NOT_READ || more < 0) {
                return NOT_READ; // the rest is not cached: the pool reads it all, blocking
            }
            if (more == 0) {
                break; // the end of the file
            }
            total += more;
        }
        return total;
    }

    private long readNowait(Request op, long address, long length, long offset) {
        iovec.set(ValueLayout.JAVA_LONG, IOVEC_BASE, address);
        iovec.set(ValueLayout.JAVA_LONG, IOVEC_LEN, length);
        long r = Libc.preadv2((int) op.handle(), iovec.address(), 1, offset, RWF_NOWAIT);
        return r == -EAGAIN || r == -ESPIPE || r == -EOPNOTSUPP || r == -EINVAL || r == -EINTR ? NOT_READ : r;
    }

    // ---- waiting ----

    @Override
    public void poll(long timeoutNanos) {
        int done = readiness.runPending();
        long timeout = done > 0 || ctx.hasLaterCompletions() || readiness.hasPending() ? 0 : timeoutNanos;
        // Completions made in turn (cached reads) are delivered at the next turn anyway: while they
        // come, asking epoll every turn would double the system calls of each read; every
        // LATER_TURNS_PER_WAIT-th turn still asks, so ready descriptors wait that many turns at most.
        if (ctx.hasLaterCompletions() && ++turnsWithoutWait < LATER_TURNS_PER_WAIT) {
            return;
        }
        turnsWithoutWait = 0;
        int n = epoll.await(timeout);
        if (n < 0) {
            if (n != -EINTR) {
                throw new IllegalStateException("epoll_wait failed: " + LinuxErrors.name(-n) + " (" + LinuxErrors.message(-n) + ")");
            }
            n = 0;
        }
        for (int i = 0; i < n; i++) {
            long data = epoll.data(i);
            if (data == WAKEUP_DATA) {
                Libc.read(wakeFd, drained.address(), Long.BYTES); // reset the counter; the loop coalesces wakeups
                continue;
            }
            // EPOLLONESHOT: the whole registration is disabled until re-armed
            readiness.onReady((int) data, Epoll.toReadiness(epoll.events(i)), Readiness.IN | Readiness.OUT);
        }
        readiness.runPending();
    }

    // ---- cancellation and the blocking pool ----

    /** What waits on a descriptor is the readiness layer's to cancel; anything on the blocking pool is the loop's. */
    @Override
    public void cancel(Request op) {
        readiness.cancel(op);
    }

    @Override
    public void completeBlocking(Request op, long rawResult) {
        if (!readiness.completeBlocking(op, rawResult)) {
            scratch.finish(ctx, op, rawResult, LinuxFileOps::payload);
        }
    }

    /** A call queued for the pool was cancelled before it ran: the operations behind it may go on. */
    @Override
    public void blockingWithdrawn(Request op) {
        scratch.release(ctx, op);
        readiness.blockingWithdrawn(op);
    }

    @Override
    public void wakeup() {
        Libc.write(wakeFd, one.address(), Long.BYTES);
    }

    /** Called with nothing in flight: every state is already released. */
    @Override
    public void close() {
        readiness.close();
        Libc.close(wakeFd);
        epoll.close();
        descriptors.close();
        arena.close();
    }

    @Override
    public String toString() {
        return "EpollDriver[epfd=" + epoll.fd + ", descriptors waiting " + readiness.size() + "]";
    }
}
