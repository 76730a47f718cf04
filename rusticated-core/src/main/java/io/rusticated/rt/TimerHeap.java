package io.rusticated.rt;

import java.util.Arrays;

/**
 * The loop's timers: a binary min-heap of {@link Opcode#SLEEP} operations by deadline. Each
 * operation remembers its index, so cancelling one is O(log n). Loop thread only.
 */
final class TimerHeap {
    private Operation[] heap = new Operation[64];
    private int size;

    int size() {
        return size;
    }

    void add(Operation op) {
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = op;
        op.timerIndex = size;
        siftUp(size++);
    }

    /** Nanoseconds until the earliest deadline (0 if past), or -1 with no timer. */
    long nanosUntilNext(long now) {
        return size == 0 ? -1 : Math.max(0, heap[0].deadline() - now);
    }

    /** Removes and returns the earliest timer if it is due, else null. */
    Operation pollDue(long now) {
        if (size == 0 || heap[0].deadline() - now > 0) {
            return null;
        }
        return removeAt(0);
    }

    boolean remove(Operation op) {
        int i = op.timerIndex;
        if (i < 0 || i >= size || heap[i] != op) {
            return false;
        }
        removeAt(i);
        return true;
    }

    Operation[] drain() {
        Operation[] out = Arrays.copyOf(heap, size);
        for (Operation op : out) {
            op.timerIndex = -1;
        }
        Arrays.fill(heap, 0, size, null);
        size = 0;
        return out;
    }

    private Operation removeAt(int i) {
        Operation op = heap[i];
        op.timerIndex = -1;
        Operation last = heap[--size];
        heap[size] = null;
        if (i < size) {
            heap[i] = last;
            last.timerIndex = i;
            siftDown(i);
            siftUp(last.timerIndex);
        }
        return op;
    }

    private static boolean before(Operation a, Operation b) {
        return a.deadline() - b.deadline() < 0;
    }

    private void siftUp(int i) {
        Operation op = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Operation p = heap[parent];
            if (!before(op, p)) {
                break;
            }
            heap[i] = p;
            p.timerIndex = i;
            i = parent;
        }
        heap[i] = op;
        op.timerIndex = i;
    }

    private void siftDown(int i) {
        Operation op = heap[i];
        int half = size >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            int right = child + 1;
            if (right < size && before(heap[right], heap[child])) {
                child = right;
            }
            if (!before(heap[child], op)) {
                break;
            }
            heap[i] = heap[child];
            heap[i].timerIndex = i;
            i = child;
        }
        heap[i] = op;
        op.timerIndex = i;
    }
}
