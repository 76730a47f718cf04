package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Operation;
import io.rusticated.rt.Ops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Pipes on whichever backend the run uses (the suite runs once on io_uring, once forced to epoll):
 * reads that wait, cancellation, many descriptors and many operations at once, end of file and
 * broken pipes. The other end is driven with plain blocking calls from another thread.
 */
@Needs({Feature.PIPES, Feature.THREADS})
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PipeIoTest {
    private static final Path PIPE = Path.of("pipe");

    @Test
    void readWaitsForDataWrittenLaterByAnotherThread() throws Exception {
        try (EventLoop loop = EventLoop.open(); TestPipe p = TestPipe.open()) {
            File in = File.fromHandle(loop, p.readHandle, PIPE);
            Buffer b = Buffer.allocate(64);
            CompletableFuture<Integer> read = in.read(b).toCompletableFuture();
            loop.runNow();
            loop.runNow();
            assertThat(read).as("nothing written yet").isNotDone();
            assertThat(b.isLent()).isTrue();

            Thread writer = Thread.ofPlatform().start(() -> p.write("late data"));
            assertThat(loop.blockOn(read)).isEqualTo(9);
            writer.join();
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("late data");
        }
    }

    @Test
    void cancelledReadGivesTheBufferBackUntouchedAndConsumesNothing() throws Exception {
        try (EventLoop loop = EventLoop.open(); TestPipe p = TestPipe.open()) {
            File in = File.fromHandle(loop, p.readHandle, PIPE);
            Buffer b = Buffer.allocate(16).append("XXXXXXXXXXXXXXXX").clear(); // spare capacity holds a pattern
            CompletableFuture<Integer> read = in.read(b).toCompletableFuture();
            loop.runNow();
            assertThat(read).isNotDone();

            // Cancel from another thread: the request travels to the loop; until the loop delivers
            // the completion the operation still owns the buffer.
            Thread.ofPlatform().start(() -> read.cancel(true)).join();
            assertThat(read).as("completes only when the loop delivers").isNotDone();
            assertThat(b.isLent()).isTrue();

            assertThatThrownBy(() -> loop.blockOn(read)).isInstanceOf(CancellationException.class);
            assertThat(b.isLent()).isFalse();
            assertThat(b.length()).isZero();
            assertThat(b.setLength(16).toString(StandardCharsets.UTF_8)).as("nothing written into it").isEqualTo("XXXXXXXXXXXXXXXX");

            p.write("after");
            Buffer next = Buffer.allocate(16);
            assertThat(loop.blockOn(in.read(next))).isEqualTo(5);
            assertThat(next.toString(StandardCharsets.UTF_8)).as("the cancelled read consumed nothing").isEqualTo("after");
        }
    }

    @Test
    void cancelOnTheLoopThreadToo() {
        try (EventLoop loop = EventLoop.open(); TestPipe p = TestPipe.open()) {
            File in = File.fromHandle(loop, p.readHandle, PIPE);
            Buffer b = Buffer.allocate(16);
            CompletableFuture<Integer> read = in.read(b).toCompletableFuture();
            AtomicBoolean lentAtCompletion = new AtomicBoolean(true);
            read.whenComplete((n, e) -> lentAtCompletion.set(b.isLent()));
            loop.runNow();
            read.cancel(true);
            assertThatThrownBy(() -> loop.blockOn(read)).isInstanceOf(CancellationException.class);
            assertThat(lentAtCompletion).as("the buffer is back before the future completes").isFalse();
            assertThat(b.length()).isZero();
        }
    }

    @Test
    void manyPipesEachWithAPendingRead() throws Exception {
        int count = 64;
        List<TestPipe> pipes = new ArrayList<>();
        try (EventLoop loop = EventLoop.open()) {
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            List<Buffer> buffers = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                TestPipe p = TestPipe.open();
                pipes.add(p);
                Buffer b = Buffer.allocate(32);
                buffers.add(b);
                reads.add(File.fromHandle(loop, p.readHandle, PIPE).read(b).toCompletableFuture());
            }
            loop.runNow();
            assertThat(reads).noneMatch(CompletableFuture::isDone);
            Thread writer = Thread.ofPlatform().start(() -> {
                for (int i = count - 1; i >= 0; i--) {
                    pipes.get(i).write("pipe-" + i);
                }
            });
            loop.blockOn(CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)));
            writer.join();
            for (int i = 0; i < count; i++) {
                assertThat(buffers.get(i).toString(StandardCharsets.UTF_8)).isEqualTo("pipe-" + i);
            }
        } finally {
            pipes.forEach(TestPipe::close);
        }
    }

    /**
     * Sixteen writers of 32 KiB each on one pipe (eight times its capacity) while a thread drains
     * it: writes block, come back short, wait for room and resume. Every byte arrives once.
     */
    @Test
    void concurrentWritesBeyondThePipeCapacity() throws Exception {
        int writers = 16;
        int each = 32 * 1024;
        TestPipe p = TestPipe.open();
        try (EventLoop loop = EventLoop.open()) {
            long[] counts = new long[256];
            Thread reader = Thread.ofPlatform().start(() -> {
                for (;;) {
                    byte[] got = p.readSome(8192);
                    if (got.length == 0) {
                        return;
                    }
                    for (byte x : got) {
                        counts[x & 0xff]++;
                    }
                }
            });
            File out = File.fromHandle(loop, p.writeHandle, PIPE);
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                byte[] bytes = new byte[each];
                java.util.Arrays.fill(bytes, (byte) (w + 1));
                writes.add(out.writeAll(Buffer.of(bytes)).toCompletableFuture());
            }
            loop.blockOn(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
            p.closeWriteEnd(); // end of file for the reader
            reader.join();
            for (int w = 0; w < writers; w++) {
                assertThat(counts[w + 1]).as("bytes of writer " + w).isEqualTo(each);
            }
            assertThat(counts[0]).isZero();
        } finally {
            p.closeReadEnd();
        }
    }

    /**
     * Eight reads queued on one pipe share what arrives, each getting a whole chunk. Which read gets
     * which chunk is the backend's business: io_uring wakes concurrent readers of a pipe in no
     * promised order (LIFO as of 6.18); the epoll driver keeps a FIFO (see EpollDriverTest).
     */
    @Test
    void queuedReadsOnOnePipeShareTheData() {
        try (EventLoop loop = EventLoop.open(); TestPipe p = TestPipe.open()) {
            File in = File.fromHandle(loop, p.readHandle, PIPE);
            List<Buffer> buffers = new ArrayList<>();
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                Buffer b = Buffer.allocate(4);
                buffers.add(b);
                reads.add(in.read(b).toCompletableFuture());
            }
            loop.runNow();
            p.write("aaaabbbbccccddddeeeeffffgggghhhh");
            loop.blockOn(CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)));
            assertThat(buffers).extracting(b -> b.toString(StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("aaaa", "bbbb", "cccc", "dddd", "eeee", "ffff", "gggg", "hhhh");
        }
    }

    /** A pipe has no position: io_uring ignores the one given (pread would say ESPIPE), and so does epoll. */
    @Test
    void positionsAreIgnoredOnAPipe() {
        try (EventLoop loop = EventLoop.open(); TestPipe p = TestPipe.open()) {
            File out = File.fromHandle(loop, p.writeHandle, PIPE);
            File in = File.fromHandle(loop, p.readHandle, PIPE);
            assertThat(loop.blockOn(out.writeAt(Buffer.of("abc"), 100))).isEqualTo(3);
            Buffer b = Buffer.allocate(8);
            assertThat(loop.blockOn(in.readAt(b, 7))).isEqualTo(3);
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        }
    }

    @Test
    void readReturnsZeroAtEndOfFile() throws Exception {
        TestPipe p = TestPipe.open();
        try (EventLoop loop = EventLoop.open()) {
            File in = File.fromHandle(loop, p.readHandle, PIPE);
            CompletableFuture<Integer> read = in.read(Buffer.allocate(8)).toCompletableFuture();
            loop.runNow();
            assertThat(read).isNotDone();
            Thread.ofPlatform().start(() -> p.closeWriteEnd()).join();
            assertThat(loop.blockOn(read)).isZero();
        } finally {
            p.closeReadEnd();
        }
    }

    @Test
    void writeWithoutReaderFailsWithBrokenPipe() {
        TestPipe p = TestPipe.open();
        p.closeReadEnd();
        try (EventLoop loop = EventLoop.open()) {
            File out = File.fromHandle(loop, p.writeHandle, PIPE);
            assertThatThrownBy(() -> loop.blockOn(out.write(Buffer.of("nobody listens"))))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(IOException.class).hasMessageContaining("Broken pipe");
        } finally {
            p.closeWriteEnd();
        }
    }

    /** The result is the event mask in the OS's encoding (rusticated-linux checks the bits); ready means non-zero. */
    @Test
    @Needs(Feature.POLL)
    void pollWaitsForReadableAndWritableIsImmediate() {
        try (EventLoop loop = EventLoop.open(); TestPipe p = TestPipe.open()) {
            FutureOperation<Integer> readable = Ops.count();
            readable.preparePoll(p.readHandle, Operation.POLL_IN);
            loop.submit(readable);
            FutureOperation<Integer> writable = Ops.count();
            writable.preparePoll(p.writeHandle, Operation.POLL_OUT);
            loop.submit(writable);

            assertThat(loop.blockOn(writable.future())).isPositive();
            assertThat(readable.future()).isNotDone();
            p.write("x");
            assertThat(loop.blockOn(readable.future())).isPositive();
            Buffer b = Buffer.allocate(4);
            assertThat(loop.blockOn(File.fromHandle(loop, p.readHandle, PIPE).read(b))).as("POLL consumed nothing").isEqualTo(1);
        }
    }

    @Test
    @Needs(Feature.POLL)
    void cancelledPollCompletesWithCancellation() {
        try (EventLoop loop = EventLoop.open(); TestPipe p = TestPipe.open()) {
            FutureOperation<Integer> readable = Ops.count();
            readable.preparePoll(p.readHandle, Operation.POLL_IN);
            loop.submit(readable);
            loop.runNow();
            readable.future().cancel(true);
            assertThatThrownBy(() -> loop.blockOn(readable.future())).isInstanceOf(CancellationException.class);
        }
    }

    /** A loop on its own thread, fed from the test thread: submissions and wakeups cross threads. */
    @Test
    void dedicatedLoopThreadServesReadsSubmittedFromOutside() throws Exception {
        EventLoop loop = EventLoop.startThread("pipe-test-loop");
        try (TestPipe p = TestPipe.open()) {
            File in = File.fromHandle(loop, p.readHandle, PIPE);
            for (int i = 0; i < 50; i++) {
                Buffer b = Buffer.allocate(16);
                CompletableFuture<Integer> read = in.read(b).toCompletableFuture();
                p.write("msg" + i);
                assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(("msg" + i).length());
                assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("msg" + i);
            }
        } finally {
            loop.close();
        }
    }
}
