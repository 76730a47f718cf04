package io.rusticated.linux.reliability;

import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.linux.Libc;
import io.rusticated.process.Command;
import io.rusticated.process.Output;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A mixed load for N minutes, not part of {@code verify}: positional file reads and writes,
 * open/stat/close cycles, pipe round trips, short child processes ({@code /bin/echo} spawned with
 * {@link Command}, output read through pipes, exit collected), timers and cancellations, kept at a
 * fixed depth. Every interval it prints operations done, children run, errors, RSS, descriptors
 * and threads. Run with {@code scripts/soak.sh MINUTES}.
 */
public final class Soak {
    private static final int DEPTH = 64;
    /** Children in flight at most: a spawn costs far more than an I/O operation, so they stay a part of the mix. */
    private static final int MAX_CHILDREN = 2;

    private final EventLoop loop;
    private final File data;
    private final Path dataPath;
    private final File pipeRead;
    private final File pipeWrite;
    private final Random rnd = new Random(1);
    private final AtomicLong ops = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong children = new AtomicLong();
    private int childrenInFlight;
    private boolean pipeBusy;
    private boolean stopping;
    private int active;

    private Soak(EventLoop loop, File data, Path dataPath, int[] pipe) {
        this.loop = loop;
        this.data = data;
        this.dataPath = dataPath;
        this.pipeRead = File.fromHandle(loop, pipe[0], Path.of("soak-pipe"));
        this.pipeWrite = File.fromHandle(loop, pipe[1], Path.of("soak-pipe"));
    }

    public static void main(String[] args) throws Exception {
        double minutes = args.length > 0 ? Double.parseDouble(args[0]) : 1;
        long intervalNanos = Duration.ofSeconds(args.length > 1 ? Long.parseLong(args[1]) : 10).toNanos();
        Path dir = Files.createTempDirectory("rusticated-soak");
        Path dataPath = dir.resolve("data");
        Files.write(dataPath, new byte[4 << 20]);
        int[] pipe = Native.pipe();
        try (EventLoop loop = EventLoop.open()) {
            File data = loop.blockOn(File.open(dataPath, OpenOptions.options().withRead(true).withWrite(true)));
            Soak soak = new Soak(loop, data, dataPath, pipe);
            System.out.printf("backend %s%n", loop.backend());
            System.out.printf("%8s %12s %9s %8s %10s %10s %6s %8s%n", "seconds", "operations", "children", "errors", "cancelled", "RSS KiB", "fds",
                    "threads");
            long start = System.nanoTime();
            long end = start + (long) (minutes * 60e9);
            soak.report(start);
            for (int i = 0; i < DEPTH; i++) {
                soak.next();
            }
            long nextReport = start + intervalNanos;
            while (System.nanoTime() < end) {
                loop.blockOn(Time.sleep(Duration.ofMillis(100)));
                if (System.nanoTime() >= nextReport) {
                    soak.report(start);
                    nextReport += intervalNanos;
                }
            }
            soak.stopping = true;
            while (soak.active > 0) {
                loop.blockOn(Time.sleep(Duration.ofMillis(10)));
            }
            soak.report(start);
            loop.blockOn(data.close());
        } finally {
            Libc.close(pipe[0]);
            Libc.close(pipe[1]);
        }
        System.out.printf("done; child processes left: %d%n", ProcessHandle.current().children().count());
    }

    private void report(long start) {
        System.out.printf("%8d %12d %9d %8d %10d %10d %6d %8d%n", (System.nanoTime() - start) / 1_000_000_000L, ops.get(),
                children.get(), errors.get(), cancelled.get(), Native.rssKiB(), Native.openFdCount(), Native.threads());
    }

    /** Starts one more unit of work; when it finishes, it starts the next, keeping the depth. */
    private void next() {
        if (stopping) {
            return;
        }
        active++;
        CompletionStage<?> work = switch (rnd.nextInt(7)) {
            case 0, 1 -> {
                Buffer b = Buffer.allocate(4096);
                yield data.readAt(b, rnd.nextInt(1024) * 4096L);
            }
            case 2 -> data.writeAt(Buffer.allocate(512).setLength(512), rnd.nextInt(8192) * 512L);
            case 3 -> File.open(dataPath).thenCompose(f -> f.metadata().thenCompose(m -> f.close()));
            case 4 -> pipeRoundTrip();
            case 5 -> child();
            default -> {
                CompletableFuture<Void> sleep = Time.sleep(Duration.ofMillis(1 + rnd.nextInt(20))).toCompletableFuture();
                if (rnd.nextBoolean()) {
                    sleep.cancel(false);
                }
                yield sleep;
            }
        };
        work.whenComplete((v, e) -> {
            active--;
            ops.incrementAndGet();
            if (e != null) {
                Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
                if (cause instanceof java.util.concurrent.CancellationException) {
                    cancelled.incrementAndGet();
                } else {
                    errors.incrementAndGet();
                    System.err.println("error: " + cause);
                }
            }
            next();
        });
    }

    /** A short child whose output comes back through rusticated pipes and whose exit is collected; a stat while enough run. */
    private CompletionStage<?> child() {
        if (childrenInFlight >= MAX_CHILDREN) {
            return Fs.metadata(dataPath);
        }
        childrenInFlight++;
        String word = "soak" + rnd.nextInt(1000);
        return Command.of("/bin/echo", word).output(loop).thenApply((Output out) -> {
            if (!out.status().success() || !out.stdoutText().equals(word + "\n") || out.stderr().length != 0) {
                throw new IllegalStateException("child: " + out.status() + " stdout " + out.stdoutText().strip() + " stderr " + out.stderrText().strip());
            }
            children.incrementAndGet();
            return out;
        }).whenComplete((o, e) -> childrenInFlight--);
    }

    private CompletionStage<?> pipeRoundTrip() {
        if (pipeBusy) {
            return Fs.metadata(dataPath);
        }
        pipeBusy = true;
        Buffer in = Buffer.allocate(64);
        CompletionStage<Integer> read = pipeRead.read(in);
        return pipeWrite.write(Buffer.of("ping")).thenCompose(n -> read).whenComplete((n, e) -> pipeBusy = false);
    }
}
