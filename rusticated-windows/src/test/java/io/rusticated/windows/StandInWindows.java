package io.rusticated.windows;

import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static io.rusticated.windows.WindowsAbi.*;
import static io.rusticated.windows.WindowsErrors.*;

/**
 * A stand-in for the parts of Windows the IOCP driver uses, so its logic runs on any OS. Each
 * behaviour follows a documented rule, named where it is implemented:
 * <ul>
 * <li><b>R1</b> a handle is associated with one port for its life; associating it again, or
 *     associating a handle opened for synchronous I/O, fails with ERROR_INVALID_PARAMETER
 *     (CreateIoCompletionPort: "a handle can be associated with only one I/O completion port";
 *     rust-lang/rust #95841 for the error code);</li>
 * <li><b>R2</b> without FILE_SKIP_COMPLETION_PORT_ON_SUCCESS, an overlapped call that completes at
 *     once (ReadFile returns TRUE: cached file data, bytes already in a pipe) still queues a packet
 *     (SetFileCompletionNotificationModes; KB156932 "Asynchronous disk I/O appears as synchronous");</li>
 * <li><b>R3</b> a call that fails at once queues no packet ("the I/O completion port will not be
 *     notified if the operation fails immediately": I/O Completion Ports);</li>
 * <li><b>R4</b> the OVERLAPPED belongs to the kernel from the call until the I/O completes
 *     ("must remain valid for the duration of the read operation", ReadFile): a block lent again
 *     before that is recorded in {@link #violations} and the call refused;</li>
 * <li><b>R5</b> CancelIoEx of a pending call completes it later, not in the call ("does not wait
 *     for all canceled operations to complete"), with STATUS_CANCELLED; of a call that already
 *     completed, returns ERROR_NOT_FOUND ("If this function cannot find a request to cancel");</li>
 * <li><b>R6</b> reading at or past the end of a file fails at once with ERROR_HANDLE_EOF (ReadFile,
 *     "Considerations for working with asynchronous file I/O"); a pipe whose writer closed fails a
 *     read with ERROR_BROKEN_PIPE at once, or completes a pending one with STATUS_PIPE_BROKEN;</li>
 * <li><b>R7</b> GetQueuedCompletionStatusEx returns up to the count asked, waits up to the timeout
 *     and fails with WAIT_TIMEOUT when none came; it can return a little early (libuv's
 *     src/win/core.c: "GetQueuedCompletionStatus can occasionally return a little early"), which
 *     {@link #returnEarly} makes happen;</li>
 * <li><b>R8</b> PostQueuedCompletionStatus queues exactly the key, count and OVERLAPPED given;</li>
 * <li><b>R9</b> a packet goes to the port the handle is associated with, whoever issued the call;</li>
 * <li><b>R10</b> RtlNtStatusToDosError: STATUS_CANCELLED is ERROR_OPERATION_ABORTED,
 *     STATUS_END_OF_FILE ERROR_HANDLE_EOF, STATUS_PIPE_BROKEN ERROR_BROKEN_PIPE (KB113996);</li>
 * <li><b>R11</b> Offset = OffsetHigh = 0xFFFFFFFF writes at the end of the file (WriteFile);</li>
 * <li><b>R12</b> the kernel writes the status and byte count into OVERLAPPED.Internal and
 *     InternalHigh when the I/O completes (OVERLAPPED).</li>
 * </ul>
 * Sockets follow the Winsock rules W1 to W10 of {@link StandInWinsock}, on top of these.
 * Time is a clock the test advances ({@link #clock}): a wait that times out moves it on by its
 * length (or less, returning early), so timer tests take no real time.
 */
final class StandInWindows implements IocpOs {
    /** Rules a driver broke, in the words of the rule. */
    final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    /** The stand-in's nanosecond clock, for drivers made with {@link #clock}. */
    final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    /** When true, a timed wait that times out returns after half its time (R7), once per true. */
    volatile boolean returnEarly;
    /**
     * When true, a read at the end of a file is pending and completes by packet with
     * STATUS_END_OF_FILE instead of failing at once (R6 allows both; wine 8 does this).
     */
    volatile boolean endOfFileByPacket;
    /** When true, CancelIoEx succeeds but its call never completes (a console read that ignores it). */
    volatile boolean cancelsNeverFinish;
    /** Waits a port was asked for, in milliseconds, for timer tests. */
    final List<Integer> waits = Collections.synchronizedList(new ArrayList<>());
    /** Packets posted with no OVERLAPPED (wakeups), per port. */
    final Map<Long, AtomicInteger> wakeupsPosted = new HashMap<>();
    /** Text written to stand-in consoles (WriteConsoleW). */
    final StringBuilder consoleOut = new StringBuilder();
    final ExitWaits exitWaits = new ExitWaits(new Waits());

    final Object lock = new Object();
    /** Winsock on this stand-in's kernel. */
    final StandInWinsock winsock = new StandInWinsock(this);
    /** Handle numbers, unique across stand-ins: the driver's process-wide table of associations outlives a test. */
    private static final AtomicLong numbers = new AtomicLong(0x100);
    private final Map<Long, Object> objects = new HashMap<>();
    private final Map<Long, Long> portOf = new HashMap<>();
    /** OVERLAPPED addresses the kernel holds (R4), with the call that holds each. */
    private final Map<Long, Pending> inKernel = new HashMap<>();
    /** Cancelled calls whose completion comes later (R5). */
    private final ArrayDeque<Pending> cancelling = new ArrayDeque<>();
    private final Map<Long, ConsoleReader> consoleReaders = new HashMap<>();

    LongSupplier clock() {
        return nanos::get;
    }

    // ---- objects ----

    final class Port implements CompletionPort {
        final long handle = numbers.getAndAdd(4);
        final ArrayDeque<long[]> packets = new ArrayDeque<>(); // {key, overlapped, bytes}
        boolean closed;

        @Override
        public long handle() {
            return handle;
        }

        @Override
        public int associate(long h) {
            synchronized (lock) {
                Object o = objects.get(h);
                if (o == null) {
                    return ERROR_INVALID_HANDLE;
                }
                if (portOf.containsKey(h) || (o instanceof PipeEnd e && e.synchronous)) {
                    return ERROR_INVALID_PARAMETER; // R1
                }
                portOf.put(h, handle);
                return 0;
            }
        }

        @Override
        public int read(long h, long address, int length, MemorySegment block) {
            return issue(h, false, address, length, block);
        }

        @Override
        public int write(long h, long address, int length, MemorySegment block) {
            return issue(h, true, address, length, block);
        }

        @Override
        public int cancel(long h, MemorySegment block) {
            synchronized (lock) {
                Pending p = inKernel.get(block.address());
                if (p == null || p.handle != h || p.cancelled) {
                    return ERROR_NOT_FOUND; // R5: completed already (its packet is queued or dequeued)
                }
                p.cancelled = true;
                if (!cancelsNeverFinish) {
                    cancelling.addLast(p); // R5: completes later, with STATUS_CANCELLED
                }
                return 0;
            }
        }

        @Override
        public int post(long port, int bytes, long key, long overlapped) {
            return postTo(port, bytes, key, overlapped);
        }

        @Override
        public int dequeue(MemorySegment entries, int capacity, int timeoutMillis) {
            waits.add(timeoutMillis);
            finishCancels();
            synchronized (lock) {
                if (packets.isEmpty() && timeoutMillis != 0) {
                    if (timeoutMillis == INFINITE) {
                        while (packets.isEmpty() && !closed) {
                            awaitLock();
                        }
                    } else {
                        // R7: the wait times out on the stand-in's clock, early when asked.
                        long waited = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
                        if (returnEarly) {
                            returnEarly = false;
                            waited /= 2;
                        }
                        long realDeadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.min(timeoutMillis, 50));
                        while (packets.isEmpty() && System.nanoTime() < realDeadline) {
                            awaitLock();
                        }
                        if (packets.isEmpty()) {
                            nanos.addAndGet(waited);
                        }
                    }
                }
                int n = 0;
                while (n < capacity && !packets.isEmpty()) {
                    long[] p = packets.pollFirst();
                    long e = n * OVERLAPPED_ENTRY.byteSize();
                    entries.set(ValueLayout.JAVA_LONG, e + ENTRY_KEY, p[0]);
                    entries.set(ValueLayout.JAVA_LONG, e + ENTRY_OVERLAPPED, p[1]);
                    entries.set(ValueLayout.JAVA_INT, e + ENTRY_BYTES, (int) p[2]);
                    n++;
                }
                return n; // 0: WAIT_TIMEOUT (R7)
            }
        }

        @Override
        public int win32Error(int ntStatus) {
            return switch (ntStatus) { // R10
                case STATUS_CANCELLED -> ERROR_OPERATION_ABORTED;
                case STATUS_END_OF_FILE -> ERROR_HANDLE_EOF;
                case STATUS_PIPE_BROKEN -> ERROR_BROKEN_PIPE;
                default -> throw new AssertionError("the stand-in produced NTSTATUS 0x" + Integer.toHexString(ntStatus));
            };
        }

        @Override
        public void close() {
            synchronized (lock) {
                closed = true;
                objects.remove(handle);
                lock.notifyAll();
            }
        }
    }

    /** A disk file opened overlapped: its contents, shared by every handle to the same path. */
    static final class FileObject {
        final Contents contents;

        FileObject(Contents contents) {
            this.contents = contents;
        }
    }

    static final class Contents {
        byte[] data = new byte[0];
    }

    private final Map<String, Contents> paths = new HashMap<>();

    /** One end of a pipe; both ends share the pipe's bytes. */
    static final class PipeEnd {
        final Pipe pipe;
        final boolean reader;
        final boolean synchronous;

        PipeEnd(Pipe pipe, boolean reader, boolean synchronous) {
            this.pipe = pipe;
            this.reader = reader;
            this.synchronous = synchronous;
        }
    }

    static final class Pipe {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int readFrom;
        boolean writerClosed;
        final ArrayDeque<Pending> reads = new ArrayDeque<>();

        int available() {
            return bytes.size() - readFrom;
        }
    }

    /** An overlapped call the kernel holds. */
    static class Pending {
        final long handle;
        final long overlapped;
        final long address;
        final int length;
        boolean cancelled;
        /** The queue it waits in, if any: a cancel takes it out. */
        java.util.Collection<? extends Pending> waitingIn;

        Pending(long handle, long overlapped, long address, int length) {
            this.handle = handle;
            this.overlapped = overlapped;
            this.address = address;
            this.length = length;
        }
    }

    long openFile() {
        return add(new FileObject(new Contents()));
    }

    /** {@code [readEnd, writeEnd]}; either end may be synchronous (then not associable, R1). */
    long[] pipe(boolean readerSynchronous, boolean writerSynchronous) {
        Pipe p = new Pipe();
        return new long[] {add(new PipeEnd(p, true, readerSynchronous)), add(new PipeEnd(p, false, writerSynchronous))};
    }

    long add(Object o) {
        synchronized (lock) {
            long h = numbers.getAndAdd(4);
            objects.put(h, o);
            return h;
        }
    }

    byte[] contents(long file) {
        synchronized (lock) {
            return ((FileObject) objects.get(file)).contents.data.clone();
        }
    }

    /** Another process writes into the pipe: pending reads complete (R2's packet for each). */
    void writeToPipe(long writeEnd, byte[] data) {
        synchronized (lock) {
            Pipe p = ((PipeEnd) objects.get(writeEnd)).pipe;
            p.bytes.write(data, 0, data.length);
            serveReads(p);
            lock.notifyAll();
        }
    }

    /** Another process closes its write end: pending reads complete with STATUS_PIPE_BROKEN (R6). */
    void closeWriter(long writeEnd) {
        synchronized (lock) {
            Pipe p = ((PipeEnd) objects.get(writeEnd)).pipe;
            p.writerClosed = true;
            serveReads(p);
            lock.notifyAll();
        }
    }

    String pipeContents(long end) {
        synchronized (lock) {
            Pipe p = ((PipeEnd) objects.get(end)).pipe;
            return p.bytes.toString(java.nio.charset.StandardCharsets.UTF_8).substring(p.readFrom);
        }
    }

    int openPorts() {
        synchronized (lock) {
            return (int) objects.values().stream().filter(o -> o instanceof Port p && !p.closed).count();
        }
    }

    int pendingCalls() {
        synchronized (lock) {
            return inKernel.size();
        }
    }

    // ---- the kernel's side of overlapped calls ----

    private int issue(long h, boolean write, long address, int length, MemorySegment block) {
        synchronized (lock) {
            Pending held = inKernel.get(block.address());
            if (held != null) {
                String v = "R4: OVERLAPPED at 0x" + Long.toHexString(block.address()) + " lent to another call while the kernel still holds it";
                violations.add(v);
                throw new IllegalStateException(v);
            }
            Object o = objects.get(h);
            if (o == null) {
                return ERROR_INVALID_HANDLE;
            }
            Pending p = new Pending(h, block.address(), address, length);
            if (o instanceof FileObject fo) {
                Contents f = fo.contents;
                long offset = Integer.toUnsignedLong(block.get(ValueLayout.JAVA_INT, OVERLAPPED_OFFSET))
                        | (Integer.toUnsignedLong(block.get(ValueLayout.JAVA_INT, OVERLAPPED_OFFSET_HIGH)) << 32);
                if (write) {
                    long at = offset == OverlappedBlock.END_OF_FILE ? f.data.length : offset; // R11
                    if (at + length > f.data.length) {
                        f.data = java.util.Arrays.copyOf(f.data, (int) (at + length));
                    }
                    MemorySegment.copy(MemorySegment.ofAddress(address).reinterpret(length), ValueLayout.JAVA_BYTE, 0, f.data, (int) at, length);
                    inKernel.put(p.overlapped, p);
                    complete(p, STATUS_SUCCESS, length); // R2: done at once, and a packet still comes
                    return 0;
                }
                if (offset >= f.data.length) {
                    if (endOfFileByPacket) {
                        inKernel.put(p.overlapped, p);
                        complete(p, STATUS_END_OF_FILE, 0); // R6, the packet form
                        return 0;
                    }
                    return ERROR_HANDLE_EOF; // R6 and R3: no packet
                }
                int n = (int) Math.min(length, f.data.length - offset);
                MemorySegment.copy(f.data, (int) offset, MemorySegment.ofAddress(address).reinterpret(n), ValueLayout.JAVA_BYTE, 0, n);
                inKernel.put(p.overlapped, p);
                complete(p, STATUS_SUCCESS, n); // R2
                return 0;
            }
            PipeEnd e = (PipeEnd) o;
            if (write) {
                byte[] data = MemorySegment.ofAddress(address).reinterpret(length).toArray(ValueLayout.JAVA_BYTE);
                e.pipe.bytes.write(data, 0, data.length);
                inKernel.put(p.overlapped, p);
                complete(p, STATUS_SUCCESS, length); // R2
                serveReads(e.pipe);
                lock.notifyAll();
                return 0;
            }
            if (e.pipe.available() == 0 && e.pipe.writerClosed) {
                return ERROR_BROKEN_PIPE; // R6, R3
            }
            inKernel.put(p.overlapped, p);
            e.pipe.reads.addLast(p);
            serveReads(e.pipe); // R2 when bytes are there already; else pending (ERROR_IO_PENDING)
            return 0;
        }
    }

    /** Completes the pipe's pending reads in order while it has bytes (a zero-byte read completes once any are there). */
    private void serveReads(Pipe pipe) {
        while (!pipe.reads.isEmpty()) {
            Pending r = pipe.reads.peekFirst();
            if (r.cancelled) {
                return; // completes in finishCancels
            }
            if (pipe.available() > 0) {
                pipe.reads.pollFirst();
                int n = Math.min(r.length, pipe.available());
                byte[] all = pipe.bytes.toByteArray();
                if (n > 0) {
                    MemorySegment.copy(all, pipe.readFrom, MemorySegment.ofAddress(r.address).reinterpret(n), ValueLayout.JAVA_BYTE, 0, n);
                }
                pipe.readFrom += n;
                complete(r, STATUS_SUCCESS, n);
            } else if (pipe.writerClosed) {
                pipe.reads.pollFirst();
                complete(r, STATUS_PIPE_BROKEN, 0); // R6
            } else {
                return;
            }
        }
    }

    /** The object behind a handle, or null (callers hold {@link #lock}). */
    Object object(long handle) {
        return objects.get(handle);
    }

    /** CloseHandle of a handle that is no socket: 0, or the error. */
    int closeNonSocket(long handle) {
        synchronized (lock) {
            Object o = forget(handle);
            if (o instanceof PipeEnd e && !e.reader) {
                e.pipe.writerClosed = true;
                serveReads(e.pipe);
                lock.notifyAll();
            }
            return o == null ? ERROR_INVALID_HANDLE : 0;
        }
    }

    /** How many objects the predicate holds for (callers hold {@link #lock}). */
    int countObjects(java.util.function.Predicate<Object> which) {
        return (int) objects.values().stream().filter(which).count();
    }

    /** Makes a handle name another object (an accept socket becoming the connection it took). */
    void replace(long handle, Object o) {
        objects.put(handle, o);
    }

    /** The handle is closed: gone, and its association with it (callers hold {@link #lock}). */
    Object forget(long handle) {
        portOf.remove(handle);
        return objects.remove(handle);
    }

    /**
     * R4: the kernel takes the call's OVERLAPPED until it completes; false (and a violation) when
     * the block is lent to another call already (callers hold {@link #lock}).
     */
    boolean hold(Pending p) {
        if (inKernel.containsKey(p.overlapped)) {
            violations.add("R4: OVERLAPPED at 0x" + Long.toHexString(p.overlapped) + " lent to another call while the kernel still holds it");
            return false;
        }
        inKernel.put(p.overlapped, p);
        return true;
    }

    /** Whether the kernel still holds the call (it has not completed). */
    boolean holds(Pending p) {
        return inKernel.get(p.overlapped) == p;
    }

    /** R12 then R9: the status and count go into the OVERLAPPED, the packet to the handle's port (callers hold {@link #lock}). */
    void complete(Pending p, int status, int bytes) {
        inKernel.remove(p.overlapped);
        MemorySegment ov = MemorySegment.ofAddress(p.overlapped).reinterpret(OVERLAPPED.byteSize());
        ov.set(ValueLayout.JAVA_LONG, OVERLAPPED_INTERNAL, Integer.toUnsignedLong(status));
        ov.set(ValueLayout.JAVA_LONG, 8, bytes);
        Long port = portOf.get(p.handle);
        if (port != null) {
            ((Port) objects.get(port)).packets.addLast(new long[] {IocpDriver.KEY_IO, p.overlapped, bytes});
            lock.notifyAll();
        }
    }

    /** R5: the cancels asked for since the last wait complete now. */
    private void finishCancels() {
        synchronized (lock) {
            Pending p;
            while ((p = cancelling.pollFirst()) != null) {
                if (inKernel.get(p.overlapped) == p) {
                    Object o = objects.get(p.handle);
                    if (o instanceof PipeEnd e) {
                        e.pipe.reads.remove(p);
                    }
                    if (p.waitingIn != null) {
                        p.waitingIn.remove(p);
                    }
                    complete(p, STATUS_CANCELLED, 0);
                }
            }
        }
    }

    private int postTo(long port, int bytes, long key, long overlapped) {
        synchronized (lock) {
            if (!(objects.get(port) instanceof Port target) || target.closed) {
                return ERROR_INVALID_HANDLE;
            }
            if (overlapped == 0) {
                wakeupsPosted.computeIfAbsent(port, k -> new AtomicInteger()).incrementAndGet();
            }
            target.packets.addLast(new long[] {key, overlapped, Integer.toUnsignedLong(bytes)}); // R8
            lock.notifyAll();
            return 0;
        }
    }

    /** Waits for the lock's news; an interrupt (a test's timeout) ends the wait with an exception. */
    private void awaitLock() {
        try {
            lock.wait(5);
        } catch (InterruptedException e) {
            throw new IllegalStateException("interrupted while waiting in the stand-in", e);
        }
    }

    // ---- IocpOs ----

    @Override
    public Port openPort() {
        Port p = new Port();
        synchronized (lock) {
            objects.put(p.handle, p);
        }
        return p;
    }

    @Override
    public HandleKind classify(long handle) {
        synchronized (lock) {
            Object o = objects.get(handle);
            if (o instanceof FileObject) {
                return HandleKind.OVERLAPPED_FILE;
            }
            if (o instanceof PipeEnd e) {
                return e.synchronous ? HandleKind.SYNCHRONOUS : HandleKind.OVERLAPPED_STREAM;
            }
            if (o instanceof Console c) {
                return c.input ? HandleKind.CONSOLE_INPUT : HandleKind.CONSOLE_OUTPUT;
            }
            if (o instanceof StandInWinsock.Sock) {
                return HandleKind.SOCKET;
            }
            return HandleKind.INVALID;
        }
    }

    /** A blocking read or write of a synchronous pipe end: waits for bytes, 0 at the end. */
    @Override
    public BlockingWork synchronousIo() {
        return op -> {
            synchronized (lock) {
                PipeEnd e = (PipeEnd) objects.get(op.handle());
                if (e == null) {
                    return -ERROR_INVALID_HANDLE;
                }
                if (op.opcode() == Opcode.WRITE) {
                    byte[] data = op.buffer().memory().asSlice(0, Buffers.writeLength(op.buffer())).toArray(ValueLayout.JAVA_BYTE);
                    e.pipe.bytes.write(data, 0, data.length);
                    lock.notifyAll();
                    return data.length;
                }
                while (e.pipe.available() == 0 && !e.pipe.writerClosed) {
                    awaitLock();
                }
                int n = Math.min(Buffers.readLength(op.buffer()), e.pipe.available());
                MemorySegment.copy(e.pipe.bytes.toByteArray(), e.pipe.readFrom, MemorySegment.ofAddress(Buffers.readAddress(op.buffer())).reinterpret(n),
                        ValueLayout.JAVA_BYTE, 0, n);
                e.pipe.readFrom += n;
                return n;
            }
        };
    }

    @Override
    public BlockingWork eventIo() {
        return op -> {
            throw new UnsupportedOperationException("the stand-in has no event-waited overlapped calls");
        };
    }

    @Override
    public BlockingWork consoleWrite(DriverContext ctx) {
        return op -> {
            MemorySegment utf16 = ctx.scratch(op);
            char[] text = new char[(int) (utf16.byteSize() / 2)];
            MemorySegment.copy(utf16, ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, text, 0, text.length);
            synchronized (consoleOut) {
                consoleOut.append(text);
            }
            return Buffers.writeLength(op.buffer());
        };
    }

    /** CreateFileW of a path: OPEN_ALWAYS or CREATE_NEW create it, TRUNCATE empties it; a missing path is ERROR_FILE_NOT_FOUND. */
    private long open(Request op) {
        String path = op.path().toString();
        Contents c = paths.get(path);
        if (c != null && (op.openFlags() & Request.OPEN_CREATE_NEW) != 0) {
            return -ERROR_FILE_EXISTS;
        }
        if (c == null) {
            if ((op.openFlags() & (Request.OPEN_CREATE | Request.OPEN_CREATE_NEW)) == 0) {
                return -ERROR_FILE_NOT_FOUND;
            }
            c = new Contents();
            paths.put(path, c);
        }
        if ((op.openFlags() & Request.OPEN_TRUNCATE) != 0) {
            c.data = new byte[0];
        }
        long h = numbers.getAndAdd(4);
        objects.put(h, new FileObject(c));
        return h;
    }

    /** The file operations the tests use: NOP, OPEN, CLOSE, STAT of a handle (size only). */
    @Override
    public BlockingWork files(DriverContext ctx) {
        return op -> {
            synchronized (lock) {
                return switch (op.opcode()) {
                    case NOP -> 0;
                    case CLOSE -> -WindowsHandles.close(op.handle(), winsock, this::closeNonSocket); // as WindowsFileOps closes
                    case OPEN -> open(op);
                    case STAT -> {
                        Contents f = ((FileObject) objects.get(op.handle())).contents;
                        MemorySegment s = ctx.scratch(op);
                        s.fill((byte) 0);
                        s.set(ValueLayout.JAVA_INT, BHFI_ATTRIBUTES, FILE_ATTRIBUTE_NORMAL);
                        s.set(ValueLayout.JAVA_INT, BHFI_SIZE_LOW, f.data.length);
                        s.set(ValueLayout.JAVA_INT, BHFI_INDEX_LOW, (int) op.handle());
                        yield 0;
                    }
                    default -> -ERROR_CALL_NOT_IMPLEMENTED_FOR_STAND_IN;
                };
            }
        };
    }

    private static final int ERROR_CALL_NOT_IMPLEMENTED_FOR_STAND_IN = 120;

    // ---- consoles ----

    /** A console; input comes from {@link #type}. */
    static final class Console {
        final boolean input;
        final java.util.concurrent.LinkedBlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();

        Console(boolean input) {
            this.input = input;
        }
    }

    long console(boolean input) {
        return add(new Console(input));
    }

    /** The user types a line (with the console's CRLF). */
    void type(long consoleInput, String text) {
        Console c;
        synchronized (lock) {
            c = (Console) objects.get(consoleInput);
        }
        c.lines.add(text);
    }

    @Override
    public ConsoleReader consoleReader(long handle) {
        synchronized (lock) {
            return consoleReaders.computeIfAbsent(handle, h -> {
                Console c = (Console) objects.get(h);
                return new ConsoleReader(new ConsoleReader.Input() {
                    private volatile boolean interrupted;

                    /** ReadConsoleW: waits for a line; CancelSynchronousIo makes it fail with ERROR_OPERATION_ABORTED. */
                    @Override
                    public int read(char[] into) {
                        for (;;) {
                            if (interrupted) {
                                interrupted = false;
                                return -ERROR_OPERATION_ABORTED;
                            }
                            try {
                                String line = c.lines.poll(5, TimeUnit.MILLISECONDS);
                                if (line != null) {
                                    line.getChars(0, line.length(), into, 0);
                                    return line.length();
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        }
                    }

                    @Override
                    public void interrupt(Thread reader) {
                        interrupted = true;
                    }
                }, this::postTo, "stand-in-console-reader");
            });
        }
    }

    // ---- processes ----

    /** A child process: its exit is a latch the test releases. */
    long process(CountDownLatch exit) {
        return add(exit);
    }

    @Override
    public ExitWaits exitWaits() {
        return exitWaits;
    }

    @Override
    public Winsock winsock() {
        return winsock;
    }

    /**
     * RegisterWaitForSingleObject with WT_EXECUTEONLYONCE: a wait thread calls back once when the
     * process ends; UnregisterWaitEx(wait, NULL) stops a callback that has not started.
     */
    private final class Waits implements ExitWaits.Os {
        private final Set<Long> unregistered = Collections.synchronizedSet(new HashSet<>());

        @Override
        public long register(long process, long context) {
            CountDownLatch exit;
            synchronized (lock) {
                if (!(objects.get(process) instanceof CountDownLatch l)) {
                    return -ERROR_INVALID_HANDLE;
                }
                exit = l;
            }
            long wait = numbers.getAndAdd(4);
            Thread.ofPlatform().daemon().name("stand-in-wait").start(() -> {
                try {
                    exit.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (!unregistered.contains(wait)) {
                    exitWaits.fired(context);
                }
            });
            return wait;
        }

        @Override
        public void unregister(long wait) {
            unregistered.add(wait);
        }

        @Override
        public int post(long port, int bytes, long key, long overlapped) {
            return postTo(port, bytes, key, overlapped);
        }
    }

}
