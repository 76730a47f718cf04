package io.rusticated.unix.readiness;

import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverEvent;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.unix.Errno;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.IoBuffers;
import io.rusticated.unix.Posix;
import io.rusticated.unix.ScratchPool;
import io.rusticated.unix.net.SocketScratch;

import java.lang.foreign.MemorySegment;
import java.net.SocketException;
import java.nio.channels.AsynchronousCloseException;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Readiness turned into completions, for every Unix poller: the part of an epoll or kqueue driver
 * that is not epoll or kqueue. The driver hands it the reads, writes and POLLs of pollable
 * descriptors and every socket operation; they wait in a FIFO per descriptor and direction
 * ({@link PolledFd}: ACCEPT, RECV and RECV_FROM read, CONNECT, SEND and SEND_TO write); each is
 * attempted without blocking ({@link Strategy}, {@link NonBlockingSockets}) before anything waits,
 * and the {@link Poller} is armed, one-shot, only while something waits for readiness, and told
 * to forget the descriptor once nothing does. The driver reports what its poller saw with
 * {@link #onReady} and runs {@link #runPending} in each poll, before and after waiting.
 *
 * <p>A multishot ACCEPT stays at the head of its queue and delivers each connection with
 * {@link DriverContext#completeMore} until accepting would block (then it waits for readability)
 * or fails; a failure (EMFILE) ends it, so a listener that stays readable while no descriptor is
 * left never spins here: whoever accepts decides when to try again.
 *
 * <p>Completions found while submitting or cancelling go through
 * {@link DriverContext#completeLater}, never from inside the driver's submit, so a callback that
 * submits again cannot recurse. A call this layer sends to the blocking pool comes back through
 * {@link #completeBlocking}. Loop thread only.
 */
public final class Readiness {
    /** poll(2)'s bits, the same on Linux and macOS: what a POLL completes with, and what pollers report. */
    public static final int IN = 0x001;
    public static final int OUT = 0x004;
    public static final int ERR = 0x008;
    public static final int HUP = 0x010;

    /** Operations one descriptor may complete per turn, so a fast producer cannot starve the loop. */
    private static final int BUDGET_PER_FD = 64;
    /** {@link #attempt}: hand the call to the blocking pool. */
    private static final long TO_POOL = Long.MIN_VALUE + 1;

    /** A stream read or write on the blocking pool, at no position (see {@link DescriptorOps#transfer}). */
    private static final BlockingWork STREAM_IO = op -> op.opcode() == Opcode.WRITE
            ? Posix.write((int) op.handle(), IoBuffers.writeAddress(op.buffer()), IoBuffers.writeLength(op.buffer()))
            : Posix.read((int) op.handle(), IoBuffers.readAddress(op.buffer()), IoBuffers.readLength(op.buffer()));

    private final DriverContext ctx;
    private final Poller poller;
    private final DescriptorOps ops;
    private final NonBlockingSockets sockets;
    /** The memory of CONNECT, SEND_TO and RECV_FROM requests (an address, a msghdr, an iovec). */
    private final ScratchPool socketScratch;
    private final ScratchPool.Decoder received;
    private final PolledFdTable fds = new PolledFdTable();
    private final ArrayDeque<PolledFd> dirty = new ArrayDeque<>();
    /** Descriptors attached as sockets ({@link #attach}): made non-blocking once, until {@link #detach}. */
    private final BitSet attachedSockets = new BitSet();
    private final int eagain;
    private final int ecanceled;
    private final int eopnotsupp;
    private final int enotsup;
    /** Operations delivered by the current {@link #runPending}; a poll that delivered some does not wait. */
    private int delivered;

    public Readiness(DriverContext ctx, Poller poller, DescriptorOps ops, NonBlockingSockets sockets, ErrnoTable errors) {
        this.ctx = ctx;
        this.poller = poller;
        this.ops = ops;
        this.sockets = sockets;
        SocketScratch layout = sockets.scratch();
        this.socketScratch = new ScratchPool(code -> hasScratch(code) ? layout.size() : 0);
        this.received = (op, memory, raw) -> op.opcode() == Opcode.RECV_FROM ? layout.received(memory, (int) raw) : null;
        this.eagain = errors.code(Errno.EAGAIN);
        this.ecanceled = errors.code(Errno.ECANCELED);
        this.eopnotsupp = errors.code(Errno.EOPNOTSUPP);
        this.enotsup = errors.code(Errno.ENOTSUP);
    }

    /** The IN/OUT bits a POLL asks for; a WAIT_CHILD on a process descriptor (a pidfd) waits for IN. */
    static int pollEvents(Request op) {
        if (op.opcode() == Opcode.WAIT_CHILD) {
            return IN; // a pidfd is readable once its process exited
        }
        return ((op.flags() & Request.POLL_IN) != 0 ? IN : 0) | ((op.flags() & Request.POLL_OUT) != 0 ? OUT : 0);
    }

    private static int fdOf(Request op) {
        long h = op.handle();
        return h >= 0 && h <= Integer.MAX_VALUE ? (int) h : -1;
    }

    /** The socket operations, served with {@link NonBlockingSockets}. */
    static boolean isSocket(Opcode code) {
        return switch (code) {
            case ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> true;
            default -> false;
        };
    }

    /** Those that wait for writability (the others of a socket wait for readability). */
    private static boolean writes(Opcode code) {
        return switch (code) {
            case WRITE, CONNECT, SEND, SEND_TO -> true;
            default -> false;
        };
    }

    private static boolean hasScratch(Opcode code) {
        return code == Opcode.CONNECT || code == Opcode.SEND_TO || code == Opcode.RECV_FROM;
    }

    // ---- handles ----

    /**
     * A handle of the API will operate on {@code fd} until {@link #detach}: a socket (its role
     * says so; nothing is asked of the OS) is made non-blocking (and, on macOS, SO_NOSIGPIPE) now,
     * once, rather than at each operation. The sockets the API owns are this process's alone (made
     * by SocketSupport, or accepted), so their O_NONBLOCK touches nobody else; io_uring never sees
     * them, since a loop has one backend. Any other role is left as it is.
     */
    public void attach(int fd, HandleRole role) {
        if (fd >= 0 && role.isSocket() && sockets.adoptSocket(fd) > 0) {
            attachedSockets.set(fd);
        }
    }

    /** {@link NonBlockingSockets#adoptIfSocket}, counted: the question an attached handle's role spares. */
    private int adoptIfSocket(int fd) {
        ctx.count(DriverEvent.SOCKET_TYPE_ASKED);
        return sockets.adoptIfSocket(fd);
    }

    /** The handle is about to be closed: its number may next name anything. */
    public void detach(int fd) {
        if (fd >= 0) {
            attachedSockets.clear(fd);
        }
    }

    /**
     * The socket's directions were shut down by a synchronous call: what waits in them is tried
     * again, since poll may never report it (Linux's unix_poll sets no EPOLLOUT for a Unix stream
     * whose writing is shut down, where tcp_poll does); the attempt then fails as the OS says.
     */
    public void shutDown(int fd, boolean read, boolean write) {
        PolledFd s = fd >= 0 ? fds.get(fd) : null;
        if (s == null) {
            return;
        }
        if (read && s.readWaiting) {
            s.readWaiting = false;
            markDirty(s);
        }
        if (write && s.writeWaiting) {
            s.writeWaiting = false;
            markDirty(s);
        }
    }

    // ---- submission ----

    /**
     * Takes a READ, WRITE, POLL, (on a process descriptor) WAIT_CHILD, or a socket operation.
     * Returns false, having done nothing, when the descriptor is not pollable and the request is a
     * READ or WRITE: the driver runs it as file I/O on the blocking pool.
     */
    public boolean submit(Request op) {
        int fd = fdOf(op);
        if (isSocket(op.opcode())) {
            submitSocket(op, fd);
            return true;
        }
        PolledFd s = fds.get(fd);
        if (s == null) {
            int pollable = ops.pollable(fd);
            if (pollable < 0) {
                ctx.completeLater(op, pollable);
                return true;
            }
            if (pollable == 0) {
                if (op.opcode() == Opcode.READ || op.opcode() == Opcode.WRITE) {
                    return false;
                }
                ctx.completeLater(op, pollEvents(op)); // a file is always ready, as poll(2) says of it
                return true;
            }
            s = fds.create(fd, ops.firstStrategy(fd));
            if (s.strategy == Strategy.READINESS_THEN_POOL) {
                // no non-blocking call to try: the pool's call waits for readiness first
                s.readWaiting = true;
                s.writeWaiting = true;
            }
        }
        switch (op.opcode()) {
            case READ -> s.reads.addLast(op);
            case WRITE -> s.writes.addLast(op);
            default -> s.polls.addLast(op);
        }
        markDirty(s);
        return true;
    }

    /**
     * Queues a socket operation. Its scratch (address, msghdr) is prepared now, so a bad address
     * fails it before anything is tried; a socket nobody attached (the low-level path) is made
     * non-blocking when its descriptor's state is created.
     */
    private void submitSocket(Request op, int fd) {
        if (hasScratch(op.opcode())) {
            socketScratch.attach(ctx, op);
            try {
                sockets.scratch().prepare(op, ctx.scratch(op));
            } catch (SocketException | RuntimeException e) {
                socketScratch.release(ctx, op);
                ctx.failLater(op, e);
                return;
            }
        }
        PolledFd s = fds.get(fd);
        if (s == null) {
            if (!attachedSockets.get(fd)) {
                int adopted = adoptIfSocket(fd);
                if (adopted < 0) {
                    socketScratch.release(ctx, op); // not a socket (ENOTSOCK), or closed
                    ctx.completeLater(op, adopted);
                    return;
                }
            }
            s = fds.create(fd, Strategy.NOWAIT);
        }
        s.queue(writes(op.opcode())).addLast(op);
        markDirty(s);
    }

    /**
     * The CLOSE's descriptor is about to be closed: its pending operations fail with
     * {@link AsynchronousCloseException} and the poller forgets it (the OS would forget it along
     * with the descriptor). A call already on the pool completes on its own.
     */
    public void closing(Request close) {
        detach(fdOf(close));
        PolledFd s = fds.get(fdOf(close));
        if (s != null) {
            tearDown(s, 0, new AsynchronousCloseException());
        }
    }

    private void markDirty(PolledFd s) {
        if (!s.dirty && !s.released) {
            s.dirty = true;
            dirty.addLast(s);
        }
    }

    /** Whether operations wait on {@code fd}: a driver's own call on it ahead of them would jump their queue. */
    public boolean isTracking(int fd) {
        return fds.get(fd) != null;
    }

    /** Whether descriptors wait for an attempt: a poll must not sleep then. */
    public boolean hasPending() {
        return !dirty.isEmpty();
    }

    // ---- attempts ----

    /** Runs the attempts of descriptors with news; returns how many completed. */
    public int runPending() {
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

    /** Runs what can run on the descriptor now, then re-arms or drops its interest. */
    private void process(PolledFd s) {
        if (s.strategy == Strategy.POOL) {
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
            long r = isSocket(op.opcode()) ? attemptSocket(s, op) : attempt(s, op, write);
            if (r == -eagain) {
                s.setWaiting(write, true);
                break;
            }
            if (r == TO_POOL) {
                q.pollFirst();
                s.setOnPool(write, op);
                ctx.runBlocking(op, STREAM_IO);
                break;
            }
            budget--;
            delivered++;
            if (r >= 0 && (op.flags() & Request.MULTISHOT) != 0) {
                // One connection of a multishot ACCEPT, which stays first in line for the next.
                ctx.completeMore(op, r, null); // its callback may cancel it, or close the listener
                if (s.released) {
                    break;
                }
                continue;
            }
            q.pollFirst();
            if (s.connecting == op) {
                s.connecting = null;
            }
            finish(op, r); // its callback may submit, cancel or close
            if (s.released) {
                break;
            }
        }
        return budget;
    }

    /** Completes a request this layer served: a socket request's scratch goes back (RECV_FROM's sender decoded from it first). */
    private void finish(Request op, long raw) {
        if (hasScratch(op.opcode())) {
            socketScratch.finish(ctx, op, raw, received);
        } else {
            ctx.complete(op, raw);
        }
    }

    /** A request this layer will fail without the OS: its scratch goes back first (the OS holds none of it). */
    private void dropScratch(Request op) {
        if (hasScratch(op.opcode())) {
            socketScratch.release(ctx, op);
        }
    }

    /** One non-blocking socket call: the result, -EAGAIN to wait for readiness, or a negated errno. */
    private long attemptSocket(PolledFd s, Request op) {
        int fd = s.fd;
        return switch (op.opcode()) {
            case ACCEPT -> sockets.accept(fd);
            case RECV -> sockets.recv(fd, op.buffer());
            case SEND -> sockets.send(fd, op.buffer());
            case RECV_FROM -> sockets.recvFrom(fd, ctx.scratch(op));
            case SEND_TO -> sockets.sendTo(fd, ctx.scratch(op));
            case CONNECT -> {
                if (s.connecting == op) {
                    yield sockets.connectResult(fd); // it was under way, and the socket turned writable (or failed)
                }
                long r = sockets.connect(fd, ctx.scratch(op));
                if (r == sockets.inProgress()) {
                    s.connecting = op;
                    yield -eagain;
                }
                yield r;
            }
            default -> throw new IllegalStateException(op.opcode() + " is no socket operation");
        };
    }

    /** One non-blocking try: the result, a negated errno (-EAGAIN: wait for readiness), or {@link #TO_POOL}. */
    private long attempt(PolledFd s, Request op, boolean write) {
        for (;;) {
            switch (s.strategy) {
                case NOWAIT -> {
                    long r = ops.transfer(op, write, s.fd, true);
                    if (r != -eopnotsupp && r != -enotsup) {
                        return r;
                    }
                    if (ops.isReopenableTerminal(s.fd)) {
                        s.strategy = Strategy.REOPENED;
                    } else {
                        waitForReadinessThenPool(s);
                        return -eagain;
                    }
                }
                case REOPENED -> {
                    int own = s.privateFd(write);
                    if (own < 0) {
                        own = ops.reopenNonBlocking(s.fd, write);
                        if (own < 0) {
                            waitForReadinessThenPool(s);
                            return -eagain;
                        }
                        s.setPrivateFd(write, own);
                    }
                    return ops.transfer(op, write, own, false); // the private description is O_NONBLOCK itself
                }
                case READINESS_THEN_POOL, POOL -> {
                    return TO_POOL; // READINESS_THEN_POOL only gets here once the poller reported readiness
                }
            }
        }
    }

    private static void waitForReadinessThenPool(PolledFd s) {
        s.strategy = Strategy.READINESS_THEN_POOL;
        s.readWaiting = true;
        s.writeWaiting = true;
    }

    // ---- interest ----

    /** Arms the one-shot interest for what is waiting, or drops the state when nothing is. */
    private void updateInterest(PolledFd s) {
        if (s.idle()) {
            release(s);
            return;
        }
        if (s.strategy == Strategy.POOL) {
            return;
        }
        int want = 0;
        if ((s.readWaiting && !s.reads.isEmpty() && s.readOnPool == null) || s.pollsWant(IN)) {
            want |= IN;
        }
        if ((s.writeWaiting && !s.writes.isEmpty() && s.writeOnPool == null) || s.pollsWant(OUT)) {
            want |= OUT;
        }
        if (want == 0 || want == s.armed) {
            return; // an interest wider than needed only costs a spurious wakeup
        }
        int r = poller.arm(s.fd, want, s.armed, s.registered);
        if (r == 0) {
            s.registered = true;
            s.armed = want;
        } else if (r == Poller.NOT_POLLABLE) {
            // The OS cannot watch this file, so readiness would never come: run each call on the pool.
            s.strategy = Strategy.POOL;
            s.readWaiting = false;
            s.writeWaiting = false;
            markDirty(s);
        } else {
            tearDown(s, r, null);
        }
    }

    /** Leaves the poller and the table; closes a terminal's private descriptions. */
    private void release(PolledFd s) {
        s.released = true;
        fds.remove(s);
        if (s.registered || s.armed != 0) {
            poller.forget(s.fd, s.armed, s.registered);
            s.registered = false;
            s.armed = 0;
        }
        if (s.readFd >= 0) {
            ops.closePrivate(s.readFd);
            s.readFd = -1;
        }
        if (s.writeFd >= 0) {
            ops.closePrivate(s.writeFd);
            s.writeFd = -1;
        }
    }

    /** Releases the state and fails its queued operations (at the next poll) with the errno or the failure. */
    private void tearDown(PolledFd s, int negatedErrno, Throwable failure) {
        release(s);
        s.connecting = null;
        for (ArrayDeque<Request> q : List.of(s.reads, s.writes, s.polls)) {
            Request op;
            while ((op = q.pollFirst()) != null) {
                dropScratch(op);
                if (failure != null) {
                    ctx.failLater(op, failure);
                } else {
                    ctx.completeLater(op, negatedErrno);
                }
            }
        }
    }

    // ---- events ----

    /**
     * Records what the poller reported for {@code fd} ({@link #IN}, {@link #OUT}, {@link #ERR},
     * {@link #HUP}); {@code disarmed} is the interest that event consumed (epoll's one-shot
     * disables the whole registration, a kqueue one-shot only its own filter). POLLs it satisfies
     * complete; the attempts run in {@link #runPending}.
     */
    public void onReady(int fd, int events, int disarmed) {
        PolledFd s = fds.get(fd);
        if (s == null) {
            return; // a state torn down within this batch
        }
        s.armed &= ~disarmed;
        if ((events & (IN | ERR | HUP)) != 0) {
            s.readWaiting = false;
        }
        if ((events & (OUT | ERR | HUP)) != 0) {
            s.writeWaiting = false;
        }
        Iterator<Request> it = s.polls.iterator();
        while (it.hasNext()) {
            Request p = it.next();
            int fired = events & (pollEvents(p) | ERR | HUP);
            if (fired != 0) {
                it.remove();
                ctx.completeLater(p, fired);
            }
        }
        markDirty(s);
    }

    // ---- cancellation and the blocking pool ----

    /**
     * A read, write, socket operation or POLL still queued on its descriptor is removed and
     * completes with a {@link CancellationException}, its buffer untouched (a multishot ACCEPT ends
     * so); returns whether it was. Anything on the blocking pool is the loop's to handle.
     */
    public boolean cancel(Request op) {
        PolledFd s = fds.get(fdOf(op));
        if (s == null) {
            return false;
        }
        ArrayDeque<Request> q = switch (op.opcode()) {
            case READ, ACCEPT, RECV, RECV_FROM -> s.reads;
            case WRITE, CONNECT, SEND, SEND_TO -> s.writes;
            case POLL, WAIT_CHILD -> s.polls;
            default -> null;
        };
        if (q != null && q.remove(op)) {
            if (s.connecting == op) {
                s.connecting = null; // the kernel goes on connecting: the socket's owner closes it
            }
            dropScratch(op);
            ctx.failLater(op, new CancellationException(op.opcode() + " cancelled before its descriptor was ready"));
            markDirty(s); // it may need less interest now, or none
            return true;
        }
        return false;
    }

    /**
     * A call this layer sent to the blocking pool came back: completes it, or queues it again when
     * someone took what the poller announced. Returns false, having done nothing, for a request
     * that is not this layer's (the driver's file I/O).
     */
    public boolean completeBlocking(Request op, long rawResult) {
        PolledFd s = fds.get(fdOf(op));
        if (s == null || (s.readOnPool != op && s.writeOnPool != op)) {
            return false;
        }
        long raw = rawResult;
        boolean write = s.writeOnPool == op;
        s.setOnPool(write, null);
        if (s.strategy == Strategy.READINESS_THEN_POOL) {
            s.setWaiting(write, true);
        }
        markDirty(s);
        if (raw == -eagain && s.strategy != Strategy.POOL) {
            // Another reader took what was announced (or the description is O_NONBLOCK): wait again.
            if (!op.isCancelRequested()) {
                s.setWaiting(write, true);
                s.queue(write).addFirst(op);
                return true;
            }
            raw = -ecanceled;
        }
        ctx.complete(op, raw);
        return true;
    }

    /** A call queued for the pool was withdrawn before it ran: the operations behind it may go on. */
    public void blockingWithdrawn(Request op) {
        PolledFd s = fds.get(fdOf(op));
        if (s != null && (s.readOnPool == op || s.writeOnPool == op)) {
            boolean write = s.writeOnPool == op;
            s.setOnPool(write, null);
            if (s.strategy == Strategy.READINESS_THEN_POOL) {
                s.setWaiting(write, true); // the readiness it was sent on may be stale by now
            }
            markDirty(s);
        }
    }

    /** Descriptors with pending operations. */
    public int size() {
        return fds.size();
    }

    /** Called with nothing in flight: releases whatever state is left. */
    public void close() {
        for (PolledFd s : fds.snapshot()) {
            release(s);
        }
    }
}
