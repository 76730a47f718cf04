package io.rusticated.linux.reliability;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.linux.Libc;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.LoopClosedException;
import io.rusticated.rt.Ops;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Closing a loop with thousands of operations in flight completes every one (with its result or
 * a cancellation), gives every buffer back, and neither crashes nor hangs.
 */
class ShutdownUnderLoadTest {
    @TempDir
    Path dir;

    @Test
    void closeWithThousandsInFlight() throws Exception {
        Path data = dir.resolve("data");
        Files.write(data, new byte[1 << 20]);
        int[] pipe = Native.pipe();
        EventLoop loop = EventLoop.startThread("shutdown-loop");
        List<CompletableFuture<?>> futures = new ArrayList<>();
        List<Buffer> buffers = new ArrayList<>();
        try {
            File file = File.open(loop, data, io.rusticated.fs.OpenOptions.readOnly()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            File pipeRead = File.fromHandle(loop, pipe[0], Path.of("pipe"));
            for (int i = 0; i < 2000; i++) {
                Buffer b = Buffer.allocate(256);
                buffers.add(b);
                futures.add(pipeRead.read(b).toCompletableFuture());
                Buffer fb = Buffer.allocate(4096);
                buffers.add(fb);
                futures.add(file.readAt(fb, (long) (i % 256) * 4096).toCompletableFuture());
            }
            for (int i = 0; i < 1000; i++) {
                FutureOperation<Void> sleep = Ops.done();
                sleep.prepareSleep(System.nanoTime() + TimeUnit.MINUTES.toNanos(10));
                loop.submit(sleep);
                futures.add(sleep.future());
            }
            long start = System.nanoTime();
            loop.close();
            CompletableFuture.allOf(futures.stream().map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new))
                    .get(15, TimeUnit.SECONDS);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
            int cancelled = 0;
            for (CompletableFuture<?> f : futures) {
                assertThat(f).isDone();
                if (f.isCompletedExceptionally()) {
                    Throwable cause = cause(f);
                    assertThat(cause).isInstanceOfAny(CancellationException.class, LoopClosedException.class);
                    cancelled++;
                }
            }
            assertThat(cancelled).as("pipe reads and sleeps are cancelled").isGreaterThanOrEqualTo(3000);
            for (Buffer b : buffers) {
                assertThat(b.isLent()).isFalse();
            }
            assertThat(loop.inFlight()).isZero();
            assertThat(loop.isClosed()).isTrue();
            // After close: a clear error, on the calling thread.
            FutureOperation<Void> late = Ops.done();
            late.prepareNop();
            loop.submit(late);
            assertThatThrownBy(() -> late.future().join()).hasCauseInstanceOf(LoopClosedException.class);
            assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(LoopClosedException.class);
            assertThatThrownBy(() -> Time.sleepUntil(loop, System.nanoTime()).toCompletableFuture().join())
                    .hasCauseInstanceOf(LoopClosedException.class);
        } finally {
            Libc.close(pipe[0]);
            Libc.close(pipe[1]);
        }
    }

    private static Throwable cause(CompletableFuture<?> f) {
        try {
            f.join();
            return null;
        } catch (CompletionException e) {
            return e.getCause();
        } catch (CancellationException e) {
            return e;
        }
    }
}
