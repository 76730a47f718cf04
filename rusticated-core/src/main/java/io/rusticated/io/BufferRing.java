package io.rusticated.io;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fixed set of equal buffers a loop lends the OS to receive into, so that many mostly idle
 * connections pin no buffer each: a receive takes a buffer only when data arrives (io_uring
 * provided buffers; a readiness backend picks one when the socket is readable), and the buffer
 * goes to the reader, who {@link Buffer#release() releases} it back here when done.
 *
 * <p>Buffers are numbered {@code 0..count-1}. The free ones form a lock-free stack, so a buffer may
 * be released from any thread; the loop's driver takes free buffers (all of them, to hand to the
 * kernel, or one at a time). The memory is one GC-managed block the ring keeps reachable: a buffer
 * the kernel may still write is never freed.
 */
public final class BufferRing {
    /** No buffer free. */
    public static final int NONE = -1;

    private final int size;
    private final MemorySegment memory;
    private final Buffer[] buffers;
    /** next[id]: the id below it on the free stack. */
    private final int[] next;
    /** The free stack's top id (low 32 bits, or NONE) and a version (high 32 bits) against ABA. */
    private final AtomicLong top = new AtomicLong(pack(NONE, 0));
    private final Buffer.Recycler home = this::pushReleased;
    /** Run once a buffer is free again; see {@link #whenAvailable}. */
    private final java.util.concurrent.ConcurrentLinkedQueue<Runnable> waiters = new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** The loop this ring serves; see {@link #claim}. */
    private final java.util.concurrent.atomic.AtomicReference<Object> owner = new java.util.concurrent.atomic.AtomicReference<>();

    /**
     * @param count buffers (a power of two up to 32768, as io_uring's ring needs)
     * @param size  bytes each (a multiple of 4096, up to 16 MiB)
     */
    public BufferRing(int count, int size) {
        if (count < 1 || count > 32768 || Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("buffer count must be a power of two up to 32768: " + count);
        }
        if (size < 4096 || size > (16 << 20) || size % 4096 != 0) {
            throw new IllegalArgumentException("buffer size must be a multiple of 4096 up to 16 MiB: " + size);
        }
        this.size = size;
        this.memory = NativeMemory.allocate((long) count * size, 4096);
        this.buffers = new Buffer[count];
        this.next = new int[count];
        for (int id = count - 1; id >= 0; id--) {
            buffers[id] = new Buffer(memory.asSlice((long) id * size, size), home);
            push(id);
        }
    }

    private static long pack(int id, int version) {
        return ((long) version << 32) | (id & 0xffffffffL);
    }

    /**
     * Binds the ring to the loop that receives into it: the OS's view of a ring belongs to one
     * loop's driver. Idempotent for that loop; fails for another.
     */
    public void claim(Object loop) {
        if (!owner.compareAndSet(null, loop) && owner.get() != loop) {
            throw new IllegalStateException(this + " serves another loop: use one ring per loop");
        }
    }

    /**
     * Runs {@code action} as soon as a buffer is free: now, on this thread, if one is; else on the
     * thread that next releases one. For waiting out an empty ring without spinning.
     */
    public void whenAvailable(Runnable action) {
        waiters.add(action);
        if (((int) top.get()) != NONE) {
            runWaiters();
        }
    }

    private void runWaiters() {
        Runnable r;
        while ((r = waiters.poll()) != null) {
            r.run();
        }
    }

    public int count() {
        return buffers.length;
    }

    public int bufferSize() {
        return size;
    }

    /** The memory of every buffer, {@code count * size} bytes from buffer 0 on. */
    public MemorySegment memory() {
        return memory;
    }

    /** Buffer {@code id}'s memory. */
    public MemorySegment memoryOf(int id) {
        return buffers[id].memory();
    }

    /** Takes one free buffer's id, or {@link #NONE}. Any thread. */
    public int take() {
        for (;;) {
            long t = top.get();
            int id = (int) t;
            if (id == NONE) {
                return NONE;
            }
            if (top.compareAndSet(t, pack(next[id], (int) (t >>> 32) + 1))) {
                return id;
            }
        }
    }

    private void push(int id) {
        for (;;) {
            long t = top.get();
            next[id] = (int) t;
            if (top.compareAndSet(t, pack(id, (int) (t >>> 32) + 1))) {
                return;
            }
        }
    }

    /**
     * Gives a taken buffer, with {@code bytes} received into it, to its reader, who owns it until
     * {@link Buffer#release()}. (The driver's completion step.)
     */
    public Buffer handOut(int id, int bytes) {
        Buffer b = buffers[id];
        b.revive();
        b.setLength(bytes);
        return b;
    }

    /** Puts a taken buffer back unused (a receive that failed or was cancelled). */
    public void giveBack(int id) {
        push(id);
        if (!waiters.isEmpty()) {
            runWaiters();
        }
    }

    private void pushReleased(Buffer b) {
        long offset = b.memory().address() - memory.address();
        giveBack((int) (offset / size));
    }

    @Override
    public String toString() {
        return "BufferRing[" + buffers.length + " x " + size + " B]";
    }
}
