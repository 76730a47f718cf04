package io.rusticated.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time: of the whole process (getrusage: every thread, JIT and GC included, and io_uring's
 * kernel workers, which are threads of the process) and of the Java threads (ThreadMXBean, summed
 * over every live Java thread: the loop, the readers, the JDK's pool threads; JIT and GC excluded).
 */
final class Cpu {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.ThreadMXBean ALLOCATION = (com.sun.management.ThreadMXBean) THREADS;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Cpu() {
    }

    static long processNanos() {
        return OS.getProcessCpuTime();
    }

    /** CPU time per live Java thread id. */
    static Map<Long, Long> threadSnapshot() {
        Map<Long, Long> m = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            long t = THREADS.getThreadCpuTime(id);
            if (t >= 0) {
                m.put(id, t);
            }
        }
        return m;
    }

    /** Heap bytes allocated so far per live Java thread id. */
    static Map<Long, Long> allocationSnapshot() {
        Map<Long, Long> m = new HashMap<>();
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = ALLOCATION.getThreadAllocatedBytes(ids);
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                m.put(ids[i], bytes[i]);
            }
        }
        return m;
    }

    /** Heap bytes the Java threads allocated since {@code before}, less {@code self}'s (the measuring thread). */
    static long allocatedSince(Map<Long, Long> before, long self) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : allocationSnapshot().entrySet()) {
            if (e.getKey() != self) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
        }
        return sum;
    }

    /** CPU the Java threads used since {@code before} (threads born since count in full). */
    static long threadNanosSince(Map<Long, Long> before) {
        long sum = 0;
        for (Map.Entry<Long, Long> e : threadSnapshot().entrySet()) {
            sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
        }
        return sum;
    }
}
