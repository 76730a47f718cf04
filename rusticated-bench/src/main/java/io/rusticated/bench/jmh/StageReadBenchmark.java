package io.rusticated.bench.jmh;

import io.rusticated.bench.Offsets;
import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
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
import java.util.function.BiConsumer;

/**
 * Random 4 KiB reads through the CompletionStage API, {@link File#readAt}: {@code depth} chains,
 * each read started from the {@code whenComplete} of the previous one, on a loop the benchmark
 * thread drives with {@link EventLoop#runNow()}. With {@code -prof gc} this is what the
 * everyday API allocates per read.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class StageReadBenchmark {
    @Param("")
    public String file;

    @Param({"1", "32"})
    public int depth;

    private EventLoop loop;
    private File handle;
    private Offsets offsets;
    private long completed;
    private long target;

    private void open() throws Exception {
        loop = EventLoop.open();
        handle = loop.blockOn(File.open(loop, Path.of(file), OpenOptions.readOnly()));
        offsets = new Offsets(BenchFile.size(file), BenchFile.BLOCK, true, 0x5EED);
        for (int i = 0; i < depth; i++) {
            new Chain(Buffer.allocate(BenchFile.BLOCK)).issue();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchFile.BATCH)
    public long read() throws Exception {
        if (loop == null) {
            open();
        }
        target += BenchFile.BATCH;
        while (completed < target) {
            loop.runNow();
        }
        return completed;
    }

    @TearDown
    public void close() {
        if (loop != null && loop.isLoopThread()) {
            loop.close();
        }
    }

    private final class Chain implements BiConsumer<Integer, Throwable> {
        private final Buffer buffer;

        Chain(Buffer buffer) {
            this.buffer = buffer;
        }

        void issue() {
            buffer.clear();
            handle.readAt(buffer, offsets.next()).whenComplete(this);
        }

        @Override
        public void accept(Integer n, Throwable failure) {
            if (failure != null) {
                return; // cancelled at tear-down
            }
            if (n != BenchFile.BLOCK) {
                throw new IllegalStateException("short read: " + n);
            }
            completed++;
            issue();
        }
    }
}
