package io.rusticated.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whole-process read benchmark of one contender: {@code threads} workers, each on its own thread,
 * run a warm-up window and then {@code reps} measured windows; each measured window becomes one
 * result line (tab-separated, see {@link ResultLine}) appended to {@code out}.
 *
 * <pre>
 * java -cp benchmarks.jar io.rusticated.bench.Harness group=rand4k contender=rusticated file=F \
 *      bs=4096 pattern=random depth=32 threads=1 warmup=1 seconds=2 reps=3 out=results.tsv
 * </pre>
 * With {@code ops=N} (and {@code warmupOps=W}) the windows are counted in reads instead of timed:
 * that mode exists for {@code strace -c}, which counts the system calls of a fixed amount of work.
 */
public final class Harness {
    private Harness() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = parse(args);
        String group = a.getOrDefault("group", "adhoc");
        String contender = req(a, "contender");
        Path file = Path.of(req(a, "file"));
        int bs = Integer.parseInt(a.getOrDefault("bs", "4096"));
        boolean random = a.getOrDefault("pattern", "random").equals("random");
        int depth = Integer.parseInt(a.getOrDefault("depth", "1"));
        int threads = Integer.parseInt(a.getOrDefault("threads", "1"));
        boolean direct = Boolean.parseBoolean(a.getOrDefault("direct", "false"));
        double warmup = Double.parseDouble(a.getOrDefault("warmup", "1"));
        double seconds = Double.parseDouble(a.getOrDefault("seconds", "2"));
        int reps = Integer.parseInt(a.getOrDefault("reps", "3"));
        long ops = Long.parseLong(a.getOrDefault("ops", "-1"));
        long warmupOps = Long.parseLong(a.getOrDefault("warmupOps", "0"));
        String out = a.get("out");

        Spec spec = new Spec(file, Files.size(file), bs, random, depth, direct);
        AtomicReference<String> backend = new AtomicReference<>("");
        Worker.Factory factory = switch (contender) {
            case "rusticated", "rusticated-stages" -> i -> {
                RusticatedReads r = new RusticatedReads(spec, i,
                        contender.equals("rusticated") ? RusticatedReads.Path.OPERATION : RusticatedReads.Path.STAGES);
                backend.set(r.backend());
                return r;
            };
            case "filechannel" -> i -> new FileChannelReads(spec, i);
            case "afc" -> i -> new AsyncFileChannelReads(spec, i);
            default -> throw new IllegalArgumentException("unknown contender " + contender
                    + " (rusticated, rusticated-stages, filechannel, afc)");
        };

        try (Team team = new Team(factory, threads)) {
            String name = label(contender) + (backend.get().isEmpty() ? "" : " (" + backend.get() + ")");
            if (ops >= 0) {
                team.window(Long.MAX_VALUE, warmupOps);
                Window w = team.window(Long.MAX_VALUE, ops);
                System.err.printf(Locale.ROOT, "%s: %d reads counted in %.2f s%n", name, w.ops, w.nanos / 1e9);
                return;
            }
            team.window(System.nanoTime() + (long) (warmup * 1e9), Long.MAX_VALUE);
            for (int rep = 1; rep <= reps; rep++) {
                Window w = team.window(System.nanoTime() + (long) (seconds * 1e9), Long.MAX_VALUE);
                ResultLine line = new ResultLine(group, name, threads, depth, rep, w.ops, w.nanos / 1e9, bs,
                        w.threadCpu, w.processCpu, w.latencies.quantile(0.5), w.latencies.quantile(0.99), w.allocated);
                System.err.println(line.describe());
                if (out != null) {
                    Files.writeString(Path.of(out), line.tsv() + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                } else {
                    System.out.println(line.tsv());
                }
            }
        }
    }

    record Window(long ops, long nanos, long threadCpu, long processCpu, long allocated, Histogram latencies) {
    }

    /** The workers, each on its own platform thread, started and stopped together per window. */
    private static final class Team implements AutoCloseable {
        private final int size;
        private final CyclicBarrier start;
        private final CyclicBarrier end;
        private final Thread[] threads;
        private final Histogram[] histograms;
        private final long[] done;
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private volatile long deadline;
        private volatile long maxOps;
        private volatile boolean closing;

        Team(Worker.Factory factory, int size) throws Exception {
            this.size = size;
            this.start = new CyclicBarrier(size + 1);
            this.end = new CyclicBarrier(size + 1);
            this.threads = new Thread[size];
            this.histograms = new Histogram[size];
            this.done = new long[size];
            CyclicBarrier opened = new CyclicBarrier(size + 1);
            for (int i = 0; i < size; i++) {
                int index = i;
                histograms[i] = new Histogram();
                threads[i] = Thread.ofPlatform().name("bench-worker-" + i).daemon().start(() -> work(factory, index, opened));
            }
            opened.await(60, TimeUnit.SECONDS);
            check();
        }

        private void work(Worker.Factory factory, int index, CyclicBarrier opened) {
            Worker w = null;
            try {
                w = factory.open(index);
            } catch (Throwable t) {
                failure.compareAndSet(null, t); // before the barrier, so the main thread sees it
            }
            try {
                opened.await();
                while (w != null) {
                    start.await();
                    if (closing) {
                        break;
                    }
                    try {
                        done[index] = w.run(deadline, maxOps / size + (index < maxOps % size ? 1 : 0), histograms[index]);
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                    end.await();
                }
            } catch (InterruptedException | BrokenBarrierException e) {
                failure.compareAndSet(null, e);
            } finally {
                if (w != null) {
                    try {
                        w.close();
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }
            }
        }

        private void check() {
            Throwable t = failure.get();
            if (t != null) {
                throw new IllegalStateException("benchmark worker failed: " + t, t);
            }
        }

        Window window(long deadline, long maxOps) throws Exception {
            this.deadline = deadline;
            this.maxOps = maxOps;
            for (Histogram h : histograms) {
                h.reset();
            }
            Map<Long, Long> allocation = Cpu.allocationSnapshot();
            Map<Long, Long> threadCpu = Cpu.threadSnapshot();
            long processCpu = Cpu.processNanos();
            long t0 = System.nanoTime();
            start.await();
            end.await();
            long nanos = System.nanoTime() - t0;
            long proc = Cpu.processNanos() - processCpu;
            long thr = Cpu.threadNanosSince(threadCpu);
            long allocated = Cpu.allocatedSince(allocation, Thread.currentThread().threadId());
            check();
            Histogram all = new Histogram();
            long ops = 0;
            for (int i = 0; i < size; i++) {
                all.add(histograms[i]);
                ops += done[i];
            }
            return new Window(ops, nanos, thr, proc, allocated, all);
        }

        @Override
        public void close() throws Exception {
            closing = true;
            if (failure.get() == null) {
                start.await(60, TimeUnit.SECONDS);
            }
            for (Thread t : threads) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
            check();
        }
    }

    /** The name a contender has in the results and the report. */
    static String label(String contender) {
        return switch (contender) {
            case "rusticated" -> "rusticated Operation";
            case "rusticated-stages" -> "rusticated File.readAt";
            case "filechannel" -> "JDK FileChannel.read";
            case "afc" -> "JDK AsynchronousFileChannel";
            default -> contender;
        };
    }

    static Map<String, String> parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String s : args) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("arguments are key=value, got: " + s);
            }
            m.put(s.substring(0, eq), s.substring(eq + 1));
        }
        return m;
    }

    static String req(Map<String, String> a, String key) {
        String v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing argument " + key + "=...");
        }
        return v;
    }
}
