package io.rusticated.io;


import java.lang.foreign.MemorySegment;

/**
 * Recycles buffers by power-of-two size class (4 KiB to 16 MiB), so steady-state I/O allocates
 * nothing. Thread-safe; each class keeps at most {@code maxPerClass} idle buffers and lets the
 * garbage collector have the rest. Memory is GC-managed: a buffer lent to the kernel is never freed.
 */
public final class BufferPool implements Buffer.Recycler {
    private static final int MIN_SHIFT = 12;
    private static final int MAX_SHIFT = 24;
    private static final BufferPool SHARED = new BufferPool(64);

    private final Buffer[][] idle = new Buffer[MAX_SHIFT - MIN_SHIFT + 1][];
    private final int[] counts = new int[MAX_SHIFT - MIN_SHIFT + 1];

    public BufferPool(int maxPerClass) {
        if (maxPerClass < 0) {
            throw new IllegalArgumentException("maxPerClass < 0");
        }
        for (int i = 0; i < idle.length; i++) {
            idle[i] = new Buffer[maxPerClass];
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
        synchronized (idle[c]) {
            if (counts[c] > 0) {
                Buffer b = idle[c][--counts[c]];
                idle[c][counts[c]] = null;
                b.revive();
                return b;
            }
        }
        MemorySegment m = NativeMemory.allocate(1L << shift, 4096);
        return new Buffer(m, this);
    }

    @Override
    public void recycle(Buffer b) {
        int c = Integer.numberOfTrailingZeros(b.capacity()) - MIN_SHIFT;
        synchronized (idle[c]) {
            if (counts[c] < idle[c].length) {
                idle[c][counts[c]++] = b;
            }
        }
    }
}
