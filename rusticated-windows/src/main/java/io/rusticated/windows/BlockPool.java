package io.rusticated.windows;

import io.rusticated.io.NativeMemory;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * Recycles blocks of one size ({@link OverlappedBlock}s, {@link SocketBlock}s). A block comes back
 * only when its packet has been dequeued (or its call failed at once, which queues none), so no
 * block is ever lent twice; and it comes back as the segment that owns its memory (the one
 * {@link NativeMemory} made), never a view of its address, which would not keep it allocated.
 * Loop thread only.
 */
final class BlockPool {
    private static final int KEEP = 256;
    private final long size;
    private final ArrayDeque<MemorySegment> free = new ArrayDeque<>();

    BlockPool(long size) {
        this.size = size;
    }

    long size() {
        return size;
    }

    MemorySegment take() {
        MemorySegment b = free.pollFirst();
        return b != null ? b : NativeMemory.allocate(size, 8);
    }

    /** The OS is done with the block. */
    void give(MemorySegment block) {
        if (free.size() < KEEP) {
            free.addFirst(block);
        }
    }
}
