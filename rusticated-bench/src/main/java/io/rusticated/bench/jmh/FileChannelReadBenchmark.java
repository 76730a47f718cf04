package io.rusticated.bench.jmh;

import io.rusticated.bench.Offsets;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

/** The JDK's blocking {@link FileChannel#read(ByteBuffer, long)}: one random 4 KiB read per invocation. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class FileChannelReadBenchmark {
    @Param("")
    public String file;

    private FileChannel channel;
    private ByteBuffer buffer;
    private Offsets offsets;

    @Setup
    public void open() throws IOException {
        channel = FileChannel.open(Path.of(file), StandardOpenOption.READ);
        buffer = ByteBuffer.allocateDirect(BenchFile.BLOCK);
        offsets = new Offsets(BenchFile.size(file), BenchFile.BLOCK, true, 0x5EED);
    }

    @Benchmark
    public int read() throws IOException {
        buffer.clear();
        int n = channel.read(buffer, offsets.next());
        if (n != BenchFile.BLOCK) {
            throw new IllegalStateException("short read: " + n);
        }
        return n;
    }

    @TearDown
    public void close() throws IOException {
        channel.close();
    }
}
