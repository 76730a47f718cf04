package io.rusticated.io;


import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * Recycles buffers by power-of-two size class (4 KiB to 16 MiB), so steady-state I/O allocates
 * nothing. Thread-safe; each class keeps at most {@code maxPerClass} idle buffers, or as many as
 * fit in {@code idleBytesPerClass}, whichever is more, and lets the garbage collector have the
 * rest. The byte budget is for many connections: 512 of them, each with a read pending in a 64 KiB
 * buffer, give back hundreds of buffers in a turn and take as many again; with room for 64 the rest
 * were dropped and allocated anew (a fresh mapping, zeroed, and a cleaner) on every message.
 * Memory is GC-managed: a buffer lent to the kernel is never freed.
 */
public final class BufferPool implements Buffer.Recycler {
    private static final int MIN_SHIFT = 12;
    private static final int MAX_SHIFT = 24;
    /** The shared pool: 64 idle buffers per class, or 32 MiB of them (512 of 64 KiB). */
    private static final BufferPool SHARED = new BufferPool(64, 32L << 20);

    /** Idle buffers per class, a stack; grown as they come back, up to {@link #limits}. */
    private final ArrayDeque<Buffer>[] idle;
    private final int[] limits = new int[MAX_SHIFT - MIN_SHIFT + 1];

    public BufferPool(int maxPerClass) {
        this(maxPerClass, 0);
    }

    /** A pool keeping, per size class, up to {@code maxPerClass} idle buffers or {@code idleBytesPerClass} bytes of them, whichever is more. */
    @SuppressWarnings("unchecked")
    public BufferPool(int maxPerClass, long idleBytesPerClass) {
        if (maxPerClass < 0 || idleBytesPerClass < 0) {
            throw new IllegalArgumentException("maxPerClass < 0 or idleBytesPerClass < 0");
        }
        idle = new ArrayDeque[MAX_SHIFT - MIN_SHIFT + 1];
        for (int i = 0; i < idle.length; i++) {
            idle[i] = new ArrayDeque<>();
            limits[i] = (int) Math.max(maxPerClass, Math.min(Integer.MAX_VALUE, idleBytesPerClass >> (MIN_SHIFT + i)));
        }
    }

    /** The process-wide pool. */
    public static BufferPool shared() {
        return SHARED;
    }

    /** A buffer of at least {@code minCapacity} bytes (exactly that when above 16 MiB), empty and owned by the caller. */
    public Buffer acquire(int minCapacity) {
        if (minCapacity < 0) {
            throw new IllegalArgumentException("negative capacity: " + minCapacity);
        }
        int shift = Math.max(MIN_SHIFT, 32 - Integer.numberOfLeadingZeros(Math.max(1, minCapacity) - 1));
        if (shift > MAX_SHIFT) {
            return Buffer.allocate(minCapacity);
        }
        int c = shift - MIN_SHIFT;
        Buffer b;
        synchronized (idle[c]) {
            b = idle[c].pollLast();
        }
        if (b != null) {
            b.revive();
            return b;
        }
        MemorySegment m = NativeMemory.allocate(1L << shift, 4096);
        return new Buffer(m, this);
    }

    @Override
    public void recycle(Buffer b) {
        int c = Integer.numberOfTrailingZeros(b.capacity()) - MIN_SHIFT;
        synchronized (idle[c]) {
            if (idle[c].size() < limits[c]) {
                idle[c].addLast(b);
            }
        }
    }
}
