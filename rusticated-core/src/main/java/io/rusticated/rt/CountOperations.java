package io.rusticated.rt;

/**
 * A loop's idle {@link CountOperation}s and its cache of boxed byte counts. Confined to the loop
 * thread: no field here is read or written by any other thread, so nothing is volatile.
 *
 * <p>The free list keeps at most {@link #MAX_IDLE} idle operations (120 bytes each, 60 KiB in
 * all), as many as the registry of a default loop holds in flight; beyond that, the garbage
 * collector takes them.
 */
final class CountOperations {
    static final int MAX_IDLE = 512;
    private static final int BOX_SLOTS = 64; // a power of two

    private final EventLoop loop;
    private CountOperation idle;
    private int idleCount;
    /**
     * Boxed results, direct-mapped by value: a stream of equal-size reads or writes boxes its
     * count once. {@link Integer} is immutable, so a future may hand out a shared instance.
     */
    private final Integer[] boxes = new Integer[BOX_SLOTS];

    CountOperations(EventLoop loop) {
        this.loop = loop;
    }

    EventLoop loop() {
        return loop;
    }

    /** An idle operation: a recycled one on the loop thread, a new one on any other thread. */
    CountOperation take() {
        if (!loop.isLoopThread()) {
            return new CountOperation(this);
        }
        CountOperation op = idle;
        if (op == null) {
            return new CountOperation(this);
        }
        idle = op.nextIdle;
        op.nextIdle = null;
        idleCount--;
        return op;
    }

    /** Loop thread, at delivery: the kernel is done with the operation and its request is settled next. */
    void recycle(CountOperation op) {
        if (idleCount < MAX_IDLE) {
            op.nextIdle = idle;
            idle = op;
            idleCount++;
        }
    }

    /** Loop thread: {@code count} boxed, from the cache when it was boxed before. */
    Integer box(int count) {
        int slot = (count * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(BOX_SLOTS));
        Integer b = boxes[slot];
        if (b == null || b != count) {
            b = count;
            boxes[slot] = b;
        }
        return b;
    }
}
