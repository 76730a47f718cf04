package io.rusticated.jdk;

import io.rusticated.io.NativeMemory;
import io.rusticated.path.NativePath;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The memory a thread makes its system calls with ({@link Calls}): a request to fill, room for
 * the bytes of two paths, what the OS fills for a stat, and a buffer for the bytes of a read or
 * write from or into the Java heap (as the JDK's per-thread temporary direct buffers). A platform
 * thread keeps its own; a virtual thread takes one from a shared pool for the call and gives it
 * back, so a million virtual threads do not hold a million of them. A call made while the
 * thread's own is in use (never, by the code as it is) gets a fresh one.
 */
final class CallScratch {
    /** PATH_MAX on Linux; a longer path gets memory of its own. */
    private static final int PATH_ROOM = 4096;
    private static final ThreadLocal<CallScratch> MINE = new ThreadLocal<>();
    private static final ConcurrentLinkedQueue<CallScratch> SHARED = new ConcurrentLinkedQueue<>();

    final DirectRequest request = new DirectRequest();
    private final boolean shared;
    private final MemorySegment paths = NativeMemory.allocate(2L * PATH_ROOM, 8);
    private MemorySegment stat = MemorySegment.NULL;
    private MemorySegment io = MemorySegment.NULL;
    private boolean busy;

    private CallScratch(boolean shared) {
        this.shared = shared;
    }

    /** This thread's scratch for one call; {@link #done()} after it. */
    static CallScratch take() {
        Thread t = Thread.currentThread();
        if (t.isVirtual()) {
            CallScratch s = SHARED.poll();
            return s != null ? s.use() : new CallScratch(true).use();
        }
        CallScratch s = MINE.get();
        if (s == null) {
            s = new CallScratch(false);
            MINE.set(s);
        }
        return s.busy ? new CallScratch(false).use() : s.use();
    }

    private CallScratch use() {
        busy = true;
        return this;
    }

    void done() {
        busy = false;
        if (shared) {
            SHARED.offer(this);
        }
    }

    /** The path, its bytes written into this scratch's first room. */
    NativePath first(NativePath path) {
        return path == null ? null : path.in(paths.asSlice(0, PATH_ROOM));
    }

    /** The path, its bytes written into this scratch's second room. */
    NativePath second(NativePath path) {
        return path == null ? null : path.in(paths.asSlice(PATH_ROOM, PATH_ROOM));
    }

    /** At least {@code size} bytes for the OS to fill, zeroed the first time only. */
    MemorySegment stat(long size) {
        if (stat.byteSize() < size) {
            stat = NativeMemory.allocate(size, 8);
        }
        return stat;
    }

    /** Exactly {@code size} bytes of native memory to read into or write from (kept for the next call, up to {@link OpenFile#MAX_IO}). */
    MemorySegment io(int size) {
        if (io.byteSize() < size) {
            io = NativeMemory.allocate(Math.max(size, 8192), 16);
        }
        return io.asSlice(0, size);
    }
}
