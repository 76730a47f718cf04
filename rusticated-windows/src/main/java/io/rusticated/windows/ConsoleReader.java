package io.rusticated.windows;

import java.io.ByteArrayOutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a console input handle on a thread of its own, for every loop of the process: console
 * input cannot be read overlapped, and a read waits for the user for as long as it takes, which
 * must not hold up the loop or a blocking-pool thread. Each read is handed over with its
 * operation's block and posted back to the block's port when done, so it completes like any other
 * packet. Reads are served in the order asked.
 *
 * <p>The console gives UTF-16 (ReadConsoleW; ReadFile would give the console's code page), which
 * is passed on as UTF-8; what does not fit the reader's buffer waits for the next read. A line
 * that starts with Ctrl+Z reads as end of input, as ReadFile on a console makes it.
 *
 * <p>Cancelling: a read still queued is taken out and posted as cancelled at once; the one under
 * way is interrupted ({@link Input#interrupt}: CancelSynchronousIo on Windows). A read whose data
 * came first is delivered with its data. Exactly one packet per read either way.
 */
final class ConsoleReader implements Runnable {
    /** The console input's calls: kernel32 on Windows, a stand-in in the tests. */
    interface Input {
        /** ReadConsoleW into {@code into}: the number of UTF-16 units read, or the negated Win32 error. Blocks. */
        int read(char[] into);

        /** Makes a read under way on {@code reader} return with ERROR_OPERATION_ABORTED. */
        void interrupt(Thread reader);
    }

    private static final int QUEUED = 0;
    private static final int READING = 1;
    private static final int CANCELLED = 2;
    private static final char CTRL_Z = 0x1A;

    private final Input input;
    private final Poster poster;
    private final String name;
    private final LinkedBlockingDeque<Read> queue = new LinkedBlockingDeque<>();
    private final char[] chars = new char[4096];
    private final ConsoleText.Utf16ToUtf8 decoder = new ConsoleText.Utf16ToUtf8();
    /** Bytes read from the console and not yet handed to a reader; reader thread only. */
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private int pendingStart;
    private volatile Read current;
    /** Reads asked for and not yet posted, by block address. */
    private final java.util.Map<Long, Read> outstanding = new java.util.concurrent.ConcurrentHashMap<>();
    private Thread thread;

    ConsoleReader(Input input, Poster poster, String name) {
        this.input = input;
        this.poster = poster;
        this.name = name;
    }

    private static final class Read {
        final MemorySegment block;
        final long address;
        final int capacity;
        final AtomicInteger state = new AtomicInteger(QUEUED);
        volatile boolean cancelRequested;

        Read(MemorySegment block, long address, int capacity) {
            this.block = block;
            this.address = address;
            this.capacity = capacity;
        }
    }

    /** Reads up to {@code capacity} bytes into {@code address}; the packet carries {@code block}. Any thread. */
    void read(MemorySegment block, long address, int capacity) {
        Read r = new Read(block, address, capacity);
        outstanding.put(block.address(), r);
        queue.addLast(r);
        startIfNeeded();
    }

    private synchronized void startIfNeeded() {
        if (thread == null) {
            thread = Thread.ofPlatform().name(name).daemon().start(this);
        }
    }

    /**
     * Asks the read that uses {@code block} to end; its packet follows. A read not yet started is
     * posted as cancelled here; one the reader took (even one it is only about to start) sees the
     * request before it waits, and one it waits in is interrupted.
     */
    void cancel(MemorySegment block) {
        Read r = outstanding.get(block.address());
        if (r == null) {
            return;
        }
        r.cancelRequested = true;
        if (r.state.compareAndSet(QUEUED, CANCELLED)) {
            queue.remove(r);
            post(r, WindowsErrors.ERROR_OPERATION_ABORTED, 0);
            return;
        }
        if (current == r) {
            Thread t;
            synchronized (this) {
                t = thread;
            }
            input.interrupt(t);
        }
    }

    @Override
    public void run() {
        for (;;) {
            Read r;
            try {
                r = queue.takeFirst();
            } catch (InterruptedException e) {
                continue; // nothing interrupts it on purpose; keep serving
            }
            if (!r.state.compareAndSet(QUEUED, READING)) {
                continue; // cancelled while queued: already posted
            }
            current = r;
            int result;
            try {
                result = fill(r);
            } catch (Throwable t) {
                result = -WindowsErrors.ERROR_INVALID_HANDLE;
            }
            current = null;
            if (result >= 0) {
                post(r, 0, result);
            } else {
                post(r, -result, 0);
            }
        }
    }

    /** Bytes copied into the read's memory (0: end of input), or the negated Win32 error. */
    private int fill(Read r) {
        while (pending.size() - pendingStart == 0) {
            if (r.cancelRequested) {
                return -WindowsErrors.ERROR_OPERATION_ABORTED;
            }
            int n = input.read(chars);
            if (n < 0) {
                return n;
            }
            if (n > 0 && chars[0] == CTRL_Z) {
                return 0; // end of input, as ReadFile reports a line that starts with Ctrl+Z
            }
            pending.reset();
            pendingStart = 0;
            decoder.convert(chars, n, pending);
        }
        byte[] bytes = pending.toByteArray();
        int count = Math.min(bytes.length - pendingStart, r.capacity);
        MemorySegment.copy(bytes, pendingStart, MemorySegment.ofAddress(r.address).reinterpret(count), ValueLayout.JAVA_BYTE, 0, count);
        pendingStart += count;
        return count;
    }

    private void post(Read r, int win32Error, int bytes) {
        outstanding.remove(r.block.address());
        OverlappedBlock.setPostedError(r.block, win32Error);
        int rc = poster.post(OverlappedBlock.ownerPort(r.block), bytes, IocpDriver.KEY_POSTED, r.block.address());
        if (rc != 0) {
            System.getLogger("io.rusticated").log(System.Logger.Level.WARNING,
                    "posting a console read to its loop failed: " + WindowsErrors.describe(rc));
        }
    }
}
