package io.rusticated.bench.jmh;

import io.rusticated.bench.Offsets;
import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.Operation;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Random 4 KiB reads on rusticated's low-level path: {@code depth} reusable operations, each
 * resubmitted from its completion; the benchmark thread drives its own loop with
 * {@link EventLoop#runNow()} (page-cache reads complete inside the submitting io_uring_enter).
 * Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the allocation per read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class LowLevelReadBenchmark {
    @Param("")
    public String file;

    @Param({"1", "32", "128"})
    public int depth;

    private EventLoop loop;
    private File handle;
    private Offsets offsets;
    private long completed;
    private long target;

    /** Opened on the first invocation, so on the benchmark thread that drives the loop. */
    private void open() throws Exception {
        loop = EventLoop.open();
        handle = loop.blockOn(File.open(loop, Path.of(file), OpenOptions.readOnly()));
        offsets = new Offsets(BenchFile.size(file), BenchFile.BLOCK, true, 0x5EED);
        for (int i = 0; i < depth; i++) {
            new Read(Buffer.allocate(BenchFile.BLOCK)).issue();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchFile.BATCH)
    public long read() throws Exception {
        if (loop == null) {
            open();
        }
        target += BenchFile.BATCH; // a turn may overshoot: the surplus counts towards the next batch
        while (completed < target) {
            loop.runNow();
        }
        return completed;
    }

    @TearDown
    public void close() {
        if (loop != null && loop.isLoopThread()) {
            loop.close(); // cancels the reads in flight and waits for their completions
        }
    }

    private final class Read extends Operation {
        private final Buffer buffer;

        Read(Buffer buffer) {
            this.buffer = buffer;
        }

        void issue() {
            buffer.clear();
            prepareRead(handle.handle(), buffer, offsets.next());
            loop.submit(this);
        }

        @Override
        protected void complete(long result, Throwable failure) {
            if (failure != null) {
                return; // cancelled at tear-down
            }
            if (result != BenchFile.BLOCK) {
                throw new IllegalStateException("short read: " + result);
            }
            completed++;
            issue();
        }
    }
}
