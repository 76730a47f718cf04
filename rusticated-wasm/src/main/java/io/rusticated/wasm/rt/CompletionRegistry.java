package io.rusticated.wasm.rt;

import java.util.Arrays;

/**
 * Maps the tokens the host echoes back to the operations in flight, as rusticated-core's registry
 * does but in 31 bits (a Wasm import takes an i32): {@code generation << 16 | slot}, at most 65536
 * operations in flight, generations 1..32767. A stale token (its slot reused since) or token 0 finds
 * nothing, so a host that completes twice or late cannot reach another operation.
 */
final class CompletionRegistry {
    private static final int MAX_SLOTS = 1 << 16;
    private static final int MAX_GENERATION = 0x7fff;

    private Operation[] ops = new Operation[64];
    private int[] generations = new int[64];
    private int[] freeSlots = new int[64];
    private int freeCount;
    private int size;

    CompletionRegistry() {
        for (int i = 0; i < ops.length; i++) {
            freeSlots[freeCount++] = ops.length - 1 - i;
        }
    }

    int register(Operation op) {
        if (freeCount == 0) {
            grow();
        }
        int slot = freeSlots[--freeCount];
        int gen = generations[slot] % MAX_GENERATION + 1;
        generations[slot] = gen;
        ops[slot] = op;
        size++;
        return gen << 16 | slot;
    }

    /** Removes and returns the operation under the token, or null if the token is stale or unknown. */
    Operation take(int token) {
        int slot = token & 0xffff;
        int gen = token >>> 16;
        if (gen == 0 || slot >= ops.length || generations[slot] != gen || ops[slot] == null) {
            return null;
        }
        Operation op = ops[slot];
        ops[slot] = null;
        freeSlots[freeCount++] = slot;
        size--;
        return op;
    }

    int size() {
        return size;
    }

    private void grow() {
        int old = ops.length;
        if (old == MAX_SLOTS) {
            throw new IllegalStateException("rusticated-wasm: " + MAX_SLOTS + " operations in flight, the most a token can name");
        }
        int cap = old * 2;
        ops = Arrays.copyOf(ops, cap);
        generations = Arrays.copyOf(generations, cap);
        freeSlots = Arrays.copyOf(freeSlots, cap);
        for (int i = cap - 1; i >= old; i--) {
            freeSlots[freeCount++] = i;
        }
    }
}
