package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.Operation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The allocation-free path: one operation and one buffer, prepared again from each completion. */
class ReusedOperationTest {
    @TempDir
    Path dir;

    /** Reads a whole file chunk by chunk, resubmitting itself from its own completion. */
    private static final class ChunkReader extends Operation {
        final CompletableFuture<byte[]> done = new CompletableFuture<>();
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final File file;
        final Buffer buffer;
        long position;
        int completions;

        ChunkReader(File file, Buffer buffer) {
            this.file = file;
            this.buffer = buffer;
        }

        void next() {
            buffer.clear();
            file.prepareReadAt(this, buffer, position);
            file.loop().submit(this);
        }

        @Override
        protected void complete(long result, Throwable failure) {
            completions++;
            if (failure != null) {
                done.completeExceptionally(failure);
                return;
            }
            if (result == 0) {
                done.complete(out.toByteArray());
                return;
            }
            assertThat(buffer.isLent()).as("the buffer is back before the callback").isFalse();
            out.writeBytes(buffer.toByteArray());
            position += result;
            next();
        }
    }

    @Test
    void oneOperationReadsAWholeFileResubmittingFromItsCompletion() throws IOException {
        byte[] data = new byte[1_000_000];
        new Random(3).nextBytes(data);
        Path p = Files.write(dir.resolve("f"), data);
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, p, OpenOptions.readOnly()));
            ChunkReader reader = new ChunkReader(f, Buffer.allocate(4096));
            reader.next();
            assertThat(loop.blockOn(reader.done)).isEqualTo(data);
            assertThat(reader.completions).isEqualTo(1_000_000 / 4096 + 2);
            assertThat(loop.inFlight()).isZero();
            loop.blockOn(f.close());
        }
    }

    @Test
    void sixtyFourReusedOperationsInterleave() throws IOException {
        byte[] data = new byte[256 * 1024];
        new Random(4).nextBytes(data);
        Path p = Files.write(dir.resolve("f"), data);
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, p, OpenOptions.readOnly()));
            ChunkReader[] readers = new ChunkReader[64];
            for (int i = 0; i < readers.length; i++) {
                readers[i] = new ChunkReader(f, Buffer.allocate(1000 + i));
                readers[i].next();
            }
            for (ChunkReader r : readers) {
                assertThat(loop.blockOn(r.done)).isEqualTo(data);
            }
            assertThat(loop.inFlight()).isZero();
            loop.blockOn(f.close());
        }
    }
}
