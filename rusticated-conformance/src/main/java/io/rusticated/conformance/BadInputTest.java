package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Bad arguments fail at once with a clear exception, and nothing is left lent or in flight. */
class BadInputTest {
    @TempDir
    Path dir;

    @Test
    void nulInAPathIsRejectedBeforeAnySystemCall() {
        try (EventLoop loop = EventLoop.open()) {
            assertThatThrownBy(() -> NativePath.of(dir + "/a\0b")).isInstanceOf(InvalidPathException.class);
            // The JDK's own Path refuses NUL too, so no Path with one can reach the file API.
            assertThatThrownBy(() -> Fs.metadata(Path.of("a\0b"))).isInstanceOf(InvalidPathException.class);
            FutureOperation<Void> op = Ops.done();
            assertThatThrownBy(() -> op.prepareMkdir(NativePath.of("x\0"), 0777)).isInstanceOf(InvalidPathException.class);
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void negativeOffsetsAreRejected() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "abc");
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, p, OpenOptions.readOnly().withWrite(true)));
            Buffer b = Buffer.allocate(8);
            assertThatThrownBy(() -> f.readAt(b, -2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
            assertThatThrownBy(() -> f.writeAt(Buffer.of("x"), -5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> f.setLength(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(b.isLent()).isFalse();
            assertThat(loop.inFlight()).isZero();
            loop.blockOn(f.close());
        }
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void aBufferInFlightCannotBeHandedInAgain() {
        try (EventLoop loop = EventLoop.open(); TestPipe pipe = TestPipe.open()) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe"));
            File out = File.fromHandle(loop, pipe.writeHandle, Path.of("pipe"));
            Buffer b = Buffer.allocate(64);
            CompletableFuture<Integer> first = in.read(b).toCompletableFuture();
            assertThatThrownBy(() -> in.read(b)).isInstanceOf(IllegalStateException.class).hasMessageContaining("lent");
            assertThatThrownBy(() -> out.write(b)).isInstanceOf(IllegalStateException.class);
            assertThat(loop.inFlight()).isEqualTo(1);
            pipe.write("data".getBytes(StandardCharsets.US_ASCII));
            assertThat(loop.blockOn(first)).isEqualTo(4);
            assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("data");
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void readingIntoAFullBufferIsRejected() throws IOException {
        Path p = Files.writeString(dir.resolve("f"), "abc");
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, p, OpenOptions.readOnly()));
            Buffer full = Buffer.of("full");
            assertThatThrownBy(() -> f.readAt(full, 0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("spare");
            assertThatThrownBy(() -> f.read(Buffer.allocate(0))).isInstanceOf(IllegalArgumentException.class);
            assertThat(full.isLent()).isFalse();
            assertThat(loop.inFlight()).isZero();
            loop.blockOn(f.close());
        }
    }

    @Test
    void openOptionsWithoutReadOrWriteAreRejected() {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("never-created");
            assertThatThrownBy(() -> File.open(loop, p, OpenOptions.options())).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> File.open(loop, p, OpenOptions.readOnly().withCreate(true))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> File.open(loop, p, OpenOptions.options().withAppend(true).withTruncate(true)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(Files.exists(p)).isFalse();
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void anOperationInFlightCannotBePreparedOrSubmittedAgain() {
        try (EventLoop loop = EventLoop.open(); TestPipe pipe = TestPipe.open()) {
            FutureOperation<Integer> op = Ops.count();
            Buffer b = Buffer.allocate(8);
            loop.submit(op.prepareRead(pipe.readHandle, b, -1));
            assertThatThrownBy(() -> loop.submit(op)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(op::prepareNop).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> op.future().complete(1)).isInstanceOf(UnsupportedOperationException.class);
            pipe.write(new byte[] {1, 2});
            assertThat(loop.blockOn(op.future())).isEqualTo(2);
        }
    }
}
