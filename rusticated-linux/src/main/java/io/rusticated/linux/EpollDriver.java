package io.rusticated.linux;

import io.rusticated.io.Buffer;
import io.rusticated.spi.Backend;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverUnavailableException;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.unix.IoBuffers;
import io.rusticated.unix.ScratchPool;
import io.rusticated.unix.readiness.NonBlockingSockets;
import io.rusticated.unix.readiness.Readiness;
import io.rusticated.unix.readiness.ReadinessDriver;

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
final class EpollDriver extends ReadinessDriver {
    /** epoll data of the wakeup eventfd: descriptors are never negative. */
    private static final long WAKEUP_DATA = -1L;
    private static final int EVENTS_PER_WAIT = 256;
    /** {@link #readCached}: the read did not happen. */
    private static final long NOT_READ = Long.MIN_VALUE + 2;
    /** Turns with completions made in turn that may pass without asking epoll (see {@link #poll}). */
    private static final int LATER_TURNS_PER_WAIT = 16;

    /** Turns since epoll was last asked, while completions made in turn were pending. Loop thread. */
    private int turnsWithoutWait;
    private final Epoll epoll;
    private final int wakeFd;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
    private final MemorySegment drained = arena.allocate(ValueLayout.JAVA_LONG);
    private final MemorySegment iovec = arena.allocate(IOVEC);

    private EpollDriver(DriverContext ctx, Epoll epoll, LinuxDescriptors descriptors, int wakeFd, String why) {
        // The error table is loaded with the driver: the error path must work when no descriptor is left to load a class (EMFILE).
        super(ctx, new Readiness(ctx, epoll, descriptors,
                        new NonBlockingSockets(new LinuxSocketSyscalls(), LinuxAbi.SOCKET_ABI, LinuxErrors.TABLE), LinuxErrors.TABLE),
                descriptors, LinuxErrors.TABLE, new ScratchPool(LinuxFileOps::scratchSize), LinuxFileOps.blocking(ctx), LinuxFileOps::payload,
                new Backend("epoll",
                        (epoll.nanosecondWait ? "epoll_pwait2" : "epoll_wait (timeouts rounded up to ms)")
                                + " one-shot; RWF_NOWAIT on pipes, O_NONBLOCK reopen for terminals, non-blocking sockets;"
                                + " cached file reads in turn (RWF_NOWAIT), the rest of files, directories and path ops on the blocking pool",
                        why.isEmpty() ? "first backend that opened" : why));
        this.epoll = epoll;
        this.wakeFd = wakeFd;
        this.one.set(ValueLayout.JAVA_LONG, 0, 1L);
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
        return new EpollDriver(ctx, epoll, new LinuxDescriptors(), efd, why);
    }

    // ---- submission ----

    /** A read of a descriptor nothing waits on is first tried in turn ({@link #readCached}); the rest as every readiness driver does. */
    @Override
    public void submit(Request op) {
        if (op.opcode() == Opcode.READ && !readiness.isTracking((int) op.handle())) {
            long r = readCached(op);
            if (r != NOT_READ) {
                ctx.completeLater(op, r);
                return;
            }
        }
        super.submit(op);
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
    protected void await(long timeout) {
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
    }

    @Override
    public void wakeup() {
        Libc.write(wakeFd, one.address(), Long.BYTES);
    }

    @Override
    protected void closePoller() {
        Libc.close(wakeFd);
        epoll.close();
        arena.close();
    }

    @Override
    public String toString() {
        return "EpollDriver[epfd=" + epoll.fd + ", descriptors waiting " + readiness.size() + "]";
    }
}
