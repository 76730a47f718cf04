package io.rusticated.jdk;

import io.rusticated.io.NativeMemory;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The buffers directory streams read their entries into ({@link Calls#readDir}), kept for the next
 * stream: a program that lists directories in a loop would otherwise allocate, zero and later free
 * one per listing (32 KiB on Linux). A stream takes one when opened and gives it back when closed;
 * one nobody closed is freed with it by the collector. At most {@link #KEPT} are kept.
 */
final class DirentBuffers {
    private static final int KEPT = 16;
    private static final ConcurrentLinkedQueue<MemorySegment> IDLE = new ConcurrentLinkedQueue<>();

    private DirentBuffers() {
    }

    static MemorySegment take() {
        MemorySegment m = IDLE.poll();
        return m != null ? m : NativeMemory.allocate(Calls.direntsSize(), 8);
    }

    static void give(MemorySegment m) {
        if (IDLE.size() < KEPT) {
            IDLE.offer(m);
        }
    }
}
