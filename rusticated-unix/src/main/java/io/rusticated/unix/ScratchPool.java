package io.rusticated.unix;

import io.rusticated.io.NativeMemory;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Recycles the scratch memory requests lend the OS (a statx or stat struct, a batch of directory
 * entries), one free list per size, and completes a request whose payload is decoded from it.
 * Loop thread only; memory is GC-managed and a request holds its scratch until its completion, so
 * nothing the OS may write is ever freed early.
 */
public final class ScratchPool {
    /** The structure a successful request carries, decoded from its scratch memory (null for none). */
    @FunctionalInterface
    public interface Decoder {
        Object payload(Request op, MemorySegment scratch, long raw);
    }

    private static final int KEPT_PER_SIZE = 64;

    private final ToLongFunction<Opcode> sizeOf;
    private final Map<Long, ArrayDeque<MemorySegment>> free = new HashMap<>();

    /** A pool for requests needing {@code sizeOf.applyAsLong(opcode)} bytes (0: none). */
    public ScratchPool(ToLongFunction<Opcode> sizeOf) {
        this.sizeOf = sizeOf;
    }

    /** Attaches scratch memory of the size the request's opcode needs, if any. */
    public void attach(DriverContext ctx, Request op) {
        long size = sizeOf.applyAsLong(op.opcode());
        if (size == 0) {
            return;
        }
        MemorySegment m = free.computeIfAbsent(size, s -> new ArrayDeque<>()).pollFirst();
        if (m == null) {
            m = NativeMemory.allocate(size, 8);
        }
        ctx.attachScratch(op, m);
    }

    /** Takes the request's scratch memory back for reuse, once the OS is done with it. */
    public void release(DriverContext ctx, Request op) {
        MemorySegment m = ctx.scratch(op);
        if (m.equals(MemorySegment.NULL)) {
            return;
        }
        ctx.attachScratch(op, MemorySegment.NULL);
        ArrayDeque<MemorySegment> list = free.computeIfAbsent(m.byteSize(), s -> new ArrayDeque<>());
        if (list.size() < KEPT_PER_SIZE) {
            list.addFirst(m);
        }
    }

    /**
     * Completes a finished request: {@code raw} >= 0 is its result, < 0 a negated errno (which the
     * loop translates). A success carries the payload decoded from its scratch memory, which then
     * goes back to the pool; a decoding failure fails the request.
     */
    public void finish(DriverContext ctx, Request op, long raw, Decoder decoder) {
        Object payload = null;
        if (raw >= 0) {
            try {
                payload = decoder.payload(op, ctx.scratch(op), raw);
            } catch (RuntimeException e) {
                release(ctx, op);
                ctx.fail(op, e);
                return;
            }
        }
        release(ctx, op);
        ctx.complete(op, raw, payload);
    }
}
