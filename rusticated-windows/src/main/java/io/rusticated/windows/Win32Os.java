package io.rusticated.windows;

import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverUnavailableException;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.rusticated.windows.WindowsAbi.*;
import static io.rusticated.windows.WindowsErrors.*;

/** The {@link IocpOs} of a real Windows: kernel32 and ntdll. */
final class Win32Os implements IocpOs {
    static final Win32Os INSTANCE = new Win32Os();

    private static final Poster POSTER = (port, bytes, key, overlapped) ->
            Kernel32.PostQueuedCompletionStatus(port, bytes, key, overlapped) != 0 ? 0 : Win32Linker.lastError();

    private final Map<Long, ConsoleReader> consoleReaders = new ConcurrentHashMap<>();

    private Win32Os() {
    }

    @Override
    public CompletionPort openPort() throws DriverUnavailableException {
        return Win32Port.open();
    }

    /**
     * A socket this process made is one; otherwise GetFileType, then for a character device
     * whether it is a console (GetConsoleMode succeeds only on one; output buffers answer
     * GetConsoleScreenBufferInfo), then whether it was opened
     * for synchronous I/O (FileModeInformation has FILE_SYNCHRONOUS_IO_ALERT or _NONALERT: libuv's
     * test for a non-overlapped pipe).
     */
    @Override
    public HandleKind classify(long handle) {
        if (SocketHandles.of(handle) != null) {
            return HandleKind.SOCKET;
        }
        int type = Kernel32.GetFileType(handle);
        if (type == FILE_TYPE_UNKNOWN && Win32Linker.lastError() != 0) {
            return HandleKind.INVALID;
        }
        try (Arena arena = Arena.ofConfined()) {
            if (type == FILE_TYPE_CHAR && Kernel32.GetConsoleMode(handle, arena.allocate(ValueLayout.JAVA_INT).address()) != 0) {
                MemorySegment info = arena.allocate(CONSOLE_SCREEN_BUFFER_INFO);
                return Kernel32.GetConsoleScreenBufferInfo(handle, info.address()) != 0 ? HandleKind.CONSOLE_OUTPUT : HandleKind.CONSOLE_INPUT;
            }
            MemorySegment iosb = arena.allocate(IO_STATUS_BLOCK);
            MemorySegment mode = arena.allocate(FILE_MODE_INFORMATION);
            int status = Ntdll.NtQueryInformationFile(handle, iosb.address(), mode.address(), (int) mode.byteSize(), FileModeInformation);
            boolean synchronous = !NtStatus.isSuccess(status)
                    || (mode.get(ValueLayout.JAVA_INT, 0) & (FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)) != 0;
            if (synchronous) {
                return HandleKind.SYNCHRONOUS;
            }
            return type == FILE_TYPE_DISK ? HandleKind.OVERLAPPED_FILE : HandleKind.OVERLAPPED_STREAM;
        }
    }

    @Override
    public BlockingWork synchronousIo() {
        return SYNCHRONOUS_IO;
    }

    @Override
    public BlockingWork eventIo() {
        return EVENT_IO;
    }

    @Override
    public BlockingWork consoleWrite(DriverContext ctx) {
        return op -> writeConsole(op, ctx.scratch(op));
    }

    @Override
    public BlockingWork files(DriverContext ctx) {
        return new WindowsFileOps(ctx);
    }

    @Override
    public ConsoleReader consoleReader(long handle) {
        return consoleReaders.computeIfAbsent(handle, h -> new ConsoleReader(new ConsoleInput(h), POSTER, "rusticated-console-reader"));
    }

    @Override
    public ExitWaits exitWaits() {
        return Waits.EXIT_WAITS;
    }

    @Override
    public Winsock winsock() {
        return Win32Winsock.INSTANCE;
    }

    // ---- blocking reads and writes ----

    /**
     * ReadFile or WriteFile on a synchronous handle: at the handle's own position for
     * CURRENT_POSITION (NULL OVERLAPPED), at an offset otherwise ("if hFile is not opened with
     * FILE_FLAG_OVERLAPPED and lpOverlapped is not NULL, the read operation starts at the offset
     * specified in the OVERLAPPED structure", ReadFile; the position moves, as it does for the JDK's
     * positional reads of such handles).
     */
    private static final BlockingWork SYNCHRONOUS_IO = op -> {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            long overlapped = 0;
            if (op.offset() >= 0) {
                MemorySegment ov = arena.allocate(OVERLAPPED);
                ov.set(ValueLayout.JAVA_INT, OVERLAPPED_OFFSET, (int) op.offset());
                ov.set(ValueLayout.JAVA_INT, OVERLAPPED_OFFSET_HIGH, (int) (op.offset() >>> 32));
                overlapped = ov.address();
            }
            boolean write = op.opcode() == Opcode.WRITE;
            int ok = write
                    ? Kernel32.WriteFile(op.handle(), Buffers.writeAddress(op.buffer()), Buffers.writeLength(op.buffer()), count.address(), overlapped)
                    : Kernel32.ReadFile(op.handle(), Buffers.readAddress(op.buffer()), Buffers.readLength(op.buffer()), count.address(), overlapped);
            if (ok == 0) {
                int error = Win32Linker.lastError();
                return !write && Buffers.isEndOfInput(error) ? 0 : -error;
            }
            return Integer.toUnsignedLong(count.get(ValueLayout.JAVA_INT, 0));
        }
    };

    /** A manual-reset event per pool thread, for {@link #EVENT_IO}. */
    private static final ThreadLocal<Long> THREAD_EVENT = ThreadLocal.withInitial(() -> Kernel32.CreateEventW(0, 1, 0, 0));

    /**
     * An overlapped call on the pool, for a handle whose packets would reach no loop: the
     * OVERLAPPED's event has its low bit set ("a valid event handle whose low-order bit is set keeps
     * I/O completion from being queued to the completion port", GetQueuedCompletionStatus), and
     * GetOverlappedResult waits for it.
     */
    private static final BlockingWork EVENT_IO = op -> {
        boolean write = op.opcode() == Opcode.WRITE;
        long offset = op.offset();
        if (offset < 0) {
            if (Kernel32.GetFileType(op.handle()) == FILE_TYPE_DISK) {
                if (!write) {
                    return -ERROR_INVALID_PARAMETER; // an overlapped file has no position to read at
                }
                offset = OverlappedBlock.END_OF_FILE;
            } else {
                offset = 0;
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment ov = arena.allocate(OVERLAPPED);
            ov.set(ValueLayout.JAVA_INT, OVERLAPPED_OFFSET, (int) offset);
            ov.set(ValueLayout.JAVA_INT, OVERLAPPED_OFFSET_HIGH, (int) (offset >>> 32));
            ov.set(ValueLayout.JAVA_LONG, OVERLAPPED_EVENT, THREAD_EVENT.get() | 1);
            int ok = write
                    ? Kernel32.WriteFile(op.handle(), Buffers.writeAddress(op.buffer()), Buffers.writeLength(op.buffer()), 0, ov.address())
                    : Kernel32.ReadFile(op.handle(), Buffers.readAddress(op.buffer()), Buffers.readLength(op.buffer()), 0, ov.address());
            if (ok == 0) {
                int error = Win32Linker.lastError();
                if (error != ERROR_IO_PENDING) {
                    return !write && Buffers.isEndOfInput(error) ? 0 : -error;
                }
            }
            if (Kernel32.GetOverlappedResult(op.handle(), ov.address(), count.address(), 1) == 0) {
                int error = Win32Linker.lastError();
                return !write && Buffers.isEndOfInput(error) ? 0 : -error;
            }
            return Integer.toUnsignedLong(count.get(ValueLayout.JAVA_INT, 0));
        }
    };

    /** Characters per WriteConsoleW: older consoles fail larger writes for lack of memory. */
    private static final int CONSOLE_CHUNK = 8192;

    /** Writes the UTF-16 text until all of it is out; the result is the request's byte count (all of it was consumed). */
    private static long writeConsole(Request op, MemorySegment utf16) {
        int total = (int) (utf16.byteSize() / 2);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment written = arena.allocate(ValueLayout.JAVA_INT);
            int done = 0;
            while (done < total) {
                int chunk = Math.min(CONSOLE_CHUNK, total - done);
                if (Kernel32.WriteConsoleW(op.handle(), utf16.address() + 2L * done, chunk, written.address(), 0) == 0) {
                    return -Win32Linker.lastError();
                }
                done += written.get(ValueLayout.JAVA_INT, 0);
            }
        }
        return Buffers.writeLength(op.buffer());
    }

    // ---- consoles ----

    /** ReadConsoleW on the reader thread; CancelSynchronousIo interrupts it. */
    private static final class ConsoleInput implements ConsoleReader.Input {
        private final long handle;
        private volatile long readerThread;
        private MemorySegment buffer = MemorySegment.NULL;

        ConsoleInput(long handle) {
            this.handle = handle;
        }

        @Override
        public int read(char[] into) {
            if (readerThread == 0) {
                readerThread = Kernel32.OpenThread(THREAD_TERMINATE, 0, Kernel32.GetCurrentThreadId());
            }
            if (buffer.byteSize() < 2L * into.length) {
                buffer = Arena.ofAuto().allocate(2L * into.length, 2);
            }
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment count = arena.allocate(ValueLayout.JAVA_INT);
                if (Kernel32.ReadConsoleW(handle, buffer.address(), into.length, count.address(), 0) == 0) {
                    return -Win32Linker.lastError();
                }
                int n = count.get(ValueLayout.JAVA_INT, 0);
                MemorySegment.copy(buffer, ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, into, 0, n);
                return n;
            }
        }

        /** CancelSynchronousIo needs THREAD_TERMINATE on the reader thread, whose handle it opened itself. */
        @Override
        public void interrupt(Thread reader) {
            long t = readerThread;
            if (t != 0) {
                Kernel32.CancelSynchronousIo(t);
            }
        }
    }

    // ---- exit waits ----

    /**
     * The wait callback: an FFM upcall on a system wait thread (HotSpot attaches it as a daemon
     * thread). It only posts a packet; an exception escaping an upcall would end the VM, so none does.
     */
    private static final class Waits implements ExitWaits.Os {
        static final ExitWaits EXIT_WAITS = new ExitWaits(new Waits());
        private static final MemorySegment CALLBACK;

        static {
            try {
                CALLBACK = Linker.nativeLinker().upcallStub(
                        MethodHandles.lookup().findStatic(Waits.class, "fired", MethodType.methodType(void.class, long.class, byte.class)),
                        FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG, ValueLayout.JAVA_BYTE), Arena.global());
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        /** VOID CALLBACK WaitOrTimerCallback(PVOID context, BOOLEAN timerOrWaitFired). */
        @SuppressWarnings("unused") // the upcall target
        private static void fired(long context, byte timedOut) {
            try {
                EXIT_WAITS.fired(context);
            } catch (Throwable ignored) {
                // never let anything reach the native frame
            }
        }

        @Override
        public long register(long process, long context) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment wait = arena.allocate(ValueLayout.JAVA_LONG);
                if (Kernel32.RegisterWaitForSingleObject(wait.address(), process, CALLBACK.address(), context, INFINITE,
                        WT_EXECUTEINWAITTHREAD | WT_EXECUTEONLYONCE) == 0) {
                    return -Win32Linker.lastError();
                }
                return wait.get(ValueLayout.JAVA_LONG, 0);
            }
        }

        @Override
        public void unregister(long wait) {
            Kernel32.UnregisterWaitEx(wait, 0);
        }

        @Override
        public int post(long port, int bytes, long key, long overlapped) {
            return POSTER.post(port, bytes, key, overlapped);
        }
    }
}
