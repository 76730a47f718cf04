package io.rusticated.linux;

import io.rusticated.io.Buffer;
import io.rusticated.spi.Backend;
import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverUnavailableException;
import io.rusticated.spi.ErrorTable;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.AsynchronousCloseException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * The epoll backend, for kernels and sandboxes without io_uring: readiness turned into completions.
 *
 * <p>Reads, writes and POLLs on a pollable descriptor (pipe, socket, terminal, eventfd, ...) wait in
 * a FIFO per descriptor and direction ({@link PolledFd}); the descriptor is in the epoll set with a
 * one-shot registration that is re-armed only while something waits, and deleted once nothing does.
 * Regular files, directories and block devices are always "ready" to epoll, so their I/O, like every
 * path operation, directory read, truncate and fsync, runs as one blocking call on the loop's
 * blocking pool and comes back through {@link #completeBlocking}.
 *
 * <p>How a read or write is tried without blocking matters, because the usual way, O_NONBLOCK, is a
 * flag of the open file description, shared with every process that inherited it: setting it on
 * stdin would make the parent shell's reads fail with EAGAIN. Measured on Linux 6.18:
 * {@code preadv2/pwritev2(..., offset -1, RWF_NOWAIT)} works per call on pipes, sockets and eventfds
 * (EAGAIN when it would block), but terminals and pty masters answer EOPNOTSUPP. So: RWF_NOWAIT first,
 * epoll on EAGAIN. A terminal (not a pty master) is reopened through /proc/self/fd/N, which gives a
 * file description of our own that may be O_NONBLOCK, and is read and written through it. Anything
 * else refusing RWF_NOWAIT waits for readiness and then makes its call on the blocking pool, so the
 * loop thread never blocks even if another reader took the data first (the pool's call then waits).
 *
 * <p>Completions found while submitting are handed to the loop for its next turn
 * ({@link DriverContext#completeLater}), never delivered from {@link #submit}, so a callback that
 * submits again cannot recurse. Loop thread only, except {@link #wakeup()}.
 */
final class EpollDriver implements Driver {
    /** epoll data of the wakeup eventfd: descriptors are never negative. */
    private static final long WAKEUP_DATA = -1L;
    private static final int EVENTS_PER_WAIT = 256;
    /** Operations one descriptor may complete per turn, so a fast producer cannot starve the loop. */
    private static final int BUDGET_PER_FD = 64;
    /** {@link #attempt}: hand the call to the blocking pool. */
    private static final long TO_POOL = Long.MIN_VALUE + 1;
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
    private final DescriptorProbe probe = new DescriptorProbe();
    private final ScratchPool scratch = new ScratchPool();
    private final PolledFdTable fds = new PolledFdTable();
    private final ArrayDeque<PolledFd> dirty = new ArrayDeque<>();
    private final BlockingWork blocking;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one = arena.allocate(ValueLayout.JAVA_LONG);
    private final MemorySegment drained = arena.allocate(ValueLayout.JAVA_LONG);
    private final MemorySegment iovec = arena.allocate(IOVEC);
    /** Operations delivered by the current {@link #runPending}; a poll that delivered some does not wait. */
    private int delivered;

    private EpollDriver(DriverContext ctx, Epoll epoll, int wakeFd, String why) {
        this.ctx = ctx;
        this.epoll = epoll;
        this.wakeFd = wakeFd;
        this.one.set(ValueLayout.JAVA_LONG, 0, 1L);
        this.blocking = LinuxFileOps.blocking(ctx);
        this.backend = new Backend("epoll",
                (epoll.nanosecondWait ? "epoll_pwait2" : "epoll_wait (timeouts rounded up to ms)")
                        + " one-shot; RWF_NOWAIT on pipes/sockets, O_NONBLOCK reopen for terminals;"
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
            case ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> false; // sockets on epoll: not yet
            default -> true;
        };
    }

    @Override
    public boolean kernelKeepsFilePosition() {
        return true;
    }

    /** The POLLIN/POLLOUT bits (equal to EPOLLIN/EPOLLOUT) a POLL or WAIT_CHILD operation asks for. */
    static int pollEvents(Request op) {
        if (op.opcode() == Opcode.WAIT_CHILD) {
            return EPOLLIN; // a pidfd is readable once its process exited
        }
        return ((op.flags() & Request.POLL_IN) != 0 ? EPOLLIN : 0) | ((op.flags() & Request.POLL_OUT) != 0 ? EPOLLOUT : 0);
    }

    private static int fdOf(Request op) {
        long h = op.handle();
        return h >= 0 && h <= Integer.MAX_VALUE ? (int) h : -1;
    }

    // ---- submission ----

    @Override
    public void submit(Request op) {
        switch (op.opcode()) {
            case NOP -> ctx.completeLater(op, 0);
            case READ, WRITE, POLL, WAIT_CHILD -> submitToDescriptor(op); // a child's pidfd polls readable once it exited
            case CLOSE -> submitClose(op);
            case SLEEP -> throw new UnsupportedOperationException("epoll driver: SLEEP is served by the loop's timer heap, not the driver");
            default -> toPool(op);
        }
    }

    private void toPool(Request op) {
        scratch.attach(ctx, op);
        ctx.runBlocking(op, blocking);
    }

    private void submitToDescriptor(Request op) {
        int fd = fdOf(op);
        PolledFd s = fds.get(fd);
        if (s == null) {
            if (op.opcode() == Opcode.READ) {
                long r = readCached(op, fd);
                if (r != NOT_READ) {
                    ctx.completeLater(op, r);
                    return;
                }
            }
            int pollable = probe.pollable(fd);
            if (pollable < 0) {
                ctx.completeLater(op, pollable);
                return;
            }
            if (pollable == 0) {
                if (op.opcode() == Opcode.POLL || op.opcode() == Opcode.WAIT_CHILD) {
                    ctx.completeLater(op, pollEvents(op)); // a file is always ready, as poll(2) says of it
                } else {
                    toPool(op);
                }
                return;
            }
            s = fds.getOrCreate(fd);
        }
        switch (op.opcode()) {
            case READ -> s.reads.addLast(op);
            case WRITE -> s.writes.addLast(op);
            default -> s.polls.addLast(op);
        }
        markDirty(s);
    }

    /**
     * Pending operations on the descriptor fail with {@link AsynchronousCloseException} and it leaves
     * the epoll set before the close itself runs (on the pool: closing a tty or socket may linger).
     * A call already on the pool completes on its own.
     */
    private void submitClose(Request op) {
        PolledFd s = fds.get(fdOf(op));
        if (s != null) {
            tearDown(s, 0, new AsynchronousCloseException());
        }
        toPool(op);
    }

    private void markDirty(PolledFd s) {
        if (!s.dirty && !s.released) {
            s.dirty = true;
            dirty.addLast(s);
        }
    }

    // ---- attempts ----

    /** Runs what can run on the descriptor now, then re-arms or drops its epoll registration. */
    private void process(PolledFd s) {
        if (s.strategy == PolledFd.Strategy.POOL) {
            // Never pollable: POLL is answered as poll(2) answers for a regular file, ready at once.
            while (!s.polls.isEmpty()) {
                Request p = s.polls.pollFirst();
                ctx.completeLater(p, pollEvents(p));
            }
        }
        int budget = pump(s, false, BUDGET_PER_FD);
        if (!s.released) {
            pump(s, true, budget);
        }
        if (!s.released) {
            updateInterest(s);
        }
    }

    /** Attempts the queued operations of one direction in order until one would block; returns the budget left. */
    private int pump(PolledFd s, boolean write, int budget) {
        ArrayDeque<Request> q = s.queue(write);
        while (!q.isEmpty() && !s.waiting(write) && s.onPool(write) == null) {
            if (budget == 0) {
                markDirty(s); // more next turn
                return 0;
            }
            Request op = q.peekFirst();
            long r = attempt(s, op, write);
            if (r == -EAGAIN) {
                s.setWaiting(write, true);
                break;
            }
            q.pollFirst();
            if (r == TO_POOL) {
                s.setOnPool(write, op);
                ctx.runBlocking(op, STREAM_IO);
                break;
            }
            budget--;
            delivered++;
            LinuxFileOps.finish(ctx, scratch, op, r); // its callback may submit, cancel or close
            if (s.released) {
                break;
            }
        }
        return budget;
    }

    /** One non-blocking try: the result, a negated errno (-EAGAIN: wait for readiness), or {@link #TO_POOL}. */
    private long attempt(PolledFd s, Request op, boolean write) {
        for (;;) {
            switch (s.strategy) {
                case NOWAIT -> {
                    long r = transfer(op, write, s.fd, RWF_NOWAIT);
                    if (r != -EOPNOTSUPP) {
                        return r;
                    }
                    if (probe.isReopenableTerminal(s.fd)) {
                        s.strategy = PolledFd.Strategy.REOPENED;
                    } else {
                        waitForReadinessThenPool(s);
                        return -EAGAIN;
                    }
                }
                case REOPENED -> {
                    int own = s.privateFd(write);
                    if (own < 0) {
                        own = probe.reopenNonBlocking(s.fd, write);
                        if (own < 0) {
                            waitForReadinessThenPool(s);
                            return -EAGAIN;
                        }
                        s.setPrivateFd(write, own);
                    }
                    return transfer(op, write, own, 0);
                }
                case READINESS_THEN_POOL, POOL -> {
                    return TO_POOL; // READINESS_THEN_POOL only gets here once epoll reported readiness
                }
            }
        }
    }

    private static void waitForReadinessThenPool(PolledFd s) {
        s.strategy = PolledFd.Strategy.READINESS_THEN_POOL;
        s.readWaiting = true;
        s.writeWaiting = true;
    }

    /**
     * A read of a descriptor nothing waits on, tried without blocking first: for a regular file
     * (which epoll calls always ready) {@code preadv2(RWF_NOWAIT)} copies what the page cache holds
     * and answers EAGAIN only for a miss, so only misses go to the blocking pool (issue 15: every
     * read went there, 0.04x of io_uring at depth 1 on cached data). As on the pool, the read is
     * at the operation's offset or the file position, and may be short where only a part is cached
     * (a read may always return less than asked). A pipe or socket with data is read here too.
     * {@link #NOT_READ} where the read must take the usual way: it would block (a miss, an empty
     * pipe), the descriptor has no position for the offset (ESPIPE: a stream), or refuses
     * RWF_NOWAIT (a terminal).
     */
    private long readCached(Request op, int fd) {
        Buffer b = op.buffer();
        iovec.set(ValueLayout.JAVA_LONG, IOVEC_BASE, LinuxFileOps.readAddress(b));
        iovec.set(ValueLayout.JAVA_LONG, IOVEC_LEN, LinuxFileOps.readLength(b));
        long r = Libc.preadv2(fd, iovec.address(), 1, op.offset(), RWF_NOWAIT);
        return r == -EAGAIN || r == -ESPIPE || r == -EOPNOTSUPP || r == -EINVAL || r == -EINTR ? NOT_READ : r;
    }

    /**
     * preadv2/pwritev2 of the operation's buffer on {@code fd}. Pollable descriptors are streams
     * without a position: the operation's offset is ignored, as io_uring ignores it for them
     * (where pread would fail with ESPIPE).
     */
    private long transfer(Request op, boolean write, int fd, int flags) {
        Buffer b = op.buffer();
        if (write) {
            iovec.set(ValueLayout.JAVA_LONG, IOVEC_BASE, LinuxFileOps.writeAddress(b));
            iovec.set(ValueLayout.JAVA_LONG, IOVEC_LEN, LinuxFileOps.writeLength(b));
            return Libc.pwritev2(fd, iovec.address(), 1, -1, flags);
        }
        iovec.set(ValueLayout.JAVA_LONG, IOVEC_BASE, LinuxFileOps.readAddress(b));
        iovec.set(ValueLayout.JAVA_LONG, IOVEC_LEN, LinuxFileOps.readLength(b));
        return Libc.preadv2(fd, iovec.address(), 1, -1, flags);
    }

    /** A stream read or write on the blocking pool, at no position (see {@link #transfer}). */
    private static final BlockingWork STREAM_IO = op -> op.opcode() == Opcode.WRITE
            ? Libc.write((int) op.handle(), LinuxFileOps.writeAddress(op.buffer()), LinuxFileOps.writeLength(op.buffer()))
            : Libc.read((int) op.handle(), LinuxFileOps.readAddress(op.buffer()), LinuxFileOps.readLength(op.buffer()));

    // ---- epoll registration ----

    /** Arms the one-shot registration for what is waiting, or drops the state when nothing is. */
    private void updateInterest(PolledFd s) {
        if (s.idle()) {
            release(s);
            return;
        }
        if (s.strategy == PolledFd.Strategy.POOL) {
            return;
        }
        int want = 0;
        if ((s.readWaiting && !s.reads.isEmpty() && s.readOnPool == null) || s.pollsWant(EPOLLIN)) {
            want |= EPOLLIN;
        }
        if ((s.writeWaiting && !s.writes.isEmpty() && s.writeOnPool == null) || s.pollsWant(EPOLLOUT)) {
            want |= EPOLLOUT;
        }
        if (want == 0 || want == s.armed) {
            return; // an interest wider than needed only costs a spurious wakeup
        }
        int r;
        if (s.registered) {
            r = epoll.modify(s.fd, want | EPOLLONESHOT, s.fd);
            if (r == -ENOENT) {
                r = epoll.add(s.fd, want | EPOLLONESHOT, s.fd);
            }
        } else {
            r = epoll.add(s.fd, want | EPOLLONESHOT, s.fd);
            if (r == -EEXIST) {
                r = epoll.modify(s.fd, want | EPOLLONESHOT, s.fd);
            }
        }
        if (r == 0) {
            s.registered = true;
            s.armed = want;
        } else if (r == -EPERM) {
            // The file has no poll support, so readiness would never come: run each call on the pool.
            s.registered = false;
            s.strategy = PolledFd.Strategy.POOL;
            s.readWaiting = false;
            s.writeWaiting = false;
            markDirty(s);
        } else {
            tearDown(s, r, null);
        }
    }

    /** Leaves the epoll set and the table; closes a terminal's private descriptions. */
    private void release(PolledFd s) {
        s.released = true;
        fds.remove(s);
        if (s.registered) {
            epoll.delete(s.fd); // ENOENT/EBADF: the descriptor was closed behind our back; nothing to undo
            s.registered = false;
        }
        if (s.readFd >= 0) {
            Libc.close(s.readFd);
            s.readFd = -1;
        }
        if (s.writeFd >= 0) {
            Libc.close(s.writeFd);
            s.writeFd = -1;
        }
    }

    /** Releases the state and fails its queued operations (at the next poll) with the errno or the failure. */
    private void tearDown(PolledFd s, int negatedErrno, Throwable failure) {
        release(s);
        for (ArrayDeque<Request> q : List.of(s.reads, s.writes, s.polls)) {
            Request op;
            while ((op = q.pollFirst()) != null) {
                if (failure != null) {
                    ctx.failLater(op, failure);
                } else {
                    ctx.completeLater(op, negatedErrno);
                }
            }
        }
    }

    // ---- waiting ----

    @Override
    public void poll(long timeoutNanos) {
        int done = runPending();
        long timeout = done > 0 || ctx.hasLaterCompletions() || !dirty.isEmpty() ? 0 : timeoutNanos;
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
            onReadiness((int) data, epoll.events(i));
        }
        runPending();
    }

    /** Records what epoll reported; the attempts run in {@link #runPending}. */
    private void onReadiness(int fd, int events) {
        PolledFd s = fds.get(fd);
        if (s == null) {
            return; // a registration torn down within this batch
        }
        s.armed = 0; // one-shot: disabled until re-armed
        if ((events & (EPOLLIN | EPOLLERR | EPOLLHUP)) != 0) {
            s.readWaiting = false;
        }
        if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) != 0) {
            s.writeWaiting = false;
        }
        Iterator<Request> it = s.polls.iterator();
        while (it.hasNext()) {
            Request p = it.next();
            int fired = events & (pollEvents(p) | EPOLLERR | EPOLLHUP);
            if (fired != 0) {
                it.remove();
                ctx.completeLater(p, fired);
            }
        }
        markDirty(s);
    }

    /** Runs the attempts of descriptors with news; returns how many completed. */
    private int runPending() {
        delivered = 0;
        for (int n = dirty.size(); n > 0; n--) {
            PolledFd s = dirty.pollFirst();
            s.dirty = false;
            if (!s.released) {
                process(s);
            }
        }
        return delivered;
    }

    // ---- cancellation and the blocking pool ----

    /**
     * A read, write or POLL still queued on its descriptor is removed and completes with a
     * {@link CancellationException}, its buffer untouched. Anything on the blocking pool is the
     * loop's to handle; a NOP completes anyway.
     */
    @Override
    public void cancel(Request op) {
        PolledFd s = fds.get(fdOf(op));
        if (s == null) {
            return;
        }
        ArrayDeque<Request> q = switch (op.opcode()) {
            case READ -> s.reads;
            case WRITE -> s.writes;
            case POLL, WAIT_CHILD -> s.polls;
            default -> null;
        };
        if (q != null && q.remove(op)) {
            ctx.failLater(op, new CancellationException(op.opcode() + " cancelled before its descriptor was ready"));
            markDirty(s); // it may need less interest now, or none
        }
    }

    @Override
    public void completeBlocking(Request op, long rawResult) {
        long raw = rawResult;
        PolledFd s = fds.get(fdOf(op));
        if (s != null && (s.readOnPool == op || s.writeOnPool == op)) {
            boolean write = s.writeOnPool == op;
            s.setOnPool(write, null);
            if (s.strategy == PolledFd.Strategy.READINESS_THEN_POOL) {
                s.setWaiting(write, true);
            }
            markDirty(s);
            if (raw == -EAGAIN && s.strategy != PolledFd.Strategy.POOL) {
                // Another reader took what epoll announced (or the description is O_NONBLOCK): wait again.
                if (!op.isCancelRequested()) {
                    s.setWaiting(write, true);
                    s.queue(write).addFirst(op);
                    return;
                }
                raw = -ECANCELED;
            }
        }
        LinuxFileOps.finish(ctx, scratch, op, raw);
    }

    /** A call queued for the pool was cancelled before it ran: the operations behind it may go on. */
    @Override
    public void blockingWithdrawn(Request op) {
        scratch.release(ctx, op);
        PolledFd s = fds.get(fdOf(op));
        if (s != null && (s.readOnPool == op || s.writeOnPool == op)) {
            boolean write = s.writeOnPool == op;
            s.setOnPool(write, null);
            if (s.strategy == PolledFd.Strategy.READINESS_THEN_POOL) {
                s.setWaiting(write, true); // the readiness it was sent on may be stale by now
            }
            markDirty(s);
        }
    }

    @Override
    public void wakeup() {
        Libc.write(wakeFd, one.address(), Long.BYTES);
    }

    /** Called with nothing in flight: every state is already released. */
    @Override
    public void close() {
        for (PolledFd s : fds.snapshot()) {
            release(s);
        }
        Libc.close(wakeFd);
        epoll.close();
        probe.close();
        arena.close();
    }

    @Override
    public String toString() {
        return "EpollDriver[epfd=" + epoll.fd + ", descriptors waiting " + fds.size() + "]";
    }
}
