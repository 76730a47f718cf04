package io.rusticated.wasm.rt;

import java.util.Arrays;

/** The guest's timers: a binary min-heap of SLEEP operations by deadline, as rusticated-core's loop keeps. */
final class TimerHeap {
    private Operation[] heap = new Operation[16];
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
        return size == 0 ? -1 : Math.max(0, heap[0].deadline - now);
    }

    /** Removes and returns the earliest timer if it is due, else null. */
    Operation pollDue(long now) {
        if (size == 0 || heap[0].deadline - now > 0) {
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

    private void siftUp(int i) {
        Operation op = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            Operation p = heap[parent];
            if (op.deadline - p.deadline >= 0) {
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
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1].deadline - heap[child].deadline < 0) {
                child++;
            }
            if (heap[child].deadline - op.deadline >= 0) {
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
