package io.rusticated.linux.reliability;

import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.io.Buffer;
import io.rusticated.linux.Libc;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 100 000 reads on pipes and files, each cancelled at a random moment: before submission, while
 * in flight, or after completion. Every buffer comes back exactly once, nothing is written into
 * a buffer after it came back, no registry slot leaks, and an open completed after a cancel
 * leaves no descriptor behind.
 */
class CancellationRaceTest {
    private static final byte GUARD = (byte) 0xA5;
    private static final int BUFFERS = 512;
    private static final int SIZE = 512;

    @TempDir
    Path dir;

    private enum Moment { BEFORE_SUBMIT, IN_FLIGHT, AFTER_COMPLETION }

    @Test
    void hundredThousandReadsCancelledAtRandomMomentsEachBufferBackOnce() throws Exception {
        Path patternFile = dir.resolve("pattern");
        byte[] pattern = new byte[1 << 20];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 31 + 7);
        }
        java.nio.file.Files.write(patternFile, pattern);
        int[] pipe = Native.pipe();
        Random rnd = new Random(20261122);
        int total = 100_000;
        int cancelled = 0;
        int completed = 0;
        try (EventLoop loop = EventLoop.open()) {
            File file = loop.blockOn(File.open(patternFile));
            File pipeRead = File.fromHandle(loop, pipe[0], Path.of("pipe"));
            Buffer[] buffers = new Buffer[BUFFERS];
            for (int i = 0; i < BUFFERS; i++) {
                buffers[i] = Buffer.allocate(SIZE);
            }
            for (int done = 0; done < total; done += BUFFERS) {
                int[] deliveries = new int[BUFFERS];
                List<CompletableFuture<Integer>> futures = new ArrayList<>(BUFFERS);
                Moment[] moments = new Moment[BUFFERS];
                boolean[] onPipe = new boolean[BUFFERS];
                long[] offsets = new long[BUFFERS];
                for (int i = 0; i < BUFFERS; i++) {
                    Buffer b = buffers[i];
                    b.clear();
                    b.memory().fill(GUARD);
                    moments[i] = Moment.values()[rnd.nextInt(3)];
                    onPipe[i] = moments[i] != Moment.AFTER_COMPLETION && rnd.nextBoolean();
                    offsets[i] = rnd.nextInt(pattern.length - SIZE);
                    FutureOperation<Integer> op = Ops.count();
                    op.prepareRead(onPipe[i] ? pipeRead.handle() : file.handle(), b, onPipe[i] ? -1 : offsets[i]);
                    int index = i;
                    op.future().whenComplete((n, e) -> deliveries[index]++);
                    if (moments[i] == Moment.BEFORE_SUBMIT) {
                        op.cancel();
                    }
                    loop.submit(op);
                    if (moments[i] == Moment.IN_FLIGHT) {
                        op.future().cancel(false);
                    }
                    futures.add(op.future());
                }
                loop.blockOn(CompletableFuture.allOf(futures.stream()
                        .map(f -> f.handle((n, e) -> null)).toArray(CompletableFuture[]::new)));
                for (int i = 0; i < BUFFERS; i++) {
                    CompletableFuture<Integer> f = futures.get(i);
                    if (moments[i] == Moment.AFTER_COMPLETION) {
                        assertThat(f.cancel(false)).as("cancel after completion").isFalse();
                    }
                    assertThat(deliveries[i]).as("deliveries of read %d", i).isEqualTo(1);
                    Buffer b = buffers[i];
                    assertThat(b.isLent()).isFalse();
                    if (f.isCompletedExceptionally()) {
                        assertThat(catchCause(f)).isInstanceOf(CancellationException.class);
                        assertThat(b.length()).isZero();
                        assertGuard(b.memory(), 0, "cancelled read %d", i);
                        cancelled++;
                    } else {
                        int n = f.join();
                        assertThat(onPipe[i]).as("a pipe read with no data cannot complete").isFalse();
                        assertThat(b.length()).isEqualTo(n);
                        for (int k = 0; k < n; k++) {
                            assertThat(b.get(k)).isEqualTo(pattern[(int) offsets[i] + k]);
                        }
                        assertGuard(b.memory(), n, "completed read %d", i);
                        completed++;
                    }
                }
                assertThat(loop.inFlight()).as("registry slots after a batch").isZero();
            }
            // Bytes written now must stay in the pipe: no cancelled read may still consume them.
            byte[] late = {1, 2, 3, 4, 5, 6, 7, 8};
            Native.writeBytes(pipe[1], late);
            loop.blockOn(io.rusticated.time.Time.sleep(java.time.Duration.ofMillis(20)));
            for (Buffer b : buffers) {
                assertGuard(b.memory(), b.length(), "buffer after the run");
            }
            assertThat(Native.readBytes(pipe[0], 64)).containsExactly(late);
            loop.blockOn(file.close());
        } finally {
            Libc.close(pipe[0]);
            Libc.close(pipe[1]);
        }
        assertThat(cancelled + completed).isEqualTo(total + (BUFFERS - total % BUFFERS) % BUFFERS);
        assertThat(cancelled).isGreaterThan(total / 4);
    }

    @Test
    void anOpenCompletedAfterItsCancelLeavesNoDescriptor() throws Exception {
        Path target = dir.resolve("opened");
        java.nio.file.Files.writeString(target, "x");
        try (EventLoop loop = EventLoop.open()) {
            int before = Native.openFdCount();
            List<CompletableFuture<File>> opens = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                CompletableFuture<File> f = File.open(target).toCompletableFuture();
                f.cancel(false);
                opens.add(f);
            }
            loop.blockOn(CompletableFuture.allOf(opens.stream().map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new)));
            List<File> survivors = new ArrayList<>();
            for (CompletableFuture<File> f : opens) {
                if (!f.isCompletedExceptionally()) {
                    survivors.add(f.join());
                } else {
                    assertThat(catchCause(f)).isInstanceOf(CancellationException.class);
                }
            }
            for (File f : survivors) {
                loop.blockOn(f.close());
            }
            assertThat(Native.openFdCount()).as("descriptors after 2000 cancelled opens").isLessThanOrEqualTo(before);
            assertThat(loop.inFlight()).isZero();
        }
    }

    private static void assertGuard(MemorySegment m, long from, String what, Object... args) {
        for (long k = from; k < m.byteSize(); k++) {
            if (m.get(ValueLayout.JAVA_BYTE, k) != GUARD) {
                throw new AssertionError(String.format(what, args) + ": byte " + k + " was written after the buffer came back");
            }
        }
    }

    private static Throwable catchCause(CompletableFuture<?> f) {
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
