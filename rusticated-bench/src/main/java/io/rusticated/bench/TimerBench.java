package io.rusticated.bench;

import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * {@code count} concurrent sleeps of a random 1-100 ms each: how late each one completes (its
 * callback's time minus its deadline) and how much heap the pending sleeps hold.
 *
 * <p>rusticated: {@link Time#sleepUntil} on a loop driven by this thread, which schedules the
 * sleeps in batches of 1000 and lets the loop turn between batches (so a sleep due while the rest
 * are being scheduled is not held up by the scheduling). The JDK: a one-thread
 * {@link ScheduledThreadPoolExecutor}, scheduled from this thread in the same batches.
 *
 * <p>Memory: a separate round schedules every sleep without letting any fire, then measures the
 * heap in use after a full GC, less the heap in use before; that round's lateness is not reported.
 *
 * <p>One line per measured round: {@code timers contender count rep p50Ns p99Ns maxNs bytesPerSleep}.
 */
public final class TimerBench {
    private static final int BATCH = 1000;
    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private TimerBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Harness.parse(args);
        int count = Integer.parseInt(a.getOrDefault("count", "100000"));
        int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
        String out = a.get("out");
        String which = a.getOrDefault("contender", "rusticated");
        Sleeper sleeper = switch (which) {
            case "rusticated" -> new RusticatedSleeper();
            case "jdk" -> new JdkSleeper();
            default -> throw new IllegalArgumentException("contender is rusticated or jdk, got " + which);
        };
        try (sleeper) {
            sleeper.round(count, 1, false); // warm-up
            long bytes = sleeper.round(count, 2, true).bytes;
            for (int rep = 1; rep <= reps; rep++) {
                Round r = sleeper.round(count, 100 + rep, false);
                String line = String.join("\t", "timers", sleeper.name(), Integer.toString(count), Integer.toString(rep),
                        Long.toString(r.lateness.quantile(0.5)), Long.toString(r.lateness.quantile(0.99)),
                        Long.toString(r.lateness.quantile(1.0)), Long.toString(bytes / count));
                System.err.printf(Locale.ROOT, "timers %s x%d rep %d: lateness p50 %.1f us p99 %.1f us max %.1f us; %d B/sleep pending%n",
                        sleeper.name(), count, rep, r.lateness.quantile(0.5) / 1e3, r.lateness.quantile(0.99) / 1e3,
                        r.lateness.quantile(1.0) / 1e3, bytes / count);
                if (out != null) {
                    Files.writeString(Path.of(out), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } else {
                    System.out.println(line);
                }
            }
        }
    }

    record Round(Histogram lateness, long bytes) {
    }

    static long heapUsedAfterGc() {
        for (int i = 0; i < 2; i++) {
            System.gc();
        }
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    private abstract static class Sleeper implements AutoCloseable {
        abstract String name();

        /** Schedules {@code count} sleeps; with {@code measureMemory} none fires before the heap is measured. */
        abstract Round round(int count, long seed, boolean measureMemory) throws Exception;

        @Override
        public void close() {
        }
    }

    private static final class RusticatedSleeper extends Sleeper {
        private final EventLoop loop = EventLoop.open();

        @Override
        String name() {
            return "rusticated Time.sleepUntil (" + loop.backend().name() + ")";
        }

        @Override
        Round round(int count, long seed, boolean measureMemory) {
            SplittableRandom rnd = new SplittableRandom(seed);
            Histogram lateness = new Histogram();
            CompletableFuture<Void> all = new CompletableFuture<>();
            int[] left = {count};
            long before = measureMemory ? heapUsedAfterGc() : 0;
            for (int i = 0; i < count; i++) {
                long deadline = System.nanoTime() + 1_000_000L + rnd.nextLong(99_000_001L);
                Time.sleepUntil(loop, deadline).thenRun(() -> {
                    lateness.record(System.nanoTime() - deadline);
                    if (--left[0] == 0) {
                        all.complete(null);
                    }
                });
                if (!measureMemory && (i + 1) % BATCH == 0) {
                    loop.runNow();
                }
            }
            long bytes = measureMemory ? heapUsedAfterGc() - before : 0;
            loop.blockOn(all);
            return new Round(lateness, bytes);
        }

        @Override
        public void close() {
            loop.close();
        }
    }

    private static final class JdkSleeper extends Sleeper {
        private final ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1);

        @Override
        String name() {
            return "JDK ScheduledThreadPoolExecutor(1)";
        }

        @Override
        Round round(int count, long seed, boolean measureMemory) throws Exception {
            SplittableRandom rnd = new SplittableRandom(seed);
            Histogram lateness = new Histogram(); // written only by the pool's single thread
            CountDownLatch all = new CountDownLatch(count);
            CountDownLatch hold = new CountDownLatch(measureMemory ? 1 : 0);
            if (measureMemory) {
                pool.execute(() -> {
                    try {
                        hold.await(); // keeps the pool thread from running any sleep while the heap is measured
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            long before = measureMemory ? heapUsedAfterGc() : 0;
            for (int i = 0; i < count; i++) {
                long delay = 1_000_000L + rnd.nextLong(99_000_001L);
                long deadline = System.nanoTime() + delay;
                pool.schedule(() -> {
                    lateness.record(System.nanoTime() - deadline);
                    all.countDown();
                }, delay, TimeUnit.NANOSECONDS);
            }
            long bytes = measureMemory ? heapUsedAfterGc() - before : 0;
            hold.countDown();
            all.await();
            return new Round(lateness, bytes);
        }

        @Override
        public void close() {
            pool.shutdownNow();
        }
    }
}
