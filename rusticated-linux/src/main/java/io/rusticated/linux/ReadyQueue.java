package io.rusticated.linux;

import io.rusticated.rt.Operation;

/**
 * Operations the epoll driver finished without the kernel's help (a NOP, a POLL on a file that is
 * always ready, ops failed because their descriptor was closed): kept with their outcome and
 * delivered at the next poll, never from inside submit, so a completion callback that submits
 * again cannot recurse. A ring of parallel arrays: no allocation per entry. Loop thread only.
 */
final class ReadyQueue {
    private Operation[] ops = new Operation[16];
    private long[] results = new long[16];
    private Throwable[] failures = new Throwable[16];
    private int head;
    private int size;

    void add(Operation op, long rawResult, Throwable failure) {
        if (size == ops.length) {
            grow();
        }
        int at = (head + size) & (ops.length - 1);
        ops[at] = op;
        results[at] = rawResult;
        failures[at] = failure;
        size++;
    }

    boolean isEmpty() {
        return size == 0;
    }

    int size() {
        return size;
    }

    /** The operation at the head; call {@link #headResult()}/{@link #headFailure()} before {@link #removeHead()}. */
    Operation head() {
        return ops[head];
    }

    long headResult() {
        return results[head];
    }

    Throwable headFailure() {
        return failures[head];
    }

    void removeHead() {
        ops[head] = null;
        failures[head] = null;
        head = (head + 1) & (ops.length - 1);
        size--;
    }

    private void grow() {
        int n = ops.length;
        Operation[] o = new Operation[n * 2];
        long[] r = new long[n * 2];
        Throwable[] f = new Throwable[n * 2];
        for (int i = 0; i < size; i++) {
            int at = (head + i) & (n - 1);
            o[i] = ops[at];
            r[i] = results[at];
            f[i] = failures[at];
        }
        ops = o;
        results = r;
        failures = f;
        head = 0;
    }
}
