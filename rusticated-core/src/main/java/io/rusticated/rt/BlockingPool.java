package io.rusticated.rt;

import io.rusticated.spi.BlockingWork;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The small, bounded pool of platform threads that runs system calls a kernel interface cannot
 * make asynchronous. Shared by every loop in the process; threads start on demand, up to
 * {@code rusticated.blockingThreads} (default 4), and exit after 10 seconds idle. Each finished
 * operation goes back to its loop as a task, with one coalesced wakeup.
 */
final class BlockingPool {
    static final BlockingPool SHARED = new BlockingPool(
            Integer.getInteger("rusticated.blockingThreads", 4), TimeUnit.SECONDS.toNanos(10));

    private final int maxThreads;
    private final long idleNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workAvailable = lock.newCondition();
    private final ArrayDeque<Operation> queue = new ArrayDeque<>();
    private int threads;
    private int idle;
    private int started;

    BlockingPool(int maxThreads, long idleNanos) {
        if (maxThreads < 1) {
            throw new IllegalArgumentException("rusticated.blockingThreads must be >= 1, got " + maxThreads);
        }
        this.maxThreads = maxThreads;
        this.idleNanos = idleNanos;
    }

    void execute(Operation op, BlockingWork work) {
        op.blockingWork = work;
        lock.lock();
        try {
            queue.addLast(op);
            // Each idle thread takes one queued call; it counts as idle until it wakes, so a burst
            // of calls beyond the idle ones needs new threads, or they would wait behind calls that
            // may block for long (a FIFO open, a slow network file system).
            if (queue.size() <= idle) {
                workAvailable.signal();
            } else if (threads < maxThreads) {
                threads++;
                Thread t = Thread.ofPlatform().daemon().name("rusticated-blocking-" + (++started)).unstarted(this::work);
                t.start();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes a queued operation that has not started; true if it was still waiting. */
    boolean removeQueued(Operation op) {
        lock.lock();
        try {
            return queue.remove(op);
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        for (;;) {
            Operation op;
            lock.lock();
            try {
                long wait = idleNanos;
                while ((op = queue.pollFirst()) == null) {
                    if (wait <= 0) {
                        threads--;
                        return;
                    }
                    idle++;
                    try {
                        wait = workAvailable.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        wait = 0;
                    } finally {
                        idle--;
                    }
                }
            } finally {
                lock.unlock();
            }
            EventLoop loop = op.loop;
            long result;
            try {
                result = op.blockingWork.run(op);
            } catch (Throwable t) {
                result = BlockingWork.THREW; // the loop reports it as an internal error
            }
            op.rawResult = result;
            loop.postBlockingDone(op);
        }
    }
}
