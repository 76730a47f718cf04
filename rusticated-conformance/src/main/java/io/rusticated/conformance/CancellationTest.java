package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cancelling a read that the kernel holds: the buffer stays lent until the kernel's own completion,
 * and only then does the future settle.
 */
class CancellationTest {
    private static final int CAPACITY = 4096;
    private static final int FILLED = 16;

    /** A buffer whose every byte, filled part and spare alike, is a known guard pattern. */
    private static Buffer guarded() {
        Buffer b = Buffer.allocate(CAPACITY);
        byte[] guard = new byte[CAPACITY];
        for (int i = 0; i < CAPACITY; i++) {
            guard[i] = (byte) (0xA5 ^ i);
        }
        b.append(guard);
        return b.setLength(FILLED);
    }

    private static void assertGuardIntact(Buffer b) {
        b.setLength(CAPACITY);
        for (int i = 0; i < CAPACITY; i++) {
            assertThat(b.get(i)).as("guard byte %d", i).isEqualTo((byte) (0xA5 ^ i));
        }
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void cancelledPipeReadReturnsTheUntouchedBufferOnlyWithItsCompletion() {
        try (EventLoop loop = EventLoop.open(); TestPipe pipe = TestPipe.open()) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe"));
            Buffer b = guarded();
            CompletableFuture<Integer> read = in.read(b).toCompletableFuture();
            loop.runNow(); // the kernel now holds the read
            assertThat(read).isNotDone();
            assertThat(loop.inFlight()).isEqualTo(1);
            assertThat(b.isLent()).isTrue();
            assertThatThrownBy(b::length).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> b.get(0)).isInstanceOf(IllegalStateException.class);

            assertThat(read.cancel(true)).isTrue();
            // Cancelling asks the kernel; until it answers, the memory is still the kernel's.
            assertThat(b.isLent()).isEqualTo(!read.isDone());
            if (!read.isDone()) {
                assertThatThrownBy(b::length).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(b::toByteArray).isInstanceOf(IllegalStateException.class);
            }

            Throwable t = Failures.of(loop, read);
            assertThat(t).isInstanceOf(CancellationException.class);
            assertThat(read.isCancelled()).isTrue();
            assertThat(b.isLent()).isFalse();
            assertThat(b.length()).as("nothing read").isEqualTo(FILLED);
            assertGuardIntact(b);
            assertThat(loop.inFlight()).isZero();

            // The pipe still works: a new read gets data written later.
            Buffer again = Buffer.allocate(16);
            CompletableFuture<Integer> next = in.read(again).toCompletableFuture();
            pipe.write("after".getBytes(StandardCharsets.US_ASCII));
            assertThat(loop.blockOn(next)).isEqualTo(5);
            assertThat(again.toString(StandardCharsets.US_ASCII)).isEqualTo("after");
        }
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void cancelBeforeTheLoopRanItStillCompletesOnce() {
        try (EventLoop loop = EventLoop.open(); TestPipe pipe = TestPipe.open()) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe"));
            Buffer b = guarded();
            CompletableFuture<Integer> read = in.read(b).toCompletableFuture();
            read.cancel(false); // the read may not even have reached the kernel yet
            assertThat(Failures.of(loop, read)).isInstanceOf(CancellationException.class);
            assertThat(b.isLent()).isFalse();
            assertGuardIntact(b);
            assertThat(loop.inFlight()).isZero();
            assertThat(read.cancel(true)).as("a settled future cannot be cancelled again").isFalse();
        }
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void cancelFromAnotherThreadOnADedicatedLoop() throws Exception {
        EventLoop loop = EventLoop.startThread("cancel-test-loop");
        try (TestPipe pipe = TestPipe.open()) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe"));
            Buffer[] buffers = new Buffer[50];
            CompletableFuture<?>[] reads = new CompletableFuture<?>[buffers.length];
            for (int i = 0; i < buffers.length; i++) {
                buffers[i] = guarded();
                reads[i] = in.read(buffers[i]).toCompletableFuture();
            }
            for (CompletableFuture<?> r : reads) {
                r.cancel(true);
            }
            for (int i = 0; i < reads.length; i++) {
                CompletableFuture<?> r = reads[i];
                assertThatThrownBy(() -> r.get(10, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
                assertThat(buffers[i].isLent()).isFalse();
                assertGuardIntact(buffers[i]);
            }
            assertThat(loop.inFlight()).isZero();
        } finally {
            loop.close();
        }
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void cancelRacingWithDataEitherReadsOrCancelsNeverBoth() {
        try (EventLoop loop = EventLoop.open(); TestPipe pipe = TestPipe.open()) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe"));
            int read = 0;
            int cancelled = 0;
            for (int i = 0; i < 200; i++) {
                Buffer b = Buffer.allocate(64);
                CompletableFuture<Integer> f = in.read(b).toCompletableFuture();
                loop.runNow();
                byte[] msg = ("m" + i).getBytes(StandardCharsets.US_ASCII);
                pipe.write(msg);
                f.cancel(true);
                Throwable t = loop.blockOn(f.handle((v, e) -> e));
                assertThat(b.isLent()).isFalse();
                if (t == null) {
                    read++;
                    assertThat(f.join()).isEqualTo(msg.length);
                    assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("m" + i);
                } else {
                    cancelled++;
                    assertThat(Failures.unwrap(t)).isInstanceOf(CancellationException.class);
                    assertThat(b.length()).isZero();
                    // The message is still in the pipe: read it so the next round starts empty.
                    Buffer drain = Buffer.allocate(64);
                    assertThat(loop.blockOn(in.read(drain))).isEqualTo(msg.length);
                    assertThat(drain.toString(StandardCharsets.US_ASCII)).isEqualTo("m" + i);
                }
            }
            assertThat(read + cancelled).isEqualTo(200);
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void timeoutCancelsTheReadAndFailsOnceTheBufferIsBack() {
        try (EventLoop loop = EventLoop.open(); TestPipe pipe = TestPipe.open()) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe"));
            Buffer b = guarded();
            long start = System.nanoTime();
            Throwable t = Failures.of(loop, Time.timeout(in.read(b), Duration.ofMillis(50)));
            assertThat(t).isInstanceOf(TimeoutException.class);
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
            assertThat(b.isLent()).isFalse();
            assertGuardIntact(b);
            assertThat(loop.inFlight()).isZero();

            Buffer quick = Buffer.allocate(8);
            CompletableFuture<Integer> within = Time.timeout(in.read(quick), Duration.ofSeconds(10)).toCompletableFuture();
            pipe.write("ok".getBytes(StandardCharsets.US_ASCII));
            assertThat(loop.blockOn(within)).isEqualTo(2);
            loop.runNow();
            assertThat(loop.inFlight()).as("the timer was cancelled").isZero();
        }
    }

    @Test
    void guardPatternHelperDetectsAWrite() {
        Buffer b = guarded();
        b.memory().set(ValueLayout.JAVA_BYTE, 100, (byte) 0);
        assertThatThrownBy(() -> assertGuardIntact(b)).isInstanceOf(AssertionError.class);
    }
}
