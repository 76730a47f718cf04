package io.rusticated.conformance;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.DirReader;
import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.process.Command;
import io.rusticated.process.Pipe;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Closing a handle the API owns (a {@link File}, a {@link DirReader}, a pipe end) while operations
 * are in flight on it: they fail with {@link AsynchronousCloseException} (or complete, if the OS
 * finished first) and give their buffers back untouched; the handle is closed only after the last
 * of them completed, and the close's stage says when; later calls fail with
 * {@link ClosedChannelException}. Closing early must never let an operation reach another file
 * that reused the handle's number.
 */
class CloseInFlightTest {
    private static final int GUARD = 0x5A;

    @TempDir
    Path dir;

    private static Buffer guarded(int capacity) {
        Buffer b = Buffer.allocate(capacity);
        b.memory().fill((byte) GUARD);
        return b;
    }

    private static void assertUntouched(Buffer b) {
        assertThat(b.isLent()).isFalse();
        assertThat(b.length()).as("nothing read into it").isZero();
        MemorySegment m = b.memory();
        for (long i = 0; i < m.byteSize(); i++) {
            if (m.get(ValueLayout.JAVA_BYTE, i) != GUARD) {
                throw new AssertionError("byte " + i + " of a read failed by close was written");
            }
        }
    }

    /** Records the order in which the reads and the close completed. */
    private static void recordEnd(CompletionStage<?> stage, List<String> order, String name) {
        stage.whenComplete((v, e) -> order.add(name));
    }

    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void closingAFileFailsItsReadsThenClosesTheHandle() {
        try (EventLoop loop = EventLoop.open(); TestPipe pipe = TestPipe.open()) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe"));
            List<String> order = new ArrayList<>();
            List<Buffer> buffers = new ArrayList<>();
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Buffer b = guarded(64);
                buffers.add(b);
                CompletableFuture<Integer> r = in.read(b).toCompletableFuture();
                recordEnd(r, order, "read");
                reads.add(r);
            }
            loop.runNow();
            assertThat(reads).noneMatch(CompletableFuture::isDone);

            CompletableFuture<Void> closed = in.close().toCompletableFuture();
            recordEnd(closed, order, "closed");
            assertThat(in.isOpen()).isFalse();
            Buffer late = guarded(8);
            assertThat(Failures.of(loop, in.read(late))).as("a read asked while closing").isInstanceOf(ClosedChannelException.class);
            assertUntouched(late);
            Await.on(loop, closed);

            for (int i = 0; i < reads.size(); i++) {
                assertThat(Failures.of(loop, reads.get(i))).isInstanceOf(AsynchronousCloseException.class);
                assertUntouched(buffers.get(i));
            }
            assertThat(order).as("the handle closes after the last read completed").containsExactly("read", "read", "read", "read", "closed");
            assertThatThrownBy(() -> pipe.write("x")).as("the read end is really closed: nobody reads")
                    .hasRootCauseInstanceOf(IOException.class);
            assertThat(Failures.of(loop, in.read(Buffer.allocate(8)))).isInstanceOf(ClosedChannelException.class);
            assertThat(Failures.of(loop, in.write(Buffer.of("x")))).isInstanceOf(ClosedChannelException.class);
            assertThat(in.close().toCompletableFuture()).as("closing again").isDone();
            Await.idle(loop);
        }
    }

    /**
     * A file's sequential reads run one at a time: when it closes, the running one fails with
     * AsynchronousCloseException and so do those still waiting their turn.
     */
    @Test
    @Needs(Feature.POSIX_SHELL)
    void closingAFileFailsItsWaitingSequentialReadsToo() throws IOException {
        Path fifo = dir.resolve("fifo");
        try (EventLoop loop = EventLoop.open()) {
            assertThat(Await.on(loop, Command.of("mkfifo", fifo.toString()).spawn(loop).waitExit()).success()).isTrue();
            // Read and write: the open does not wait for a writer, and reads wait for data that never comes.
            File f = Await.on(loop, File.open(loop, fifo, OpenOptions.readOnly().withWrite(true)));
            List<Buffer> buffers = new ArrayList<>();
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Buffer b = guarded(16);
                buffers.add(b);
                reads.add(f.read(b).toCompletableFuture());
            }
            loop.runNow();
            assertThat(buffers).as("waiting requests hold their buffers too").allMatch(Buffer::isLent);
            Await.on(loop, f.close());
            for (int i = 0; i < reads.size(); i++) {
                assertThat(Failures.of(loop, reads.get(i))).as("read %d", i).isInstanceOf(AsynchronousCloseException.class);
                assertUntouched(buffers.get(i));
            }
            assertThat(Failures.of(loop, f.read(Buffer.allocate(8)))).isInstanceOf(ClosedChannelException.class);
            Await.idle(loop);
        }
    }

    /** A directory listing in flight when its reader closes completes first (or fails as closed); the handle closes after. */
    @Test
    void closingADirReaderWaitsForTheBatchInFlight() throws IOException {
        Path d = Files.createDirectory(dir.resolve("many"));
        for (int i = 0; i < 500; i++) {
            Files.createFile(d.resolve("entry-" + i));
        }
        try (EventLoop loop = EventLoop.open()) {
            for (int round = 0; round < 20; round++) {
                DirReader r = Await.on(loop, Fs.readDir(d));
                List<String> order = new ArrayList<>();
                CompletableFuture<List<DirEntry>> batch = r.nextBatch().toCompletableFuture();
                recordEnd(batch, order, "batch");
                CompletableFuture<Void> closed = r.close().toCompletableFuture();
                recordEnd(closed, order, "closed");
                Await.on(loop, closed);
                assertThat(order).containsExactly("batch", "closed");
                Throwable failure = loop.blockOn(batch.handle((v, e) -> e));
                if (failure != null) {
                    assertThat(Failures.unwrap(failure)).isInstanceOf(AsynchronousCloseException.class);
                } else {
                    assertThat(batch.join()).isNotEmpty();
                }
                assertThat(Failures.of(loop, r.nextBatch())).isInstanceOf(ClosedChannelException.class);
            }
            Await.idle(loop);
        }
    }

    /**
     * Closing a pipe's reader fails its read; closing its writer fails a write waiting for room,
     * having written nothing of it. What the reader then gets is exactly what the writes that
     * completed said they wrote, and then the end of input.
     */
    @Test
    @Needs(Feature.PIPES)
    void closingPipeEndsFailsWhatWaitsOnThem() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Pipe unread = Pipe.open(loop);
            Buffer b = guarded(32);
            CompletableFuture<Integer> read = unread.reader().read(b).toCompletableFuture();
            loop.runNow();
            Await.on(loop, unread.reader().close());
            assertThat(Failures.of(loop, read)).isInstanceOf(AsynchronousCloseException.class);
            assertUntouched(b);
            assertThat(Failures.of(loop, unread.reader().read(Buffer.allocate(8)))).isInstanceOf(ClosedChannelException.class);
            assertThat(Failures.of(loop, unread.writer().write(Buffer.of("nobody reads")))).as("the read end is gone")
                    .isInstanceOf(IOException.class).isNotInstanceOf(ClosedChannelException.class);
            Await.on(loop, unread.writer().close());

            Pipe full = Pipe.open(loop);
            int filled = 0;
            CompletableFuture<Integer> blocked;
            for (;;) {
                // Write until a write waits for room: the pipe is full. A write with room completes
                // within a turn or two; one still pending after 20 ms of the loop running waits.
                blocked = full.writer().write(Buffer.of(new byte[64 * 1024])).toCompletableFuture();
                loop.runNow();
                loop.runNow();
                if (!blocked.isDone()) {
                    loop.blockOn(Time.sleep(Duration.ofMillis(20)));
                }
                if (!blocked.isDone()) {
                    break;
                }
                filled += blocked.join();
            }
            Await.on(loop, full.writer().close());
            assertThat(Failures.of(loop, blocked)).isInstanceOf(AsynchronousCloseException.class);
            byte[] got = Await.on(loop, full.reader().readAll());
            assertThat(got).as("what the completed writes wrote, and nothing of the failed one").hasSize(filled);
            Await.on(loop, full.reader().close());
            Await.idle(loop);
        }
    }

    /** close() from another thread than the loop's: the reads in flight fail, and the close completes after them. */
    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void closingFromAnotherThread() throws Exception {
        EventLoop loop = EventLoop.startThread("close-in-flight-loop");
        try (TestPipe pipe = TestPipe.open()) {
            File in = File.fromHandle(loop, pipe.readHandle, Path.of("pipe"));
            List<String> order = new CopyOnWriteArrayList<>();
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                CompletableFuture<Integer> r = in.read(Buffer.allocate(16)).toCompletableFuture();
                recordEnd(r, order, "read");
                reads.add(r);
            }
            CompletableFuture<Void> started = new CompletableFuture<>();
            loop.execute(() -> started.complete(null));
            started.get(Await.LIMIT.toSeconds(), TimeUnit.SECONDS);
            CompletableFuture<Void> closed = in.close().toCompletableFuture();
            recordEnd(closed, order, "closed");
            closed.get(Await.LIMIT.toSeconds(), TimeUnit.SECONDS);
            for (CompletableFuture<Integer> r : reads) {
                assertThatThrownBy(() -> r.get(Await.LIMIT.toSeconds(), TimeUnit.SECONDS)).hasCauseInstanceOf(AsynchronousCloseException.class);
            }
            assertThat(order).hasSize(9).endsWith("closed");
        } finally {
            loop.close();
        }
    }

    /**
     * Files are opened, read at many offsets, and closed with those reads still in flight, while
     * other files open at once: an OS reuses the lowest free handle number, so a handle closed
     * before its last read ran would hand that read to the next file (a read on the blocking pool
     * runs pread on the number whenever a thread gets to it). Every read that succeeds has bytes
     * of its own file; every one that fails was failed by its file's close.
     */
    @Test
    void readsInFlightAtCloseNeverReachAFileThatReusedTheHandle() throws IOException {
        int files = 6;
        int size = 256 * 1024;
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < files; i++) {
            byte[] content = new byte[size];
            java.util.Arrays.fill(content, (byte) (i + 1));
            paths.add(Files.write(dir.resolve("file-" + i), content));
        }
        AtomicInteger succeeded = new AtomicInteger();
        AtomicInteger failedByClose = new AtomicInteger();
        List<String> wrong = new CopyOnWriteArrayList<>();
        try (EventLoop loop = EventLoop.open()) {
            SplittableRandom rnd = new SplittableRandom(7);
            int chains = 4;
            int rounds = 60;
            List<CompletableFuture<Void>> all = new ArrayList<>();
            for (int c = 0; c < chains; c++) {
                all.add(chain(loop, paths, c, rounds, rnd.split(), succeeded, failedByClose, wrong));
            }
            Await.on(loop, CompletableFuture.allOf(all.toArray(new CompletableFuture[0])));
            Await.idle(loop);
        }
        assertThat(wrong).as("reads that returned another file's bytes or failed otherwise").isEmpty();
        assertThat(succeeded.get() + failedByClose.get()).isEqualTo(4 * 60 * 32);
        assertThat(succeeded.get()).isPositive();
    }

    /** One chain: open the next file, start 32 reads, close it at once, and go on with the next file meanwhile. */
    private static CompletableFuture<Void> chain(EventLoop loop, List<Path> paths, int first, int rounds, SplittableRandom rnd,
                                                 AtomicInteger succeeded, AtomicInteger failedByClose, List<String> wrong) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        List<CompletableFuture<?>> pending = new CopyOnWriteArrayList<>();
        step(loop, paths, first, rounds, rnd, succeeded, failedByClose, wrong, pending, done);
        return done.thenCompose(v -> CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])));
    }

    private static void step(EventLoop loop, List<Path> paths, int index, int left, SplittableRandom rnd, AtomicInteger succeeded,
                             AtomicInteger failedByClose, List<String> wrong, List<CompletableFuture<?>> pending, CompletableFuture<Void> done) {
        if (left == 0) {
            done.complete(null);
            return;
        }
        int fileIndex = index % paths.size();
        byte expected = (byte) (fileIndex + 1);
        File.open(loop, paths.get(fileIndex), OpenOptions.readOnly()).whenComplete((f, e) -> {
            if (e != null) {
                done.completeExceptionally(e);
                return;
            }
            for (int i = 0; i < 32; i++) {
                Buffer b = Buffer.allocate(4096);
                long at = rnd.nextLong(256 * 1024 - 4096);
                pending.add(f.readAt(b, at).toCompletableFuture().handle((n, failure) -> {
                    if (failure != null) {
                        Throwable cause = Failures.unwrap(failure);
                        if (cause instanceof AsynchronousCloseException) {
                            failedByClose.incrementAndGet();
                        } else {
                            wrong.add("read of " + f + " at " + at + " failed: " + cause);
                        }
                    } else if (n != 4096 || !allBytesAre(b, expected)) {
                        wrong.add("read of " + f + " at " + at + " returned " + n + " bytes not all " + expected);
                    } else {
                        succeeded.incrementAndGet();
                    }
                    return null;
                }));
            }
            pending.add(f.close().toCompletableFuture());
            step(loop, paths, index + 1, left - 1, rnd, succeeded, failedByClose, wrong, pending, done);
        });
    }

    private static boolean allBytesAre(Buffer b, byte value) {
        MemorySegment m = b.filled();
        for (long i = 0; i < m.byteSize(); i++) {
            if (m.get(ValueLayout.JAVA_BYTE, i) != value) {
                return false;
            }
        }
        return true;
    }
}
