package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Moving more data through a pipe than it buffers, writer and reader on one loop: the writer sees
 * short writes and must go on from where it stopped, the reader sees data in pieces and then the
 * end of input. Nothing may deadlock.
 */
@Needs({Feature.PIPES, Feature.THREADS})
class PipeTransferTest {
    private static CompletionStage<byte[]> readToEnd(File in, Buffer b, ByteArrayOutputStream out) {
        b.clear();
        return in.read(b).thenCompose(n -> {
            if (n == 0) {
                return CompletableFuture.completedFuture(out.toByteArray());
            }
            out.writeBytes(b.toByteArray());
            return readToEnd(in, b, out);
        });
    }

    @Test
    void fourMegabytesThroughAPipe() {
        byte[] data = new byte[4 << 20];
        new Random(11).nextBytes(data);
        try (EventLoop loop = EventLoop.open(); TestPipe pipe = TestPipe.open()) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe-in"));
            File out = File.fromHandle(loop, pipe.writeHandle, Path.of("pipe-out"));
            CompletableFuture<byte[]> received = readToEnd(in, Buffer.allocate(10_000), new ByteArrayOutputStream()).toCompletableFuture();
            Buffer all = Buffer.of(data);
            CompletableFuture<Void> sent = out.writeAll(all).toCompletableFuture()
                    .whenComplete((v, e) -> pipe.closeWriteEnd());
            loop.blockOn(sent);
            assertThat(all.isEmpty()).isTrue();
            assertThat(loop.blockOn(received)).isEqualTo(data);
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void aSingleWriteLargerThanThePipeIsShortOrWhole() {
        try (EventLoop loop = EventLoop.open(); TestPipe pipe = TestPipe.open()) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe-in"));
            File out = File.fromHandle(loop, pipe.writeHandle, Path.of("pipe-out"));
            Buffer big = Buffer.of(new byte[1 << 20]);
            CompletableFuture<Integer> write = out.write(big).toCompletableFuture();
            CompletableFuture<byte[]> received = readToEnd(in, Buffer.allocate(1 << 16), new ByteArrayOutputStream()).toCompletableFuture();
            int n = loop.blockOn(write);
            assertThat(n).isBetween(1, 1 << 20);
            assertThat(big.length()).as("a write leaves the buffer as it was").isEqualTo(1 << 20);
            pipe.closeWriteEnd();
            assertThat(loop.blockOn(received)).hasSize(n);
        }
    }
}
