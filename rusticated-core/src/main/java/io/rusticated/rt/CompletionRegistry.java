package io.rusticated.rt;

import java.util.Arrays;

/**
 * Maps completion tokens to operations in flight: a table of slots indexed by int, each with a
 * generation, so a token is {@code generation << 32 | slot}. A stale token (its slot reused since)
 * finds nothing. Token 0 never names an operation, so drivers use it (and any token with a zero
 * generation) for their own internal requests. Loop thread only.
 */
final class CompletionRegistry {
    private Operation[] ops;
    private int[] generations;
    private int[] freeSlots;
    private int freeCount;
    private int size;

    CompletionRegistry(int initialCapacity) {
        int cap = Math.max(16, initialCapacity);
        ops = new Operation[cap];
        generations = new int[cap];
        freeSlots = new int[cap];
        for (int i = 0; i < cap; i++) {
            freeSlots[i] = cap - 1 - i;
        }
        freeCount = cap;
    }

    /** Gives the operation a slot and returns its token. */
    long register(Operation op) {
        if (freeCount == 0) {
            grow();
        }
        int slot = freeSlots[--freeCount];
        int gen = generations[slot] + 1;
        if (gen == 0) {
            gen = 1; // generation 0 is reserved for internal tokens
        }
        generations[slot] = gen;
        ops[slot] = op;
        size++;
        return ((long) gen << 32) | slot;
    }

    /** Removes and returns the operation under the token, or null if the token is stale or internal. */
    Operation take(long token) {
        int slot = (int) token;
        int gen = (int) (token >>> 32);
        if (gen == 0 || slot < 0 || slot >= ops.length || generations[slot] != gen) {
            return null;
        }
        Operation op = ops[slot];
        if (op == null) {
            return null;
        }
        ops[slot] = null;
        freeSlots[freeCount++] = slot;
        size--;
        return op;
    }

    /** The operation under the token without removing it, or null. */
    Operation peek(long token) {
        int slot = (int) token;
        int gen = (int) (token >>> 32);
        if (gen == 0 || slot < 0 || slot >= ops.length || generations[slot] != gen) {
            return null;
        }
        return ops[slot];
    }

    int size() {
        return size;
    }

    /** Every operation in flight, for shutdown. */
    Operation[] snapshot() {
        Operation[] out = new Operation[size];
        int n = 0;
        for (Operation op : ops) {
            if (op != null) {
                out[n++] = op;
            }
        }
        return out;
    }

    private void grow() {
        int old = ops.length;
        int cap = old * 2;
        ops = Arrays.copyOf(ops, cap);
        generations = Arrays.copyOf(generations, cap);
        freeSlots = Arrays.copyOf(freeSlots, cap);
        for (int i = cap - 1; i >= old; i--) {
            freeSlots[freeCount++] = i;
        }
    }
}
