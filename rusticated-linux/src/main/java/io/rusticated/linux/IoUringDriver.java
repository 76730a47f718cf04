package io.rusticated.linux;

import io.rusticated.spi.Backend;
import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverUnavailableException;
import io.rusticated.spi.DriverEvent;
import io.rusticated.spi.ErrorTable;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.unix.IoBuffers;
import io.rusticated.unix.ScratchPool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

import static io.rusticated.linux.IoUringAbi.*;
import static io.rusticated.linux.LinuxAbi.*;

/**
 * The io_uring backend: each operation becomes one SQE whose user_data is the operation's registry
 * token; submission and waiting share one io_uring_enter per loop turn. Opcodes the kernel's probe
 * lacks, and directory reads (getdents64 has no io_uring opcode), run on the blocking pool.
 *
 * <p>Never drops an SQE: when the SQ is full it is flushed to the kernel; if the kernel cannot
 * take more (its completion backlog is full) the operation waits in a backlog until the next turn.
 */
final class IoUringDriver implements Driver {
    /** user_data of the wakeup eventfd read: generation 0 never names an operation. */
    private static final long WAKEUP_TOKEN = 1L;
    /** user_data of internal requests whose own completions need no action. */
    private static final long INTERNAL_TOKEN = 0L;
    /**
     * Marks the user_data of a cancel: this bit and the target's slot, with generation 0 (which
     * never names an operation), so the cancel's answer leads back to its target.
     */
    private static final long CANCEL_TAG = 1L << 31;

    private final IoUring ring;
    private final DriverContext ctx;
    /** Loaded with the driver: the error path must work when no descriptor is left to load a class (EMFILE). */
    private final ErrorTable errors = LinuxErrors.TABLE;
    private final Backend backend;
    private final boolean[] supported;
    private final ScratchPool scratch = new ScratchPool(LinuxFileOps::scratchSize);
    private final BlockingWork blocking;
    private final ProvidedBuffers provided;
    private final ArrayDeque<Request> backlog = new ArrayDeque<>();
    /**
     * Tokens of cancels the SQ had no room for. Tokens, not operations: by the next turn the
     * operation may have completed and, recycled, serve a new request under a new token.
     */
    private final ArrayDeque<Long> cancelBacklog = new ArrayDeque<>();
    /**
     * The target token of each cancel in the kernel, indexed by the target's slot (0: none; a
     * token is never 0). A plain array, so a cancel allocates nothing; it grows with the slots.
     */
    private long[] cancelTargets = new long[64];
    /** Targets of cancels the kernel answered ENOENT, checked at the next turn (after this turn's completions). */
    private final ArrayDeque<Long> cancelsNotFound = new ArrayDeque<>();
    private final Arena arena = Arena.ofShared();
    private final MemorySegment one;
    private final MemorySegment wakeBuffer;
    private final MemorySegment waitArg;
    private final MemorySegment waitTimeout;
    private final int wakeFd;
    private boolean wakeArmed;
    private boolean closing;

    private IoUringDriver(IoUring ring, DriverContext ctx, boolean[] supported, String why) {
        this.ring = ring;
        this.ctx = ctx;
        this.supported = supported;
        this.blocking = LinuxFileOps.blocking(ctx);
        this.provided = new ProvidedBuffers(ring, this::wakeup);
        this.one = arena.allocate(ValueLayout.JAVA_LONG);
        this.one.set(ValueLayout.JAVA_LONG, 0, 1L);
        this.wakeBuffer = arena.allocate(ValueLayout.JAVA_LONG);
        this.waitTimeout = arena.allocate(KERNEL_TIMESPEC);
        this.waitArg = arena.allocate(IO_URING_GETEVENTS_ARG);
        this.waitArg.set(ValueLayout.JAVA_INT, GETEVENTS_ARG_SIGMASK_SZ, 8);
        this.waitArg.set(ValueLayout.JAVA_LONG, GETEVENTS_ARG_TS, waitTimeout.address());
        int efd = Libc.eventfd(0, EFD_CLOEXEC);
        if (efd < 0) {
            arena.close();
            ring.close();
            throw new IllegalStateException("eventfd for the io_uring wakeup failed: " + LinuxErrors.message(-efd));
        }
        this.wakeFd = efd;
        this.backend = new Backend("io_uring", describe(ring, supported), why.isEmpty() ? "first choice on Linux" : why);
    }

    /** Sets up a ring with the best flags this kernel accepts (probed, not guessed from its version). */
    static IoUringDriver open(DriverContext ctx, String why) throws DriverUnavailableException {
        int entries = Integer.highestOneBit(Math.max(1, ctx.queueEntries()));
        // ENOMEM retries halve the ring down to 8 entries; a smaller ring asked for is tried as it is.
        int smallest = Math.min(entries, 8);
        int[] flagSets = {
                IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_CLAMP,
                IORING_SETUP_COOP_TASKRUN | IORING_SETUP_SUBMIT_ALL | IORING_SETUP_CLAMP,
                IORING_SETUP_CLAMP,
        };
        int lastErrno = 0;
        for (int size = entries; size >= smallest; size /= 2) {
            for (int flags : flagSets) {
                IoUring.SetupResult r = IoUring.setup(size, size * 2, flags);
                if (r.ring() != null) {
                    return checked(r.ring(), ctx, why);
                }
                lastErrno = r.errno();
                if (lastErrno == ENOSYS || lastErrno == EPERM || lastErrno == EACCES) {
                    throw new DriverUnavailableException("io_uring_setup failed with " + LinuxErrors.name(lastErrno) + " ("
                            + LinuxErrors.message(lastErrno) + (lastErrno == ENOSYS ? "; kernel without io_uring" : "; blocked by seccomp or kernel.io_uring_disabled") + ")");
                }
                if (lastErrno != EINVAL) {
                    break; // ENOMEM (memlock) and the like: try a smaller ring
                }
            }
            if (lastErrno == EINVAL) {
                break; // no flag set is accepted: a smaller ring will not help
            }
        }
        throw new DriverUnavailableException("io_uring_setup failed with " + LinuxErrors.name(lastErrno) + " (" + LinuxErrors.message(lastErrno) + ")");
    }

    private static IoUringDriver checked(IoUring ring, DriverContext ctx, String why) throws DriverUnavailableException {
        int need = IORING_FEAT_NODROP | IORING_FEAT_EXT_ARG | IORING_FEAT_RW_CUR_POS;
        if ((ring.features & need) != need) {
            ring.close();
            throw new DriverUnavailableException("io_uring lacks NODROP, EXT_ARG or RW_CUR_POS (kernel older than 5.11)");
        }
        boolean[] supported = ring.probeOpcodes();
        if (supported == null) {
            ring.close();
            throw new DriverUnavailableException("IORING_REGISTER_PROBE failed (kernel older than 5.6)");
        }
        if (!supported[IORING_OP_READ] || !supported[IORING_OP_WRITE] || !supported[IORING_OP_ASYNC_CANCEL]) {
            ring.close();
            throw new DriverUnavailableException("io_uring lacks READ, WRITE or ASYNC_CANCEL");
        }
        return new IoUringDriver(ring, ctx, supported, why);
    }

    private static String describe(IoUring ring, boolean[] supported) {
        List<String> flags = new ArrayList<>();
        if ((ring.setupFlags & IORING_SETUP_SINGLE_ISSUER) != 0) {
            flags.add("SINGLE_ISSUER");
        }
        if ((ring.setupFlags & IORING_SETUP_DEFER_TASKRUN) != 0) {
            flags.add("DEFER_TASKRUN");
        }
        if ((ring.setupFlags & IORING_SETUP_COOP_TASKRUN) != 0) {
            flags.add("COOP_TASKRUN");
        }
        List<String> blocking = new ArrayList<>();
        for (Opcode code : Opcode.values()) {
            int op = kernelOpcode(code);
            if (op >= 0 && !supported[op]) {
                blocking.add(code.name());
            }
        }
        return "sq=" + ring.sqEntries + " cq=" + ring.cqEntries + " setup=" + String.join("|", flags)
                + (blocking.isEmpty() ? "" : " blocking-pool=" + String.join(",", blocking));
    }

    /** The io_uring opcode serving a rusticated opcode, or -1 where the blocking pool serves it. */
    private static int kernelOpcode(Opcode code) {
        return switch (code) {
            case NOP -> IORING_OP_NOP;
            case READ -> IORING_OP_READ;
            case WRITE -> IORING_OP_WRITE;
            case OPEN -> IORING_OP_OPENAT;
            case CLOSE -> IORING_OP_CLOSE;
            case STAT -> IORING_OP_STATX;
            case FSYNC -> IORING_OP_FSYNC;
            case TRUNCATE -> IORING_OP_FTRUNCATE;
            case MKDIR -> IORING_OP_MKDIRAT;
            case UNLINK -> IORING_OP_UNLINKAT;
            case RENAME -> IORING_OP_RENAMEAT;
            case SYMLINK -> IORING_OP_SYMLINKAT;
            case LINK -> IORING_OP_LINKAT;
            case POLL, WAIT_CHILD -> IORING_OP_POLL_ADD; // a child's pidfd polls readable once it exited
            case ACCEPT -> IORING_OP_ACCEPT;
            case CONNECT -> IORING_OP_CONNECT;
            case SEND -> IORING_OP_SEND;
            case RECV -> IORING_OP_RECV;
            case SEND_TO -> IORING_OP_SENDMSG;
            case RECV_FROM -> IORING_OP_RECVMSG;
            case READ_DIR, ACCESS, SLEEP -> -1; // io_uring has no getdents or access opcode
        };
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
            case POLL, WAIT_CHILD -> supported[IORING_OP_POLL_ADD]; // no blocking form: a poll would hold a pool thread
            case ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> supported[kernelOpcode(opcode)]; // 5.5-5.6, under the 5.11 floor
            case SLEEP -> false; // the loop's timer heap serves it
            default -> true;
        };
    }

    /**
     * Multishot accept and provided buffer rings came in 5.19, multishot receive in 6.0: probed by
     * opcodes of the same releases (IORING_OP_SOCKET, IORING_OP_SEND_ZC), as Netty probes them.
     */
    @Override
    public boolean supportsMultishot(Opcode opcode) {
        return switch (opcode) {
            case ACCEPT -> supported[IORING_OP_SOCKET];
            case RECV -> supported[IORING_OP_SEND_ZC] && supportsProvidedBuffers();
            default -> false;
        };
    }

    @Override
    public boolean supportsProvidedBuffers() {
        return supported[IORING_OP_SOCKET];
    }

    @Override
    public boolean kernelKeepsFilePosition() {
        return true;
    }

    @Override
    public void submit(Request op) {
        int code = kernelOpcode(op.opcode());
        if (code < 0 || !supported[code]) {
            scratch.attach(ctx, op);
            ctx.runBlocking(op, blocking);
            return;
        }
        scratch.attach(ctx, op);
        if (op.opcode() == Opcode.CONNECT || op.opcode() == Opcode.SEND_TO || op.opcode() == Opcode.RECV_FROM) {
            try {
                LinuxFileOps.SOCKETS.prepare(op, ctx.scratch(op));
            } catch (java.net.SocketException | RuntimeException e) {
                scratch.release(ctx, op);
                ctx.failLater(op, e);
                return;
            }
        }
        if (!backlog.isEmpty() || !tryFill(op, code)) {
            backlog.addLast(op);
        }
    }

    /**
     * Submits again an operation the kernel ended with EINTR: issued inline on the loop thread
     * (DEFER_TASKRUN), a terminal read or write sees the signal the JVM is about to handle and
     * gives up, which a blocking call would have restarted (the JVM's handlers use SA_RESTART).
     * Not for a cancelled operation, whose EINTR is its cancellation, nor for CLOSE, which has
     * released the descriptor whatever it returned.
     */
    private boolean restart(Request op) {
        if (op == null || op.isCancelRequested() || op.opcode() == Opcode.CLOSE) {
            return false;
        }
        ctx.count(DriverEvent.INTERRUPTED_RESTART);
        if (!backlog.isEmpty() || !tryFill(op, kernelOpcode(op.opcode()))) {
            backlog.addLast(op);
        }
        return true;
    }

    /** Writes the operation's SQE; false if the SQ is full even after a flush. */
    private boolean tryFill(Request op, int code) {
        long sqe = takeSqe();
        if (sqe < 0) {
            return false;
        }
        MemorySegment s = ring.sqes;
        s.set(ValueLayout.JAVA_BYTE, sqe + SQE_OPCODE, (byte) code);
        s.set(ValueLayout.JAVA_LONG, sqe + SQE_USER_DATA, op.token());
        switch (op.opcode()) {
            case NOP -> {
            }
            case READ -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, IoBuffers.readAddress(op.buffer()));
                s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, IoBuffers.readLength(op.buffer()));
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_OFF, op.offset());
            }
            case WRITE -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, IoBuffers.writeAddress(op.buffer()));
                s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, IoBuffers.writeLength(op.buffer()));
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_OFF, op.offset());
            }
            case OPEN -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, AT_FDCWD);
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, op.path().utf8z().address());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, op.mode());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_RW_FLAGS, LinuxFileOps.openFlags(op));
            }
            case CLOSE -> s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
            case STAT -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, LinuxFileOps.statDirfd(op));
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, LinuxFileOps.statPath(op));
                s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, STATX_BASIC_STATS | STATX_BTIME);
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_OFF, ctx.scratch(op).address());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_RW_FLAGS, LinuxFileOps.statFlags(op));
            }
            case FSYNC -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_RW_FLAGS, (op.flags() & Request.DATA_ONLY) != 0 ? IORING_FSYNC_DATASYNC : 0);
            }
            case TRUNCATE -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_OFF, op.length());
            }
            case MKDIR -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, AT_FDCWD);
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, op.path().utf8z().address());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, op.mode());
            }
            case UNLINK -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, AT_FDCWD);
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, op.path().utf8z().address());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_RW_FLAGS, (op.flags() & Request.DIRECTORY) != 0 ? AT_REMOVEDIR : 0);
            }
            case RENAME -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, AT_FDCWD);
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, op.path().utf8z().address());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, AT_FDCWD);
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_OFF, op.path2().utf8z().address());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_RW_FLAGS, (op.flags() & Request.NO_REPLACE) != 0 ? RENAME_NOREPLACE : 0);
            }
            case SYMLINK -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, AT_FDCWD);
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, op.path().utf8z().address());
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_OFF, op.path2().utf8z().address());
            }
            case LINK -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, AT_FDCWD);
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, op.path().utf8z().address());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, AT_FDCWD);
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_OFF, op.path2().utf8z().address());
            }
            case POLL -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                int events = ((op.flags() & Request.POLL_IN) != 0 ? POLLIN : 0) | ((op.flags() & Request.POLL_OUT) != 0 ? POLLOUT : 0);
                s.set(ValueLayout.JAVA_INT, sqe + SQE_RW_FLAGS, events);
            }
            case WAIT_CHILD -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_RW_FLAGS, POLLIN);
            }
            case ACCEPT -> {
                // No peer address asked for (NULL addr: a multishot accept would overwrite one buffer);
                // TcpStream reads it with getpeername when wanted.
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                s.set(ValueLayout.JAVA_INT, sqe + SQE_RW_FLAGS, SOCK_CLOEXEC);
                if ((op.flags() & Request.MULTISHOT) != 0) {
                    s.set(ValueLayout.JAVA_SHORT, sqe + SQE_IOPRIO, (short) IORING_ACCEPT_MULTISHOT);
                }
            }
            case CONNECT -> {
                MemorySegment sa = ctx.scratch(op);
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, sa.address());
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_OFF, LinuxFileOps.SOCKETS.addressLength(sa));
            }
            case SEND -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, IoBuffers.writeAddress(op.buffer()));
                s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, IoBuffers.writeLength(op.buffer()));
                s.set(ValueLayout.JAVA_INT, sqe + SQE_RW_FLAGS, MSG_NOSIGNAL); // a broken pipe is an error, never a SIGPIPE
            }
            case RECV -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                if ((op.flags() & Request.BUFFER_SELECT) != 0) {
                    // No buffer yet: the kernel takes one from the group when data arrives.
                    s.set(ValueLayout.JAVA_BYTE, sqe + SQE_FLAGS, (byte) IOSQE_BUFFER_SELECT);
                    s.set(ValueLayout.JAVA_SHORT, sqe + SQE_BUF_INDEX, provided.groupOf(op));
                    s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, op.bufferRing().bufferSize());
                    if ((op.flags() & Request.MULTISHOT) != 0) {
                        s.set(ValueLayout.JAVA_SHORT, sqe + SQE_IOPRIO, (short) IORING_RECV_MULTISHOT);
                    }
                } else {
                    s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, IoBuffers.readAddress(op.buffer()));
                    s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, IoBuffers.readLength(op.buffer()));
                }
            }
            case SEND_TO, RECV_FROM -> {
                s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, (int) op.handle());
                s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, LinuxFileOps.SOCKETS.msghdrAddress(ctx.scratch(op)));
                s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, 1);
                s.set(ValueLayout.JAVA_INT, sqe + SQE_RW_FLAGS, op.opcode() == Opcode.SEND_TO ? MSG_NOSIGNAL : 0);
            }
            case READ_DIR, ACCESS, SLEEP -> throw new IllegalStateException(op.opcode() + " has no SQE");
        }
        return true;
    }

    /** A free SQE, flushing the SQ to the kernel once if it is full; -1 if still full. */
    private long takeSqe() {
        long sqe = ring.nextSqe();
        if (sqe >= 0) {
            return sqe;
        }
        ctx.count(DriverEvent.SUBMISSION_QUEUE_FULL);
        int pending = ring.publishSubmissions();
        ring.enter(pending, 0, 0, 0, 0);
        return ring.nextSqe();
    }

    @Override
    public void cancel(Request op) {
        if (backlog.remove(op) || provided.remove(op)) {
            scratch.release(ctx, op);
            ctx.failLater(op, new CancellationException(op.opcode() + " cancelled before the kernel saw it"));
            return;
        }
        long token = op.token();
        if (!tryCancel(token)) {
            cancelBacklog.addLast(token);
        }
    }

    private boolean tryCancel(long token) {
        long sqe = takeSqe();
        if (sqe < 0) {
            return false;
        }
        MemorySegment s = ring.sqes;
        s.set(ValueLayout.JAVA_BYTE, sqe + SQE_OPCODE, IORING_OP_ASYNC_CANCEL);
        s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, -1);
        s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, token);
        long userData = INTERNAL_TOKEN;
        if (token != WAKEUP_TOKEN) {
            int slot = (int) token;
            if (slot >= cancelTargets.length) {
                cancelTargets = Arrays.copyOf(cancelTargets, Math.max(slot + 1, 2 * cancelTargets.length));
            }
            cancelTargets[slot] = token;
            userData = CANCEL_TAG | slot;
        }
        s.set(ValueLayout.JAVA_LONG, sqe + SQE_USER_DATA, userData);
        return true;
    }

    /** A cancel's answer: ENOENT while the target is still in flight is checked after this turn's completions. */
    private void cancelAnswered(long userData, int res) {
        int slot = (int) (userData & ~CANCEL_TAG);
        long target = cancelTargets[slot];
        cancelTargets[slot] = 0;
        if (target != 0 && res == -ENOENT) {
            cancelsNotFound.addLast(target);
        }
    }

    /**
     * Sends again, at the next turn, the cancels the kernel could not match while their requests
     * stay in flight: it answers ENOENT for a request between its poll and the worker that takes
     * it over (seen with a blocked SEND), and a close that waits for that request would wait
     * forever. A request that completed meanwhile (its completion reaped in the same turn as the
     * answer) is no longer in flight and is left alone.
     */
    private void retryCancelsNotFound() {
        for (Long target; (target = cancelsNotFound.pollFirst()) != null; ) {
            if (ctx.peekInFlight(target) != null) {
                ctx.count(DriverEvent.CANCEL_RETRIED);
                cancelBacklog.addLast(target);
            }
        }
    }

    private void drainBacklogs() {
        if (!cancelsNotFound.isEmpty()) {
            retryCancelsNotFound();
        }
        while (!cancelBacklog.isEmpty()) {
            if (!tryCancel(cancelBacklog.peekFirst())) {
                return; // a stale token is harmless: the kernel answers ENOENT
            }
            cancelBacklog.pollFirst();
        }
        while (!backlog.isEmpty()) {
            Request op = backlog.peekFirst();
            if (!tryFill(op, kernelOpcode(op.opcode()))) {
                return;
            }
            backlog.pollFirst();
        }
    }

    /**
     * Arms the eventfd read that {@link #wakeup()} completes. Its SQE is taken like a request's,
     * flushing a full SQ first: a turn can begin with the SQ exactly full (callbacks of the last
     * reap filled it) and then wait with no deadline, deaf to other threads if the read were left
     * unarmed. Reserving a slot for it instead would shrink every batch by one (and leave a
     * one-entry ring no room for requests), to save a rare io_uring_enter. The SQ stays full
     * after a flush only if the kernel took nothing (5.11 refuses submissions with EBUSY while
     * it holds completions the CQ cannot take); then {@link #poll} does not wait and the next
     * turn tries again.
     */
    private void armWakeup() {
        long sqe = takeSqe();
        if (sqe < 0) {
            return;
        }
        MemorySegment s = ring.sqes;
        s.set(ValueLayout.JAVA_BYTE, sqe + SQE_OPCODE, IORING_OP_READ);
        s.set(ValueLayout.JAVA_INT, sqe + SQE_FD, wakeFd);
        s.set(ValueLayout.JAVA_LONG, sqe + SQE_ADDR, wakeBuffer.address());
        s.set(ValueLayout.JAVA_INT, sqe + SQE_LEN, (int) Long.BYTES);
        s.set(ValueLayout.JAVA_LONG, sqe + SQE_OFF, -1L);
        s.set(ValueLayout.JAVA_LONG, sqe + SQE_USER_DATA, WAKEUP_TOKEN);
        wakeArmed = true;
    }

    @Override
    public void poll(long timeoutNanos) {
        if (!wakeArmed && !closing) {
            armWakeup();
        }
        provided.refillAll();
        for (Request fed; (fed = provided.nextFed()) != null; ) {
            if (!backlog.isEmpty() || !tryFill(fed, IORING_OP_RECV)) {
                backlog.addLast(fed);
            }
        }
        drainBacklogs();
        int pending = ring.publishSubmissions();
        boolean wait = timeoutNanos != 0 && wakeArmed && ring.cqReady() == 0 && backlog.isEmpty() && !ctx.hasLaterCompletions();
        if (pending > 0 || wait || ring.cqReady() == 0) {
            int flags = IORING_ENTER_GETEVENTS;
            long arg = 0;
            long argSize = 0;
            if (wait && timeoutNanos > 0) {
                waitTimeout.set(ValueLayout.JAVA_LONG, TIMESPEC_SEC, timeoutNanos / 1_000_000_000L);
                waitTimeout.set(ValueLayout.JAVA_LONG, TIMESPEC_NSEC, timeoutNanos % 1_000_000_000L);
                flags |= IORING_ENTER_EXT_ARG;
                arg = waitArg.address();
                argSize = IO_URING_GETEVENTS_ARG.byteSize();
            }
            long r = ring.enter(pending, wait ? 1 : 0, flags, arg, argSize);
            if (r < 0) {
                int errno = (int) -r;
                if (errno != ETIME && errno != EINTR && errno != EBUSY && errno != EAGAIN) {
                    throw new IllegalStateException("io_uring_enter failed: " + LinuxErrors.name(errno) + " (" + LinuxErrors.message(errno) + ")");
                }
            }
        }
        reap();
        if ((ring.sqFlagsAcquire() & IORING_SQ_CQ_OVERFLOW) != 0) {
            // The kernel kept completions that did not fit (NODROP); flush them into the CQ.
            ctx.count(DriverEvent.COMPLETION_OVERFLOW);
            do {
                ring.enter(0, 0, IORING_ENTER_GETEVENTS, 0, 0);
            } while (reap() > 0 && (ring.sqFlagsAcquire() & IORING_SQ_CQ_OVERFLOW) != 0);
        }
    }

    private int reap() {
        int n = 0;
        while (ring.cqReady() > 0) {
            long at = ring.cqeAt();
            long token = ring.cqeUserData(at);
            int res = ring.cqeResult(at);
            int cqeFlags = ring.cqeFlags(at);
            ring.advanceCq(); // free the slot before callbacks may submit more
            n++;
            if (token == WAKEUP_TOKEN) {
                wakeArmed = false;
                continue;
            }
            if (token == INTERNAL_TOKEN) {
                continue;
            }
            if ((token >>> 32) == 0 && (token & CANCEL_TAG) != 0) {
                cancelAnswered(token, res);
                continue;
            }
            if ((cqeFlags & IORING_CQE_F_MORE) != 0) {
                // One result of a multishot request; it stays registered until a CQE without MORE.
                Request more = ctx.peekInFlight(token);
                if (more != null) {
                    ctx.completeMore(more, res, provided.bufferOf(more, cqeFlags, res));
                }
                continue;
            }
            Request selecting = ctx.peekInFlight(token);
            if (selecting != null && (selecting.flags() & Request.BUFFER_SELECT) != 0) {
                if (ProvidedBuffers.isEmptyGroup(res) && !selecting.isCancelRequested()) {
                    provided.starve(selecting); // stays registered; submitted again once buffers come back
                    continue;
                }
                ctx.takeInFlight(token);
                ctx.complete(selecting, res, provided.bufferOf(selecting, cqeFlags, res));
                continue;
            }
            if (res == -EINTR && restart(ctx.peekInFlight(token))) {
                continue;
            }
            Request op = ctx.takeInFlight(token);
            if (op != null) {
                scratch.finish(ctx, op, res, LinuxFileOps::payload);
            }
        }
        return n;
    }

    @Override
    public void wakeup() {
        Libc.write(wakeFd, one.address(), Long.BYTES);
    }

    @Override
    public void completeBlocking(Request op, long rawResult) {
        scratch.finish(ctx, op, rawResult, LinuxFileOps::payload);
    }

    @Override
    public void close() {
        closing = true;
        if (wakeArmed) {
            // The wakeup read holds wakeBuffer: cancel it and wait for its completion before freeing.
            tryCancel(WAKEUP_TOKEN);
            for (int i = 0; i < 1000 && wakeArmed; i++) {
                int pending = ring.publishSubmissions();
                ring.enter(pending, 1, IORING_ENTER_GETEVENTS, 0, 0);
                reap();
            }
        }
        if (wakeArmed) {
            return; // the kernel still holds our memory: leave it mapped rather than free it under the kernel
        }
        ring.close();
        Libc.close(wakeFd);
        arena.close();
    }
}
