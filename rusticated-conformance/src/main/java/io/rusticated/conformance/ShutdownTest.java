package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopClosedException;
import io.rusticated.rt.Ops;
import io.rusticated.rt.FutureOperation;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Closing a loop with work in flight: everything settles, every buffer comes back, nothing hangs. */
class ShutdownTest {
    /**
     * How long a dedicated loop's work may take to settle after close. Not a speed bound: a close
     * that fails to settle something leaves it in flight for good (the drain gives up, the
     * operation stays unsettled), which the checks of every future, buffer and inFlight() catch.
     */
    private static final long SETTLE_LIMIT_NANOS = Await.LIMIT.toNanos();

    @TempDir
    Path dir;

    private Path data() throws IOException {
        return Files.write(dir.resolve("data"), new byte[1 << 20]);
    }

    /** Work of every kind: reads that never get data, long timers, file reads. */
    private record Work(List<CompletableFuture<?>> futures, List<Buffer> buffers) {
        Work() {
            this(new ArrayList<>(), new ArrayList<>());
        }

        void submit(EventLoop loop, TestPipe pipe, File file) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe"));
            for (int i = 0; i < 20; i++) {
                Buffer b = Buffer.allocate(256);
                buffers.add(b);
                futures.add(in.read(b).toCompletableFuture());
            }
            for (int i = 0; i < 20; i++) {
                futures.add(Time.sleepUntil(loop, System.nanoTime() + TimeUnit.HOURS.toNanos(1)).toCompletableFuture());
            }
            for (int i = 0; i < 50; i++) {
                Buffer b = Buffer.allocate(16 * 1024);
                buffers.add(b);
                futures.add(file.readAt(b, i * 16L * 1024).toCompletableFuture());
            }
        }

        /**
         * Every future is done, with a result, a cancellation, or (for work still queued to the
         * loop when it closed, which never reached the kernel) {@link LoopClosedException}.
         */
        void assertAllSettled(boolean allStarted) {
            for (CompletableFuture<?> f : futures) {
                assertThat(f).isDone();
                try {
                    f.join();
                } catch (CancellationException e) {
                    // cancelled by the close: fine
                } catch (java.util.concurrent.CompletionException e) {
                    assertThat(e.getCause()).isInstanceOfAny(CancellationException.class, LoopClosedException.class);
                }
            }
            for (Buffer b : buffers) {
                assertThat(b.isLent()).isFalse();
            }
            for (CompletableFuture<?> read : futures.subList(0, 20)) {
                assertThat(read).as("a read that never got data cannot succeed").isCompletedExceptionally();
                if (allStarted) {
                    assertThat(read).as("in flight at close, so cancelled").isCancelled();
                }
            }
        }
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void closeOnTheLoopThreadSettlesEverythingInFlight() throws IOException {
        Path data = data();
        EventLoop loop = EventLoop.open();
        try (TestPipe pipe = TestPipe.open()) {
            File file = loop.blockOn(File.open(loop, data, OpenOptions.readOnly()));
            Work work = new Work();
            work.submit(loop, pipe, file);
            loop.runNow();
            assertThat(loop.inFlight()).isPositive();

            loop.close();
            assertThat(loop.isClosed()).isTrue();
            assertThat(loop.inFlight()).isZero();
            work.assertAllSettled(true);

            Buffer late = Buffer.allocate(16);
            CompletableFuture<Integer> after = file.readAt(late, 0).toCompletableFuture();
            assertThat(after).isCompletedExceptionally();
            assertThatThrownBy(after::join).hasCauseInstanceOf(LoopClosedException.class);
            assertThat(late.isLent()).isFalse();
            FutureOperation<Void> nop = Ops.done();
            loop.submit(nop.prepareNop());
            assertThatThrownBy(() -> nop.future().join()).hasCauseInstanceOf(LoopClosedException.class);
            assertThat(Time.sleepUntil(loop, System.nanoTime()).toCompletableFuture()).isCompletedExceptionally();
            assertThat(file.close().toCompletableFuture()).as("a file outlives its loop and still closes").succeedsWithin(Duration.ofSeconds(5));
        }
        // The thread may open a new loop once the old one is closed.
        try (EventLoop next = EventLoop.open()) {
            assertThat(next).isNotSameAs(loop);
        }
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void closeFromAnotherThreadSettlesADedicatedLoopsWork() throws Exception {
        closeDedicatedLoop(true);
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void closeRacingWithSubmissionsStillSettlesEverything() throws Exception {
        closeDedicatedLoop(false);
    }

    private void closeDedicatedLoop(boolean waitUntilStarted) throws Exception {
        Path data = data();
        EventLoop loop = EventLoop.startThread("shutdown-loop");
        try (TestPipe pipe = TestPipe.open()) {
            File file = File.open(loop, data, OpenOptions.readOnly()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            Work work = new Work();
            work.submit(loop, pipe, file);
            if (waitUntilStarted) {
                // Tasks run in order with submissions: once this one ran, every operation was started.
                CompletableFuture<Void> started = new CompletableFuture<>();
                loop.execute(() -> started.complete(null));
                started.get(10, TimeUnit.SECONDS);
                assertThat(loop.inFlight()).isPositive();
            }

            loop.close();
            for (CompletableFuture<?> f : work.futures()) {
                try {
                    f.get(SETTLE_LIMIT_NANOS, TimeUnit.NANOSECONDS);
                } catch (CancellationException | ExecutionException e) {
                    // settled
                }
            }
            assertThat(loop.isClosed()).isTrue();
            work.assertAllSettled(waitUntilStarted);
            assertThat(loop.inFlight()).isZero();

            Buffer late = Buffer.allocate(16);
            CompletableFuture<Integer> after = file.readAt(late, 0).toCompletableFuture();
            assertThatThrownBy(() -> after.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(LoopClosedException.class);
            assertThat(late.isLent()).isFalse();
            assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(LoopClosedException.class);
            assertThat(file.close().toCompletableFuture()).as("a file outlives its loop and still closes").succeedsWithin(Duration.ofSeconds(5));
        }
    }

    @Test
    @Needs(Feature.THREADS)
    void closingTwiceIsHarmless() {
        EventLoop loop = EventLoop.open();
        loop.close();
        loop.close();
        assertThat(loop.isClosed()).isTrue();
        assertThatThrownBy(() -> loop.execute(() -> { })).isInstanceOf(LoopClosedException.class);
        EventLoop dedicated = EventLoop.startThread("close-twice");
        dedicated.close();
        dedicated.close();
        assertThat(dedicated.isClosed()).isTrue();
        assertThatThrownBy(() -> dedicated.execute(() -> { })).isInstanceOf(LoopClosedException.class);
    }
}
