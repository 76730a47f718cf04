package io.rusticated.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A lock-free multi-producer stack that is consumed all at once: producers push with a CAS, a
 * consumer takes the whole chain with one atomic swap and reverses it into submission order.
 * Any thread may take, which lets a late producer drain a closed loop itself.
 */
final class TaskStack {
    private static final VarHandle HEAD;
    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(TaskStack.class, "head", LoopTask.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") // accessed through HEAD
    private volatile LoopTask head;

    /** Publishes the task; the CAS releases the task's fields to the taker. */
    void push(LoopTask task) {
        LoopTask h;
        do {
            h = (LoopTask) HEAD.getAcquire(this);
            task.nextTask = h;
        } while (!HEAD.compareAndSet(this, h, task));
    }

    /** A volatile read, so it is ordered after the loop's volatile clear of its wakeup flag. */
    boolean isEmpty() {
        return HEAD.getVolatile(this) == null;
    }

    boolean isEmptyAcquire() {
        return HEAD.getAcquire(this) == null;
    }

    /** Takes every task pushed so far, oldest first. */
    LoopTask takeAllInOrder() {
        LoopTask h = (LoopTask) HEAD.getAndSet(this, (LoopTask) null);
        LoopTask reversed = null;
        while (h != null) {
            LoopTask next = h.nextTask;
            h.nextTask = reversed;
            reversed = h;
            h = next;
        }
        return reversed;
    }
}
