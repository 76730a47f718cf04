package io.rusticated.io;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * GC-managed native memory for everything rusticated lends the kernel (buffers, path bytes,
 * structs the kernel fills). It comes from direct byte buffers rather than {@code Arena.ofAuto()}:
 * both are freed once unreachable, but direct memory is counted against
 * {@code -XX:MaxDirectMemorySize} and the JDK collects garbage when the limit is near, so native
 * memory cannot balloon between collections the way auto arenas let it. The returned segment
 * keeps its memory reachable, so an operation that holds the segment (or its owner) keeps the
 * memory alive until the kernel is done with it.
 */
public final class NativeMemory {
    private NativeMemory() {
    }

    /** {@code size} zeroed bytes at an address aligned to {@code alignment} (a power of two). */
    public static MemorySegment allocate(long size, long alignment) {
        if (size < 0 || size > Integer.MAX_VALUE - 2 * alignment) {
            throw new IllegalArgumentException("native allocation size out of range: " + size);
        }
        if (alignment <= 0 || (alignment & (alignment - 1)) != 0) {
            throw new IllegalArgumentException("alignment must be a power of two: " + alignment);
        }
        if (alignment <= 16) {
            // Direct buffers are at least 16-byte aligned by malloc on 64-bit platforms.
            return MemorySegment.ofBuffer(ByteBuffer.allocateDirect((int) Math.max(1, size))).asSlice(0, size);
        }
        // alignedSlice also trims the end to a multiple of the alignment: leave room for both ends.
        long rounded = (size + alignment - 1) & -alignment;
        ByteBuffer raw = ByteBuffer.allocateDirect((int) (rounded + alignment - 1));
        return MemorySegment.ofBuffer(raw.alignedSlice((int) alignment)).asSlice(0, size);
    }
}
