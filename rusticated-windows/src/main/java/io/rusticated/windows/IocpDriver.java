package io.rusticated.windows;

import io.rusticated.io.Buffer;
import io.rusticated.io.NativeMemory;
import io.rusticated.spi.Backend;
import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverEvent;
import io.rusticated.spi.DriverUnavailableException;
import io.rusticated.spi.ErrorTable;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.spi.SocketSupport;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketException;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import static io.rusticated.windows.WindowsAbi.ENTRY_BYTES;
import static io.rusticated.windows.WindowsAbi.ENTRY_KEY;
import static io.rusticated.windows.WindowsAbi.ENTRY_OVERLAPPED;
import static io.rusticated.windows.WindowsAbi.OVERLAPPED_ENTRY;

/**
 * The IOCP backend: one completion port per loop.
 *
 * <p><b>Packets are the only completions.</b> Each overlapped call (ReadFile, WriteFile, a zero-byte
 * read for POLL) is issued with the operation's own {@link OverlappedBlock}; FILE_SKIP_COMPLETION_
 * PORT_ON_SUCCESS is never set, so a call that returns TRUE and one that returns ERROR_IO_PENDING
 * both queue exactly one packet, and the operation completes when its packet is dequeued, never
 * from the call's return (completing on TRUE as well would deliver twice and leave a stale packet
 * naming a block already reused). A call that fails at once queues no packet and completes at the
 * loop's next turn. The block goes back to the pool only with its packet.
 *
 * <p><b>Dequeuing.</b> GetQueuedCompletionStatusEx takes up to 64 packets at a time. A packet's
 * status is the NTSTATUS in OVERLAPPED.Internal (success when not negative), translated with
 * RtlNtStatusToDosError; end of file and a broken pipe on a read are 0 bytes; a cancelled call
 * (ERROR_OPERATION_ABORTED) fails with a cancellation, while one that finished before its cancel
 * keeps its real result. Packets posted by this process's helpers (console reads, exit waits)
 * carry key {@link #KEY_POSTED} and a Win32 error instead. A packet for a block another loop issued
 * (the handle is associated with this loop's port, which Windows never undoes) is posted on to
 * that loop's port.
 *
 * <p><b>Waiting.</b> The loop passes the time to its next timer; the wait is rounded up to whole
 * milliseconds and repeated with what is left when the port returns before the deadline (it may:
 * the system timer ticks every 15.6 ms by default). Wakeups are one posted packet with no
 * OVERLAPPED, at most one outstanding.
 *
 * <p><b>The rest.</b> Synchronous handles (inherited redirections, anonymous pipes) and every file
 * operation other than reads and writes run on the blocking pool; console input is read by a
 * helper thread that posts packets; a child's exit arrives through a wait registration that posts
 * one. Loop thread only, except {@link #wakeup()}.
 */
final class IocpDriver implements Driver {
    /** Completion key of a wakeup (with no OVERLAPPED). */
    static final long KEY_WAKE = 0;
    /** Completion key of every handle this process associates: the kernel's packets, status an NTSTATUS. */
    static final long KEY_IO = 1;
    /** Completion key of packets this process posts itself: OVERLAPPED.Internal holds a Win32 error (0: success). */
    static final long KEY_POSTED = 2;
    /** Packets dequeued per GetQueuedCompletionStatusEx. */
    static final int ENTRIES = 64;
    /** The longest finite wait GetQueuedCompletionStatusEx takes (INFINITE is 0xFFFFFFFF). */
    private static final long LONGEST_WAIT_MILLIS = 0xFFFFFFFEL;
    /** Bytes of directory entries one READ_DIR asks for. */
    static final int DIRECTORY_BATCH = 64 * 1024;

    private final DriverContext ctx;
    private final IocpOs os;
    private final CompletionPort port;
    private final LongSupplier nanoClock;
    private final Backend backend;
    private final ErrorTable errors = WindowsErrors.TABLE;
    private final BlockPool blocks = new BlockPool(OverlappedBlock.SIZE);
    private final BlockPool socketBlocks = new BlockPool(SocketBlock.SIZE);
    private final SocketOperations sockets;
    private final Map<Long, HandleState> handles = new HashMap<>();
    private final AtomicBoolean wakePosted = new AtomicBoolean();
    private final MemorySegment entries = NativeMemory.allocate(ENTRIES * OVERLAPPED_ENTRY.byteSize(), 8);
    private final ArrayDeque<MemorySegment> statScratch = new ArrayDeque<>();
    private final ArrayDeque<MemorySegment> directoryScratch = new ArrayDeque<>();
    private final BlockingWork files;
    private final BlockingWork consoleWrite;

    IocpDriver(DriverContext ctx, IocpOs os, LongSupplier nanoClock, String why) throws DriverUnavailableException {
        this.ctx = ctx;
        this.os = os;
        this.nanoClock = nanoClock;
        this.files = os.files(ctx);
        this.consoleWrite = os.consoleWrite(ctx);
        this.sockets = new SocketOperations(os.winsock());
        this.port = os.openPort();
        Associations.portOpened(port.handle(), ctx::wakeLoop);
        this.backend = new Backend("iocp",
                "one completion port, GetQueuedCompletionStatusEx batches of " + ENTRIES + ", overlapped files and pipes at explicit"
                        + " offsets, sockets by AcceptEx, ConnectEx and WSASend/WSARecv(From/To),"
                        + " completion only by packet (no FILE_SKIP_COMPLETION_PORT_ON_SUCCESS); console input on a reader"
                        + " thread, child exits by wait registration; synchronous handles and file operations on the blocking pool",
                why.isEmpty() ? "first backend that opened" : why);
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
            case SLEEP -> false; // the loop's timer heap serves SLEEP
            default -> true;
        };
    }

    /** Overlapped file handles have no position: reads and writes name their offsets, and File keeps a cursor. */
    @Override
    public boolean kernelKeepsFilePosition() {
        return false;
    }

    // ---- handles ----

    /**
     * The role does not say what IOCP needs (whether the handle was opened overlapped, and which
     * port it is associated with), so the handle itself is asked, once per loop.
     */
    @Override
    public void attach(long handle, HandleRole role) {
        state(handle);
    }

    /** The handle is about to be closed: its number may soon name another object, on any loop. */
    @Override
    public void detach(long handle) {
        handles.remove(handle);
        Associations.forget(handle);
    }

    /** What this loop knows of the handle, found out (and associated with the port, where it goes through one) on first use. */
    private HandleState state(long handle) {
        HandleState s = handles.get(handle);
        if (s == null) {
            s = classify(handle);
            handles.put(handle, s);
        }
        return s;
    }

    private HandleState classify(long handle) {
        HandleKind kind = os.classify(handle);
        return switch (kind) {
            case OVERLAPPED_FILE, OVERLAPPED_STREAM, SOCKET -> routeOverlapped(handle, kind);
            case SYNCHRONOUS -> new HandleState(handle, kind, HandleState.Route.POOL, 0);
            case CONSOLE_INPUT, CONSOLE_OUTPUT -> new HandleState(handle, kind, HandleState.Route.CONSOLE, 0);
            case INVALID -> new HandleState(handle, kind, HandleState.Route.INVALID, 0);
        };
    }

    private HandleState routeOverlapped(long handle, HandleKind kind) {
        Long owner = Associations.portOf(handle);
        if (owner != null && owner == port.handle()) {
            return new HandleState(handle, kind, HandleState.Route.PORT, 0);
        }
        if (owner != null) {
            // Associated by another loop of this process: its packets reach that port, whose loop hands ours on.
            return Associations.isLive(owner)
                    ? new HandleState(handle, kind, HandleState.Route.PORT, owner)
                    : new HandleState(handle, kind, HandleState.Route.EVENT_POOL, 0);
        }
        int rc = port.associate(handle);
        if (rc == 0) {
            Associations.associated(handle, port.handle());
            return new HandleState(handle, kind, HandleState.Route.PORT, 0);
        }
        // ERROR_INVALID_PARAMETER: another component of the process associated it with a port of its own.
        return new HandleState(handle, kind, HandleState.Route.EVENT_POOL, 0);
    }

    // ---- submission ----

    @Override
    public void submit(Request op) {
        switch (op.opcode()) {
            case NOP -> ctx.completeLater(op, 0);
            case READ, WRITE -> submitTransfer(op);
            case POLL -> submitPoll(op);
            case WAIT_CHILD -> submitWaitChild(op);
            case SLEEP -> throw new UnsupportedOperationException("iocp driver: SLEEP is served by the loop's timer heap, not the driver");
            case ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> submitSocket(op);
            case CLOSE -> {
                detach(op.handle()); // for a handle nobody attached; owned handles are detached by the loop first
                ctx.runBlocking(op, files);
            }
            default -> toPool(op);
        }
    }

    private void submitTransfer(Request op) {
        HandleState s = state(op.handle());
        boolean write = op.opcode() == Opcode.WRITE;
        switch (s.route) {
            case PORT -> issueOverlapped(op, s, write);
            case POOL -> queueOnPool(op, s, os.synchronousIo());
            case EVENT_POOL -> queueOnPool(op, s, os.eventIo());
            case CONSOLE -> {
                if (!write && s.kind == HandleKind.CONSOLE_INPUT) {
                    readConsole(op);
                } else if (write && s.kind == HandleKind.CONSOLE_OUTPUT) {
                    writeConsole(op, s);
                } else {
                    queueOnPool(op, s, os.synchronousIo()); // reading a screen buffer, writing an input buffer: whatever the OS says
                }
            }
            case INVALID -> ctx.completeLater(op, -WindowsErrors.ERROR_INVALID_HANDLE);
        }
    }

    /** One overlapped ReadFile or WriteFile with a block of the operation's own; its packet completes it. */
    private void issueOverlapped(Request op, HandleState s, boolean write) {
        long offset = 0; // streams have none
        if (s.kind == HandleKind.OVERLAPPED_FILE) {
            if (op.offset() >= 0) {
                offset = op.offset();
            } else if (write) {
                offset = OverlappedBlock.END_OF_FILE; // an appending write at the "current position": the end
            } else {
                ctx.failLater(op, new IllegalArgumentException("iocp: a read at the current position of an overlapped file handle,"
                        + " which has no position on Windows; read at an explicit offset (io.rusticated.fs.File keeps a cursor)"));
                return;
            }
        }
        if (!foreignCallStarting(s)) {
            queueOnPool(op, s, os.eventIo());
            return;
        }
        MemorySegment block = lend(op, offset, blocks);
        Buffer b = op.buffer();
        int rc = write
                ? port.write(op.handle(), Buffers.writeAddress(b), Buffers.writeLength(b), block)
                : port.read(op.handle(), Buffers.readAddress(b), Buffers.readLength(b), block);
        if (rc != 0) {
            failedAtOnce(op, s, block);
            ctx.completeLater(op, !write && Buffers.isEndOfInput(rc) ? 0 : -rc);
        }
    }

    /**
     * For a handle another loop's port has: counts the call that port's loop will hand on. False
     * when that port has closed (then no one would dequeue the packet: the handle is served on the
     * pool from now on).
     */
    private boolean foreignCallStarting(HandleState s) {
        if (s.foreignPort != 0 && !Associations.foreignCallStarting(s.foreignPort)) {
            s.route = HandleState.Route.EVENT_POOL;
            return false;
        }
        return true;
    }

    /** The call failed at once: no packet will come, so the block is free and no foreign loop will hand one on. */
    private void failedAtOnce(Request op, HandleState s, MemorySegment block) {
        giveBack(op, block);
        if (s.foreignPort != 0) {
            Associations.foreignCallDone(s.foreignPort);
        }
    }

    // ---- sockets ----

    /** A socket call (see {@link SocketOperations}) with a {@link SocketBlock} of the request's own; its packet completes it. */
    private void submitSocket(Request op) {
        HandleState s = state(op.handle());
        SocketHandles.Socket socket = SocketHandles.of(op.handle());
        if (s.kind != HandleKind.SOCKET || socket == null) {
            ctx.completeLater(op, s.route == HandleState.Route.INVALID ? -WindowsErrors.ERROR_INVALID_HANDLE : -WindowsErrors.WSAENOTSOCK);
            return;
        }
        if (op.opcode() == Opcode.CONNECT && socket.type == SocketSupport.SocketType.DATAGRAM) {
            try {
                ctx.completeLater(op, -sockets.connectDatagram(op, socket));
            } catch (SocketException | RuntimeException e) {
                ctx.failLater(op, e);
            }
            return;
        }
        if (s.route != HandleState.Route.PORT || !foreignCallStarting(s)) {
            throw new UnsupportedOperationException("iocp on Windows: " + op.opcode() + " on a socket whose completion port closed with"
                    + " the loop that first used it; use a socket on the loop that made it");
        }
        issueSocket(op, s, socket, lend(op, 0, socketBlocks));
    }

    /** Makes the socket call with the block; on an immediate failure the request completes at the next turn. */
    private void issueSocket(Request op, HandleState s, SocketHandles.Socket socket, MemorySegment block) {
        int rc;
        try {
            rc = sockets.issue(op, socket, block);
        } catch (SocketException | RuntimeException e) {
            failedAtOnce(op, s, block);
            ctx.failLater(op, e);
            return;
        }
        if (rc != 0) {
            failedAtOnce(op, s, block);
            ctx.completeLater(op, -rc);
        }
    }

    /** A POLL on a pipe: readable when a zero-byte read completes (libuv's "zero read"); writable at once (writes complete by packet anyway). */
    private void submitPoll(Request op) {
        HandleState s = state(op.handle());
        if ((op.flags() & Request.POLL_OUT) != 0) {
            ctx.completeLater(op, Request.POLL_OUT);
            return;
        }
        SocketHandles.Socket socket = s.kind == HandleKind.SOCKET ? SocketHandles.of(op.handle()) : null;
        boolean streamSocket = socket != null && socket.type == SocketSupport.SocketType.STREAM;
        if (s.route != HandleState.Route.PORT || !(s.kind == HandleKind.OVERLAPPED_STREAM || streamSocket)) {
            throw new UnsupportedOperationException("iocp on Windows cannot wait for readability of a " + describe(s, socket)
                    + " (POLL needs an overlapped pipe or a stream socket); read it instead");
        }
        if (!foreignCallStarting(s)) {
            throw new UnsupportedOperationException("iocp on Windows: POLL of a handle whose completion port closed with its loop");
        }
        if (streamSocket) {
            issueSocket(op, s, socket, lend(op, 0, socketBlocks)); // a zero-byte WSARecv
            return;
        }
        MemorySegment block = lend(op, 0, blocks);
        int rc = port.read(op.handle(), block.address(), 0, block); // no bytes: any valid address will do
        if (rc != 0) {
            failedAtOnce(op, s, block);
            ctx.completeLater(op, Buffers.isEndOfInput(rc) ? Request.POLL_IN : -rc);
        }
    }

    private void submitWaitChild(Request op) {
        MemorySegment block = lend(op, 0, blocks);
        int rc = os.exitWaits().arm(op.handle(), block);
        if (rc != 0) {
            giveBack(op, block);
            ctx.completeLater(op, -rc);
        }
    }

    private void readConsole(Request op) {
        MemorySegment block = lend(op, 0, blocks);
        Buffer b = op.buffer();
        os.consoleReader(op.handle()).read(block, Buffers.readAddress(b), Buffers.readLength(b));
    }

    /** UTF-8 out, UTF-16 to the console: converted here, in submission order (a character may span two writes), written on the pool. */
    private void writeConsole(Request op, HandleState s) {
        if (s.consoleText == null) {
            s.consoleText = new ConsoleText.Utf8ToUtf16();
        }
        Buffer b = op.buffer();
        int length = Buffers.writeLength(b);
        byte[] bytes = new byte[length];
        MemorySegment.copy(b.memory(), ValueLayout.JAVA_BYTE, 0, bytes, 0, length);
        char[] text = s.consoleText.convert(bytes);
        if (text.length == 0) {
            ctx.completeLater(op, length); // all of it waits for the rest of a character
            return;
        }
        MemorySegment utf16 = NativeMemory.allocate(2L * text.length, 2);
        MemorySegment.copy(text, 0, utf16, ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, text.length);
        ctx.attachScratch(op, utf16);
        queueOnPool(op, s, consoleWrite);
    }

    /** Blocking calls on one handle run one per direction at a time, in the order asked (the pool has several threads). */
    private void queueOnPool(Request op, HandleState s, BlockingWork work) {
        if (s.enqueue(op)) {
            ctx.runBlocking(op, work);
        }
    }

    private void toPool(Request op) {
        long size = switch (op.opcode()) {
            case STAT -> FileInfo.STAT_SCRATCH_SIZE;
            case READ_DIR -> DIRECTORY_BATCH;
            default -> 0;
        };
        if (size > 0) {
            ArrayDeque<MemorySegment> free = size == DIRECTORY_BATCH ? directoryScratch : statScratch;
            MemorySegment m = free.pollFirst();
            ctx.attachScratch(op, m != null ? m : NativeMemory.allocate(size, 8));
        }
        ctx.runBlocking(op, files);
    }

    private MemorySegment lend(Request op, long offset, BlockPool pool) {
        MemorySegment block = pool.take();
        OverlappedBlock.prepare(block, op.token(), port.handle(), offset);
        ctx.attachScratch(op, block);
        return block;
    }

    /** The OS is done with the block (its packet came, or its call failed at once): the segment lent, which owns its memory. */
    private void giveBack(Request op, MemorySegment block) {
        ctx.attachScratch(op, MemorySegment.NULL);
        (block.byteSize() == SocketBlock.SIZE ? socketBlocks : blocks).give(block);
    }

    // ---- waiting ----

    @Override
    public void poll(long timeoutNanos) {
        long timeout = ctx.hasLaterCompletions() ? 0 : timeoutNanos;
        long deadline = timeout > 0 ? nanoClock.getAsLong() + timeout : 0;
        for (;;) {
            int millis = timeout < 0 ? WindowsAbi.INFINITE : timeout == 0 ? 0 : millisUntil(deadline);
            int n = port.dequeue(entries, ENTRIES, millis);
            if (n < 0) {
                throw new IllegalStateException("GetQueuedCompletionStatusEx failed: " + WindowsErrors.describe(-n));
            }
            if (n > 0) {
                for (int i = 0; i < n; i++) {
                    onPacket(entries.asSlice(i * OVERLAPPED_ENTRY.byteSize(), OVERLAPPED_ENTRY.byteSize()));
                }
                return;
            }
            if (timeout <= 0 || nanoClock.getAsLong() - deadline >= 0) {
                return;
            }
            // The port gave up before the deadline (its clock ticks coarser than ours): wait for what is left.
        }
    }

    /** Milliseconds to the deadline, rounded up so a wait never ends before it; at least 1 while it is ahead. */
    private int millisUntil(long deadline) {
        long left = deadline - nanoClock.getAsLong();
        if (left <= 0) {
            return 0;
        }
        return (int) Math.min((left + 999_999) / 1_000_000, LONGEST_WAIT_MILLIS);
    }

    private void onPacket(MemorySegment entry) {
        long overlapped = entry.get(ValueLayout.JAVA_LONG, ENTRY_OVERLAPPED);
        long key = entry.get(ValueLayout.JAVA_LONG, ENTRY_KEY);
        int bytes = entry.get(ValueLayout.JAVA_INT, ENTRY_BYTES);
        if (overlapped == 0) {
            wakePosted.set(false); // only wakeups come without an OVERLAPPED
            return;
        }
        MemorySegment block = OverlappedBlock.at(overlapped);
        long owner = OverlappedBlock.ownerPort(block);
        if (owner != port.handle()) {
            // Issued by another loop on a handle associated with this port: hand it on, status and all
            // (counted first, so the count is in before that loop can complete the call).
            ctx.count(DriverEvent.FOREIGN_COMPLETION);
            int rc = port.post(owner, bytes, key, overlapped);
            if (rc != 0) {
                System.getLogger("io.rusticated").log(System.Logger.Level.WARNING, "handing a completion packet on to the loop whose"
                        + " port is " + Long.toHexString(owner) + " failed: " + WindowsErrors.describe(rc) + "; that operation will not complete");
            }
            Associations.foreignCallDone(port.handle());
            return;
        }
        Request op = ctx.peekInFlight(OverlappedBlock.token(block));
        if (op == null) {
            // Cannot happen while blocks go back only with their packets; the block is not reused.
            System.getLogger("io.rusticated").log(System.Logger.Level.WARNING,
                    "a completion packet names no operation in flight (token " + Long.toHexString(OverlappedBlock.token(block)) + ")");
            return;
        }
        // The block the request holds: the segment that owns the memory (a view of the packet's address would not keep it allocated).
        MemorySegment lent = ctx.scratch(op);
        HandleState s = handles.get(op.handle());
        SocketHandles.Socket socket = s != null && s.kind == HandleKind.SOCKET ? SocketHandles.of(op.handle()) : null;
        if (socket != null && (SocketOperations.isSocketCall(op.opcode()) || op.opcode() == Opcode.POLL)) {
            long raw = sockets.outcome(op, socket, lent, socketError(op, key, lent), bytes);
            if (raw == SocketOperations.AGAIN) {
                OverlappedBlock.prepare(lent, op.token(), port.handle(), 0);
                if (foreignCallStarting(s)) {
                    issueSocket(op, s, socket, lent); // still in flight, with the same block
                    return;
                }
                raw = -WindowsErrors.ERROR_OPERATION_ABORTED; // that loop's port closed meanwhile: nobody would dequeue the packet
            }
            Object payload = raw >= 0 && op.opcode() == Opcode.RECV_FROM ? SocketOperations.received(lent, raw) : null;
            ctx.takeInFlight(op.token());
            giveBack(op, lent);
            ctx.complete(op, raw, payload);
            return;
        }
        ctx.takeInFlight(op.token());
        long raw = result(op, key, lent, bytes);
        if (op.opcode() == Opcode.WAIT_CHILD) {
            os.exitWaits().completed(lent);
        }
        giveBack(op, lent);
        ctx.complete(op, raw);
    }

    /**
     * The Winsock error of a socket call's packet: 0 for a success, ERROR_OPERATION_ABORTED for
     * a cancelled call (STATUS_CANCELLED), else what WSAGetOverlappedResult makes of the status.
     */
    private int socketError(Request op, long key, MemorySegment block) {
        int status = OverlappedBlock.status(block);
        if (key == KEY_POSTED || NtStatus.isSuccess(status)) {
            return key == KEY_POSTED ? OverlappedBlock.postedError(block) : 0;
        }
        return status == WindowsAbi.STATUS_CANCELLED ? WindowsErrors.ERROR_OPERATION_ABORTED : os.winsock().overlappedError(op.handle(), block);
    }

    /** The packet's outcome as the loop takes it: a result, or a negated Win32 error. */
    private long result(Request op, long key, MemorySegment block, int bytes) {
        int error;
        if (key == KEY_POSTED) {
            error = OverlappedBlock.postedError(block);
        } else {
            int status = OverlappedBlock.status(block);
            error = NtStatus.isSuccess(status) ? 0 : port.win32Error(status);
        }
        boolean reads = op.opcode() == Opcode.READ || op.opcode() == Opcode.POLL;
        if (error != 0 && !(reads && Buffers.isEndOfInput(error))) {
            return -error;
        }
        return switch (op.opcode()) {
            case POLL -> Request.POLL_IN; // data, or the end of it: a read would not wait
            case WAIT_CHILD -> 0;
            default -> error != 0 ? 0 : Integer.toUnsignedLong(bytes);
        };
    }

    /** While other loops' calls will complete on this port, an idle loop waits on it to hand their packets on. */
    @Override
    public boolean waitsForOthers() {
        return Associations.foreignCalls(port.handle()) > 0;
    }

    @Override
    public void wakeup() {
        if (wakePosted.compareAndSet(false, true)) {
            int rc = port.post(port.handle(), 0, KEY_WAKE, 0);
            if (rc != 0) {
                wakePosted.set(false);
            }
        }
    }

    // ---- cancellation and the blocking pool ----

    @Override
    public void cancel(Request op) {
        switch (op.opcode()) {
            case READ, WRITE, POLL, ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> {
                HandleState s = handles.get(op.handle());
                if (s == null) {
                    return;
                }
                MemorySegment block = ctx.scratch(op);
                if (s.removeWaiting(op)) {
                    ctx.attachScratch(op, MemorySegment.NULL);
                    ctx.failLater(op, new CancellationException(op.opcode() + " cancelled before its turn on the blocking pool"));
                } else if (s.route == HandleState.Route.PORT && isBlock(block)) {
                    port.cancel(op.handle(), block); // ERROR_NOT_FOUND: it completed; its packet is on the way
                } else if (s.route == HandleState.Route.CONSOLE && op.opcode() == Opcode.READ && isBlock(block)) {
                    os.consoleReader(op.handle()).cancel(block);
                }
            }
            case WAIT_CHILD -> {
                MemorySegment block = ctx.scratch(op);
                if (isBlock(block)) {
                    os.exitWaits().cancel(block);
                }
            }
            default -> {
                // On the blocking pool: the loop withdraws it if it has not started.
            }
        }
    }

    private static boolean isBlock(MemorySegment m) {
        return m.byteSize() == OverlappedBlock.SIZE || m.byteSize() == SocketBlock.SIZE;
    }

    @Override
    public void completeBlocking(Request op, long rawResult) {
        releasePoolTurn(op);
        Object payload = null;
        MemorySegment scratch = ctx.scratch(op);
        if (rawResult >= 0 && rawResult != BlockingWork.THREW) {
            try {
                payload = switch (op.opcode()) {
                    case STAT -> FileInfo.metadata(scratch);
                    case READ_DIR -> rawResult == 0 ? java.util.List.of() : FileInfo.dirEntries(scratch);
                    default -> null;
                };
            } catch (RuntimeException e) {
                releaseScratch(op);
                ctx.fail(op, e);
                return;
            }
        }
        releaseScratch(op);
        ctx.complete(op, rawResult, payload);
    }

    @Override
    public void blockingWithdrawn(Request op) {
        releasePoolTurn(op);
        releaseScratch(op);
    }

    /** A READ or WRITE left the pool: the next of its handle and direction goes. */
    private void releasePoolTurn(Request op) {
        if (op.opcode() != Opcode.READ && op.opcode() != Opcode.WRITE) {
            return;
        }
        HandleState s = handles.get(op.handle());
        Request next = s == null ? null : s.finished(op);
        if (next != null) {
            ctx.runBlocking(next, switch (s.route) {
                case EVENT_POOL -> os.eventIo();
                case CONSOLE -> next.opcode() == Opcode.WRITE && s.kind == HandleKind.CONSOLE_OUTPUT ? consoleWrite : os.synchronousIo();
                default -> os.synchronousIo();
            });
        }
    }

    private void releaseScratch(Request op) {
        MemorySegment m = ctx.scratch(op);
        if (m.equals(MemorySegment.NULL)) {
            return;
        }
        ctx.attachScratch(op, MemorySegment.NULL);
        if (op.opcode() == Opcode.STAT && m.byteSize() == FileInfo.STAT_SCRATCH_SIZE && statScratch.size() < 64) {
            statScratch.addFirst(m);
        } else if (op.opcode() == Opcode.READ_DIR && m.byteSize() == DIRECTORY_BATCH && directoryScratch.size() < 4) {
            directoryScratch.addFirst(m);
        }
    }

    private static String describe(HandleState s, SocketHandles.Socket socket) {
        return switch (s.kind) {
            case SOCKET -> socket != null && socket.type == SocketSupport.SocketType.DATAGRAM ? "datagram socket" : "socket";
            case OVERLAPPED_FILE -> "disk file";
            case OVERLAPPED_STREAM -> "handle associated with a port outside this process's loops";
            case SYNCHRONOUS -> "synchronous handle";
            case CONSOLE_INPUT -> "console input";
            case CONSOLE_OUTPUT -> "console output";
            case INVALID -> "closed handle";
        };
    }

    /**
     * Called with nothing of this loop's in flight. Packets of other loops' calls on handles
     * associated with this port are still handed on, for as long as the loop's close drain allows
     * ({@code rusticated.closeDrainSeconds}); after that they are lost with the port.
     */
    @Override
    public void close() {
        long deadline = nanoClock.getAsLong() + CLOSE_DRAIN_NANOS;
        while (Associations.foreignCalls(port.handle()) > 0 && nanoClock.getAsLong() - deadline < 0) {
            int n = port.dequeue(entries, ENTRIES, 100);
            for (int i = 0; i < n; i++) {
                onPacket(entries.asSlice(i * OVERLAPPED_ENTRY.byteSize(), OVERLAPPED_ENTRY.byteSize()));
            }
        }
        handles.clear();
        Associations.portClosed(port.handle());
        port.close();
    }

    private static final long CLOSE_DRAIN_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(Long.getLong("rusticated.closeDrainSeconds", 10));

    @Override
    public String toString() {
        return "IocpDriver[port=" + Long.toHexString(port.handle()) + ", handles " + handles.size() + "]";
    }
}
