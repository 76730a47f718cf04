package io.rusticated.linux;

import io.rusticated.io.NativeMemory;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.Request;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;

/**
 * Recycles the scratch memory operations lend the kernel (statx structs and socket addresses,
 * which share a size; dirent buffers), one free list per size. Loop thread only; memory is GC-managed and an operation holds its scratch
 * until its completion, so nothing the kernel may write is ever freed early.
 */
final class ScratchPool {
    private final ArrayDeque<MemorySegment> small = new ArrayDeque<>();
    private final ArrayDeque<MemorySegment> dirents = new ArrayDeque<>();

    /** Attaches scratch memory of the size the operation's opcode needs, if any. */
    void attach(DriverContext ctx, Request op) {
        long size = LinuxFileOps.scratchSize(op.opcode());
        if (size == 0) {
            return;
        }
        ArrayDeque<MemorySegment> free = size == LinuxFileOps.STATX_SIZE ? small : dirents;
        MemorySegment m = free.pollFirst();
        if (m == null) {
            m = NativeMemory.allocate(size, 8);
        }
        ctx.attachScratch(op, m);
    }

    /** Takes the request's scratch memory back for reuse, once the OS is done with it. */
    void release(DriverContext ctx, Request op) {
        MemorySegment m = ctx.scratch(op);
        if (m.equals(MemorySegment.NULL)) {
            return;
        }
        ctx.attachScratch(op, MemorySegment.NULL);
        ArrayDeque<MemorySegment> free = m.byteSize() == LinuxFileOps.STATX_SIZE ? small : dirents;
        if (free.size() < 64) {
            free.addFirst(m);
        }
    }
}
