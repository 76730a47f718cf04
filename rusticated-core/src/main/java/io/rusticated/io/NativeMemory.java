package io.rusticated.io;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * GC-managed native memory for everything rusticated lends the kernel (buffers, path bytes,
 * structs the kernel fills): C's {@code malloc}, given back with {@code free} once the returned
 * segment (and every slice of it) is unreachable. The segment keeps its memory reachable, so an
 * operation that holds the segment (or its owner) keeps the memory alive until the kernel is done
 * with it.
 *
 * <p>Why not direct byte buffers or {@code Arena.ofAuto()}: both are counted in the JDK's
 * {@code direct} buffer pool ({@link java.lang.management.BufferPoolMXBean}) and against
 * {@code -XX:MaxDirectMemorySize}, so an unchanged program on the rusticated image would see
 * memory there that it never allocated, and could run out of its own direct memory earlier.
 * What the JDK's limit gave (a collection when native memory piles up between collections) is kept
 * by hand: once more than {@link #SOFT_LIMIT} bytes are live, an allocation asks for a collection.
 *
 * <p>{@code malloc} and {@code free} are the C runtime's on every OS (libc, libSystem, the UCRT),
 * so core links them itself; they are linked on first use.
 */
public final class NativeMemory {
    /** Live bytes above which an allocation asks for a collection: the JDK's default direct-memory limit, the heap's maximum. */
    private static final long SOFT_LIMIT = Runtime.getRuntime().maxMemory();
    private static final AtomicLong LIVE = new AtomicLong();

    private NativeMemory() {
    }

    private static final class C {
        private static final Linker LINKER = Linker.nativeLinker();
        static final MethodHandle MALLOC = LINKER.downcallHandle(LINKER.defaultLookup().find("malloc").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
        static final MethodHandle FREE = LINKER.downcallHandle(LINKER.defaultLookup().find("free").orElseThrow(),
                FunctionDescriptor.ofVoid(ValueLayout.JAVA_LONG));
    }

    /** {@code size} zeroed bytes at an address aligned to {@code alignment} (a power of two). */
    public static MemorySegment allocate(long size, long alignment) {
        if (size < 0 || size > Long.MAX_VALUE / 2) {
            throw new IllegalArgumentException("native allocation size out of range: " + size);
        }
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
        }
        // malloc aligns to 16 on every 64-bit C runtime; more is had by over-allocating.
        long total = Math.max(1, size) + (alignment > 16 ? alignment - 1 : 0);
        if (LIVE.addAndGet(total) > SOFT_LIMIT) {
            System.gc(); // lets the cleaners below free what is no longer reachable
        }
        long raw;
        try {
            raw = (long) C.MALLOC.invokeExact(total);
        } catch (Throwable t) {
            LIVE.addAndGet(-total);
            throw new AssertionError(t);
        }
        if (raw == 0) {
            LIVE.addAndGet(-total);
            throw new OutOfMemoryError("malloc of " + total + " bytes of native memory failed");
        }
        long aligned = (raw + alignment - 1) & -alignment;
        MemorySegment m = MemorySegment.ofAddress(aligned).reinterpret(size, Arena.ofAuto(), unused -> free(raw, total));
        m.fill((byte) 0);
        return m;
    }

    private static void free(long raw, long total) {
        try {
            C.FREE.invokeExact(raw);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
        LIVE.addAndGet(-total);
    }

    /** Bytes allocated here and not yet freed (for tests and statistics). */
    public static long liveBytes() {
        return LIVE.get();
    }
}
