package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Thousands of reads in flight at once at random offsets, every byte checked. */
class ConcurrentRandomReadTest {
    private static final int FILE_SIZE = 8 << 20;
    private static final int READS = 5000;
    private static final int MAX_READ = 64 * 1024;

    @TempDir
    Path dir;

    /** Byte i of the pattern file: depends on more than the low bits, so a misplaced read shows. */
    static byte pattern(long i) {
        return (byte) ((i * 31) ^ (i >>> 8) ^ (i >>> 17));
    }

    private Path patternFile() throws IOException {
        byte[] content = new byte[FILE_SIZE];
        for (int i = 0; i < FILE_SIZE; i++) {
            content[i] = pattern(i);
        }
        return Files.write(dir.resolve("pattern"), content);
    }

    @Test
    void fiveThousandConcurrentReadsAtRandomOffsets() throws IOException {
        Path p = patternFile();
        SplittableRandom rnd = new SplittableRandom(20240601);
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, p, OpenOptions.readOnly()));
            long[] offsets = new long[READS];
            int[] lengths = new int[READS];
            Buffer[] buffers = new Buffer[READS];
            List<CompletableFuture<Integer>> reads = new ArrayList<>(READS);
            for (int i = 0; i < READS; i++) {
                // Some reads start near the end of the file, so short reads happen too.
                offsets[i] = i % 50 == 0 ? FILE_SIZE - rnd.nextInt(1, MAX_READ) : rnd.nextLong(FILE_SIZE);
                lengths[i] = rnd.nextInt(1, MAX_READ + 1);
                buffers[i] = Buffer.allocate(lengths[i]);
                reads.add(f.readAt(buffers[i], offsets[i]).toCompletableFuture());
            }
            assertThat(loop.inFlight()).as("all submitted before waiting").isEqualTo(READS);
            loop.blockOn(CompletableFuture.allOf(reads.toArray(new CompletableFuture[0])));

            long bytes = 0;
            for (int i = 0; i < READS; i++) {
                int expected = (int) Math.min(lengths[i], FILE_SIZE - offsets[i]);
                assertThat(reads.get(i).join()).as("read %d at %d of %d", i, offsets[i], lengths[i]).isEqualTo(expected);
                Buffer b = buffers[i];
                assertThat(b.length()).isEqualTo(expected);
                MemorySegment got = b.filled();
                for (int k = 0; k < expected; k++) {
                    byte want = pattern(offsets[i] + k);
                    byte have = got.get(ValueLayout.JAVA_BYTE, k);
                    if (have != want) {
                        throw new AssertionError("read " + i + " byte " + k + " (file offset " + (offsets[i] + k) + "): " + have + " != " + want);
                    }
                }
                bytes += expected;
            }
            assertThat(bytes).isPositive();
            assertThat(loop.inFlight()).isZero();
            loop.blockOn(f.close());
        }
    }
}
