package io.rusticated.bench;

import io.rusticated.process.Child;
import io.rusticated.process.Command;
import io.rusticated.process.ExitStatus;
import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Spawns {@code program} (default {@code /bin/true}) {@code count} times, with at most
 * {@code concurrency} children alive at once, and waits for every one to exit: spawns per second,
 * CPU per spawn and the latency of each spawn + wait.
 *
 * <p>rusticated: a loop driven by this thread; each {@link Child#waitExit()} continuation, on the
 * loop, spawns the next child ({@link Command#spawn(EventLoop)}, posix_spawn, and a pidfd the loop
 * polls). The JDK: {@link ProcessBuilder#start()} from this thread, a semaphore keeping
 * {@code concurrency} children alive, released by each {@link Process#onExit()} continuation (which
 * runs on the JDK's process reaper thread that waited for the child). Both inherit stdin, stdout and
 * stderr (no pipes), rusticated's default and the JDK's {@code inheritIO()}.
 *
 * <p>With {@code reps=0 warmup=0} nothing is spawned: the baseline of a {@code strace -c} count.
 *
 * <p>One line per measured round:
 * {@code spawn contender concurrency rep count seconds jvmCpuNs childCpuNs p50Ns p99Ns}. JVM CPU is
 * {@code getrusage(RUSAGE_SELF)} (every thread of the JVM); child CPU is what the waited-for children
 * used ({@code cutime + cstime} of /proc/self/stat, in clock ticks, so only good over many spawns):
 * the JDK's children exec {@code jspawnhelper} before the program, so that is part of its cost.
 */
public final class SpawnBench {
    /** Clock ticks per second of /proc/self/stat's times (USER_HZ, 100 on every Linux build we know). */
    private static final long TICK_NANOS = 10_000_000L;

    private SpawnBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = Harness.parse(args);
        String which = a.getOrDefault("contender", "rusticated");
        String program = a.getOrDefault("program", "/bin/true");
        int count = Integer.parseInt(a.getOrDefault("count", "1000"));
        int concurrency = Integer.parseInt(a.getOrDefault("concurrency", "1"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "300"));
        int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
        String out = a.get("out");
        Spawner spawner = switch (which) {
            case "rusticated" -> new RusticatedSpawner(program);
            case "jdk" -> new JdkSpawner(program);
            default -> throw new IllegalArgumentException("contender is rusticated or jdk, got " + which);
        };
        try (spawner) {
            if (warmup > 0) {
                spawner.round(warmup, concurrency, new long[warmup]);
            }
            for (int rep = 1; rep <= reps; rep++) {
                long[] latencies = new long[count];
                long cpu0 = Cpu.processNanos();
                long child0 = childCpuNanos();
                long t0 = System.nanoTime();
                spawner.round(count, concurrency, latencies);
                long nanos = System.nanoTime() - t0;
                long cpu = Cpu.processNanos() - cpu0;
                long child = childCpuNanos() - child0;
                Arrays.sort(latencies);
                long p50 = latencies[count / 2];
                long p99 = latencies[Math.min(count - 1, (int) Math.ceil(count * 0.99) - 1)];
                String line = String.join("\t", "spawn", spawner.name(), Integer.toString(concurrency), Integer.toString(rep),
                        Integer.toString(count), String.format(Locale.ROOT, "%.6f", nanos / 1e9), Long.toString(cpu),
                        Long.toString(child), Long.toString(p50), Long.toString(p99));
                System.err.printf(Locale.ROOT, "spawn %-28s c=%-2d rep %d: %,8.0f spawns/s  JVM cpu %.1f us/spawn  children %.1f us/spawn  p50 %.0f us  p99 %.0f us%n",
                        spawner.name(), concurrency, rep, count / (nanos / 1e9), cpu / 1e3 / count, child / 1e3 / count, p50 / 1e3, p99 / 1e3);
                if (out != null) {
                    Files.writeString(Path.of(out), line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } else {
                    System.out.println(line);
                }
            }
        }
    }

    /** CPU time of this process's waited-for children so far (utime + stime of each, summed by the kernel). */
    static long childCpuNanos() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        // Fields after the command name (which may hold spaces and parentheses): state is field 3, cutime 16, cstime 17.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        return (Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3])) * TICK_NANOS;
    }

    private interface Spawner extends AutoCloseable {
        String name();

        /** Spawns {@code count} children, at most {@code concurrency} alive, and waits for all; latency i into {@code latencies[i]}. */
        void round(int count, int concurrency, long[] latencies) throws Exception;

        @Override
        void close();
    }

    private static void checkExit(Object status, String program) {
        if (!(status instanceof ExitStatus e && e.success()) && !(status instanceof Integer code && code == 0)) {
            throw new IllegalStateException(program + " ended with " + status);
        }
    }

    private static final class RusticatedSpawner implements Spawner {
        private final EventLoop loop = EventLoop.open();
        private final Command command;
        private final String program;

        RusticatedSpawner(String program) {
            this.program = program;
            this.command = new Command(program);
        }

        @Override
        public String name() {
            return "rusticated Command (" + loop.backend().name() + ")";
        }

        @Override
        public void round(int count, int concurrency, long[] latencies) {
            Round r = new Round(count, latencies);
            for (int i = 0; i < Math.min(concurrency, count); i++) {
                r.startOne();
            }
            loop.blockOn(r.done);
        }

        /** One round's state; touched on the loop thread only (this thread drives the loop). */
        private final class Round {
            final CompletableFuture<Void> done = new CompletableFuture<>();
            final int count;
            final long[] latencies;
            int started;
            int finished;

            Round(int count, long[] latencies) {
                this.count = count;
                this.latencies = latencies;
            }

            void startOne() {
                int index = started++;
                long t0 = System.nanoTime();
                Child child;
                try {
                    child = command.spawn(loop);
                } catch (IOException | RuntimeException e) {
                    done.completeExceptionally(e);
                    return;
                }
                child.waitExit().whenComplete((status, failure) -> {
                    latencies[index] = System.nanoTime() - t0;
                    if (failure != null) {
                        done.completeExceptionally(failure);
                        return;
                    }
                    try {
                        checkExit(status, program);
                    } catch (IllegalStateException e) {
                        done.completeExceptionally(e);
                        return;
                    }
                    if (++finished == count) {
                        done.complete(null);
                    } else if (started < count && !done.isDone()) {
                        startOne();
                    }
                });
            }
        }

        @Override
        public void close() {
            loop.close();
        }
    }

    private static final class JdkSpawner implements Spawner {
        private final ProcessBuilder builder;
        private final String program;

        JdkSpawner(String program) {
            this.program = program;
            this.builder = new ProcessBuilder(program).inheritIO();
        }

        @Override
        public String name() {
            return "JDK ProcessBuilder";
        }

        @Override
        public void round(int count, int concurrency, long[] latencies) throws Exception {
            Semaphore slots = new Semaphore(concurrency);
            CountDownLatch finished = new CountDownLatch(count);
            AtomicReference<Throwable> failure = new AtomicReference<>();
            for (int i = 0; i < count && failure.get() == null; i++) {
                slots.acquire();
                int index = i;
                long t0 = System.nanoTime();
                builder.start().onExit().whenComplete((p, e) -> {
                    latencies[index] = System.nanoTime() - t0;
                    try {
                        if (e != null) {
                            failure.compareAndSet(null, e);
                        } else {
                            checkExit(p.exitValue(), program);
                        }
                    } catch (RuntimeException x) {
                        failure.compareAndSet(null, x);
                    } finally {
                        slots.release();
                        finished.countDown();
                    }
                });
            }
            if (failure.get() == null && !finished.await(10, TimeUnit.MINUTES)) {
                throw new IllegalStateException("children did not all exit within 10 minutes");
            }
            if (failure.get() != null) {
                throw new IllegalStateException("spawning " + program + " failed: " + failure.get(), failure.get());
            }
        }

        @Override
        public void close() {
        }
    }
}
