package io.rusticated.io;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GC-managed native memory for everything rusticated lends the kernel (buffers, path bytes,
 * structs the kernel fills), given back once the returned segment and every slice of it are
 * unreachable (they share an automatic session, whose cleaner gives it back). The segment keeps
 * its memory reachable, so an operation that holds the segment (or its owner) keeps the memory
 * alive until the kernel is done with it.
 *
 * <p>Why neither direct byte buffers nor {@code Arena.ofAuto()}: both are counted in the JDK's
 * {@code direct} buffer pool ({@link java.lang.management.BufferPoolMXBean}) and against
 * {@code -XX:MaxDirectMemorySize}, so an unchanged program on the rusticated image would see
 * memory there that it never allocated. Why not {@code malloc} through a downcall: every distinct
 * downcall shape costs milliseconds to link, paid at start-up by every program on the image. So
 * memory comes from arenas of the JDK's that reserve nothing: up to {@link #SMALL} bytes, chunks of
 * power-of-two sizes (aligned to their size) cut from 64 KiB slabs, which are kept, a chunk going
 * back to its size's free list when unreachable; above, a shared arena per allocation, closed when
 * unreachable (a close costs a handshake with every thread, tens of microseconds, which large,
 * pooled buffers rarely need). What the JDK's limit gave (a collection when native memory piles up
 * between collections) is kept by hand: once more than {@link #SOFT_LIMIT} bytes are live, an
 * allocation asks for a collection, and again each time they have grown by half
 * ({@link CollectionTrigger}).
 */
public final class NativeMemory {
    /** The largest allocation served from slabs, and their alignment: a page. */
    private static final int SMALL = 4096;
    private static final int MIN_SHIFT = 4;
    private static final int SMALL_SHIFT = 12;
    private static final long SLAB = 64 * 1024;
    /** Live bytes above which an allocation asks for a collection: the JDK's default direct-memory limit, the heap's maximum. */
    private static final long SOFT_LIMIT = Runtime.getRuntime().maxMemory();
    private static final CollectionTrigger COLLECTIONS = new CollectionTrigger(SOFT_LIMIT);
    private static final AtomicLong LIVE = new AtomicLong();
    /** Free chunks per size class (16 B to 4 KiB). */
    @SuppressWarnings("unchecked")
    private static final ConcurrentLinkedQueue<MemorySegment>[] FREE = new ConcurrentLinkedQueue[SMALL_SHIFT - MIN_SHIFT + 1];

    static {
        for (int i = 0; i < FREE.length; i++) {
            FREE[i] = new ConcurrentLinkedQueue<>();
        }
    }

    private NativeMemory() {
    }

    /** {@code size} zeroed bytes at an address aligned to {@code alignment} (a power of two). */
    public static MemorySegment allocate(long size, long alignment) {
        if (size < 0 || size > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("native allocation size out of range: " + size);
        }
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
        }
        long needed = Math.max(Math.max(size, alignment), 1);
        return needed <= SMALL ? small(size, needed) : large(size, alignment);
    }

    private static MemorySegment small(long size, long needed) {
        int shift = Math.max(MIN_SHIFT, 64 - Long.numberOfLeadingZeros(needed - 1));
        ConcurrentLinkedQueue<MemorySegment> free = FREE[shift - MIN_SHIFT];
        MemorySegment chunk = free.poll();
        if (chunk == null) {
            chunk = carve(shift, free);
        }
        chunk.fill((byte) 0);
        long bytes = 1L << shift;
        LIVE.addAndGet(bytes);
        MemorySegment back = chunk;
        return owned(chunk.address(), size, () -> {
            LIVE.addAndGet(-bytes);
            free.offer(back);
        });
    }

    /** A new slab, cut into chunks of 2^shift bytes: one for the caller, the rest on the free list. */
    private static MemorySegment carve(int shift, ConcurrentLinkedQueue<MemorySegment> free) {
        MemorySegment slab = Arena.global().allocate(SLAB, SMALL);
        long chunk = 1L << shift;
        for (long at = chunk; at < SLAB; at += chunk) {
            free.offer(slab.asSlice(at, chunk));
        }
        return slab.asSlice(0, chunk);
    }

    private static MemorySegment large(long size, long alignment) {
        if (COLLECTIONS.shouldCollect(LIVE.addAndGet(size))) {
            System.gc(); // lets the cleaners below free what is no longer reachable
        }
        Arena arena = Arena.ofShared();
        MemorySegment m;
        try {
            m = arena.allocate(size, alignment); // zeroed
        } catch (RuntimeException | OutOfMemoryError e) {
            LIVE.addAndGet(-size);
            arena.close();
            throw e;
        }
        return owned(m.address(), size, () -> {
            arena.close();
            LIVE.addAndGet(-size);
        });
    }

    /**
     * The memory at {@code address} as a segment of an automatic session of its own, which runs
     * {@code giveBack} once that segment and its slices are unreachable. (An automatic session
     * reserves direct memory only for what it allocates itself, which here is nothing.)
     */
    private static MemorySegment owned(long address, long size, Runnable giveBack) {
        return MemorySegment.ofAddress(address).reinterpret(size, Arena.ofAuto(), unused -> giveBack.run());
    }

    /** Bytes handed out here and not yet given back (for tests and statistics). */
    public static long liveBytes() {
        return LIVE.get();
    }
}
