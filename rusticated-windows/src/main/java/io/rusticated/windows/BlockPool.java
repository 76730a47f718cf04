package io.rusticated.windows;

import io.rusticated.io.NativeMemory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * Recycles {@link OverlappedBlock}s. A block comes back only when its packet has been dequeued
 * (or its call failed at once, which queues none), so no block is ever lent twice. Loop thread only.
 */
final class BlockPool {
    private static final int KEEP = 256;
    private final ArrayDeque<MemorySegment> free = new ArrayDeque<>();

    MemorySegment take() {
        MemorySegment b = free.pollFirst();
        return b != null ? b : NativeMemory.allocate(OverlappedBlock.SIZE, 8);
    }

    /** The OS is done with the block. */
    void give(MemorySegment block) {
        if (free.size() < KEEP) {
            free.addFirst(block);
        }
    }
}
