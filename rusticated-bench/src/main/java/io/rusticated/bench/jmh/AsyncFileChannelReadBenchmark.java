package io.rusticated.bench.jmh;

import io.rusticated.bench.Offsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's {@link AsynchronousFileChannel} (default thread pool) with {@code depth} random 4 KiB
 * reads kept in flight by their handlers; each invocation waits for {@link BenchFile#BATCH}
 * completions. JMH's gc profiler counts the pool threads' allocation too.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class AsyncFileChannelReadBenchmark {
    @Param("")
    public String file;

    @Param({"32"})
    public int depth;

    private AsynchronousFileChannel channel;
    private Offsets offsets;
    private final Semaphore completions = new Semaphore(0);
    private volatile boolean stopping;

    @Setup
    public void open() throws IOException {
        channel = AsynchronousFileChannel.open(Path.of(file), StandardOpenOption.READ);
        offsets = new Offsets(BenchFile.size(file), BenchFile.BLOCK, true, 0x5EED);
        for (int i = 0; i < depth; i++) {
            new Chain(ByteBuffer.allocateDirect(BenchFile.BLOCK)).issue();
        }
    }

    @Benchmark
    @OperationsPerInvocation(BenchFile.BATCH)
    public void read() throws InterruptedException {
        completions.acquire(BenchFile.BATCH);
    }

    @TearDown
    public void close() throws IOException {
        stopping = true;
        channel.close();
    }

    private final class Chain implements CompletionHandler<Integer, Void> {
        private final ByteBuffer buffer;

        Chain(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        void issue() {
            buffer.clear();
            long at;
            synchronized (offsets) {
                at = offsets.next();
            }
            channel.read(buffer, at, null, this);
        }

        @Override
        public void completed(Integer n, Void attachment) {
            completions.release();
            if (!stopping) {
                issue();
            }
        }

        @Override
        public void failed(Throwable e, Void attachment) {
            if (!stopping) {
                e.printStackTrace();
            }
        }
    }
}
