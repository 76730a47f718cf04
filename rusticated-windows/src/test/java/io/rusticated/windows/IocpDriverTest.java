package io.rusticated.windows;

import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.DriverEvent;
import io.rusticated.spi.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The IOCP driver's rules, under a real event loop, against {@link StandInWindows} (which follows
 * the documented behaviour of the calls it stands for, rule by rule). Every test ends with no
 * rule broken, nothing left in the stand-in's kernel and no warning logged.
 */
class IocpDriverTest {
    private final StandInWindows windows = new StandInWindows();
    private final LogRecorder log = new LogRecorder();
    private EventLoop loop;

    @BeforeEach
    void open() {
        loop = StandInBackend.openLoop(windows);
        assertThat(loop.backend().name()).isEqualTo("iocp");
        assertThat(loop.kernelKeepsFilePosition()).as("overlapped files have no position").isFalse();
    }

    @AfterEach
    void close() {
        try {
            if (loop != null) {
                loop.close();
            }
            assertThat(windows.violations).as("documented rules the driver broke").isEmpty();
            assertThat(windows.pendingCalls()).as("calls the stand-in's kernel still holds").isZero();
            assertThat(log.warnings).as("warnings logged").isEmpty();
        } finally {
            log.close();
        }
    }

    private long run(Probe op) {
        CompletableFuture<Long> done = op.done();
        loop.submit(op);
        return loop.blockOn(done);
    }

    private static Throwable failureOf(EventLoop loop, CompletableFuture<Long> done) {
        try {
            loop.blockOn(done);
        } catch (CompletionException | CancellationException e) {
            return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        }
        throw new AssertionError("completed without a failure");
    }

    // ---- R2: completion only by packet ----

    @Test
    void callsThatCompleteAtOnceAreDeliveredOnceEachFromTheirPackets() {
        long file = windows.openFile();
        byte[] pattern = new byte[4096];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) (i * 7);
        }
        Probe writer = new Probe();
        assertThat(run((Probe) writer.prepareWrite(file, Buffer.of(pattern), 0))).isEqualTo(4096);
        assertThat(windows.contents(file)).isEqualTo(pattern);

        // Sequentially, one operation recycled 10 000 times: each read returns its own byte, once.
        Probe reader = new Probe();
        for (int i = 0; i < 10_000; i++) {
            Buffer b = Buffer.allocate(1);
            reader.prepareRead(file, b, i % 4096);
            assertThat(run(reader)).isEqualTo(1);
            assertThat(b.get(0)).as("byte %d", i % 4096).isEqualTo(pattern[i % 4096]);
            assertThat(reader.completions).as("completions after %d reads", i + 1).isEqualTo(i + 1);
        }
        // And 256 at once: one completion each, each with its own data.
        List<Probe> probes = new ArrayList<>();
        List<Buffer> buffers = new ArrayList<>();
        List<CompletableFuture<Long>> all = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            Probe p = new Probe();
            Buffer b = Buffer.allocate(16);
            p.prepareRead(file, b, i * 16L);
            all.add(p.done());
            loop.submit(p);
            probes.add(p);
            buffers.add(b);
        }
        loop.blockOn(CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)));
        loop.runNow();
        for (int i = 0; i < 256; i++) {
            assertThat(probes.get(i).completions).isEqualTo(1);
            assertThat(buffers.get(i).toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(pattern, i * 16, i * 16 + 16));
        }
        assertThat(loop.inFlight()).isZero();
    }

    // ---- R5: cancellation ----

    @Test
    void aCancelledCallEndsInACancellationAndItsBlockServesAgainOnlyAfterItsPacket() {
        long[] pipe = windows.pipe(false, false);
        Probe first = new Probe();
        CompletableFuture<Long> firstDone = first.done();
        loop.submit(first.prepareRead(pipe[0], Buffer.allocate(64), Request.CURRENT_POSITION));
        loop.runNow();
        // On the loop thread, in one go: cancel (CancelIoEx completes it later), then read again at once.
        first.cancel();
        Probe second = new Probe();
        CompletableFuture<Long> secondDone = second.done();
        Buffer b = Buffer.allocate(64);
        loop.submit(second.prepareRead(pipe[0], b, Request.CURRENT_POSITION));
        assertThat(failureOf(loop, firstDone)).isInstanceOf(CancellationException.class);
        windows.writeToPipe(pipe[1], "after".getBytes(StandardCharsets.UTF_8));
        assertThat(loop.blockOn(secondDone)).isEqualTo(5);
        assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("after");
        assertThat(first.completions).isEqualTo(1);
        assertThat(second.completions).isEqualTo(1);
    }

    @Test
    void aCallThatFinishedBeforeItsCancelKeepsItsResult() {
        long[] pipe = windows.pipe(false, false);
        Probe read = new Probe();
        CompletableFuture<Long> done = read.done();
        Buffer b = Buffer.allocate(64);
        loop.submit(read.prepareRead(pipe[0], b, Request.CURRENT_POSITION));
        loop.runNow();
        windows.writeToPipe(pipe[1], "won".getBytes(StandardCharsets.UTF_8)); // completes; its packet is queued
        read.cancel(); // CancelIoEx: ERROR_NOT_FOUND, the packet still comes
        assertThat(loop.blockOn(done)).isEqualTo(3);
        assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("won");
    }

    // ---- R6: end of input ----

    @Test
    void endOfFileAndABrokenPipeReadAsZeroBytes() {
        long file = windows.openFile();
        assertThat(run((Probe) new Probe().prepareRead(file, Buffer.allocate(8), 0))).as("a read of an empty file").isZero();
        windows.endOfFileByPacket = true;
        assertThat(run((Probe) new Probe().prepareRead(file, Buffer.allocate(8), 0))).as("the same, told by a packet").isZero();
        windows.endOfFileByPacket = false;

        long[] pipe = windows.pipe(false, false);
        Probe pending = new Probe();
        CompletableFuture<Long> done = pending.done();
        loop.submit(pending.prepareRead(pipe[0], Buffer.allocate(8), Request.CURRENT_POSITION));
        loop.runNow();
        windows.closeWriter(pipe[1]); // the pending read's packet: STATUS_PIPE_BROKEN
        assertThat(loop.blockOn(done)).as("a pending read when the writer closes").isZero();
        assertThat(run((Probe) new Probe().prepareRead(pipe[0], Buffer.allocate(8), Request.CURRENT_POSITION)))
                .as("a read after it (ERROR_BROKEN_PIPE at once)").isZero();
    }

    @Test
    void aPollOnAPipeCompletesWhenDataArrivesWithoutTakingIt() {
        long[] pipe = windows.pipe(false, false);
        Probe poll = new Probe();
        CompletableFuture<Long> done = poll.done();
        loop.submit(poll.preparePoll(pipe[0], Request.POLL_IN));
        loop.runNow();
        assertThat(done).isNotDone();
        windows.writeToPipe(pipe[1], "x".getBytes(StandardCharsets.UTF_8));
        assertThat(loop.blockOn(done)).isEqualTo(Request.POLL_IN);
        assertThat(windows.pipeContents(pipe[0])).as("the zero-byte read took nothing").isEqualTo("x");
        assertThat(run((Probe) new Probe().preparePoll(pipe[1], Request.POLL_OUT))).isEqualTo(Request.POLL_OUT);
    }

    // ---- R11 and the file cursor ----

    @Test
    void overlappedFilesAreWrittenAtOffsetsAndAnAppendingWriteGoesToTheEnd() {
        long file = windows.openFile();
        run((Probe) new Probe().prepareWrite(file, Buffer.of("0123456789"), 0));
        run((Probe) new Probe().prepareWrite(file, Buffer.of("ab"), 4));
        run((Probe) new Probe().prepareWrite(file, Buffer.of("END"), Request.CURRENT_POSITION));
        assertThat(new String(windows.contents(file), StandardCharsets.UTF_8)).isEqualTo("0123ab6789END");
        Probe read = new Probe();
        CompletableFuture<Long> done = read.done();
        loop.submit(read.prepareRead(file, Buffer.allocate(4), Request.CURRENT_POSITION));
        assertThat(failureOf(loop, done)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no position on Windows");
    }

    @Test
    void aFileKeepsItsCursorInUserSpaceAndAppendsAtTheEnd() throws Exception {
        java.nio.file.Path path = java.nio.file.Path.of("C:\\data\\log.txt");
        io.rusticated.fs.OpenOptions create = io.rusticated.fs.OpenOptions.options().withWrite(true).withRead(true).withCreate(true);
        io.rusticated.fs.File f = loop.blockOn(io.rusticated.fs.File.open(loop, path, create).toCompletableFuture());
        loop.blockOn(f.write(Buffer.of("one ")).toCompletableFuture());
        loop.blockOn(f.write(Buffer.of("two ")).toCompletableFuture());
        Buffer back = Buffer.allocate(32);
        loop.blockOn(f.readAt(back, 0).toCompletableFuture());
        assertThat(back.toString(StandardCharsets.UTF_8)).isEqualTo("one two ");
        loop.blockOn(f.close().toCompletableFuture());

        io.rusticated.fs.File appending = loop.blockOn(io.rusticated.fs.File.open(loop, path,
                io.rusticated.fs.OpenOptions.options().withAppend(true)).toCompletableFuture());
        loop.blockOn(appending.write(Buffer.of("three")).toCompletableFuture());
        loop.blockOn(appending.close().toCompletableFuture());
        io.rusticated.fs.File reader = loop.blockOn(io.rusticated.fs.File.open(loop, path, io.rusticated.fs.OpenOptions.readOnly()).toCompletableFuture());
        Buffer all = Buffer.allocate(64);
        while (loop.blockOn(reader.read(all).toCompletableFuture()) > 0) {
            // sequential reads, each at the cursor
        }
        assertThat(all.toString(StandardCharsets.UTF_8)).isEqualTo("one two three");
        loop.blockOn(reader.close().toCompletableFuture());
    }

    // ---- R1, R9: handles another loop associated ----

    @Test
    void aPacketDequeuedByAnotherLoopIsHandedOnToTheLoopThatMadeTheCall() throws Exception {
        long[] pipe = windows.pipe(false, false);
        EventLoop other = StandInBackend.startLoop(windows, "other-loop");
        try {
            // The other loop reads first: the pipe is associated with its port for good.
            Buffer first = Buffer.allocate(16);
            CompletableFuture<Integer> onOther = other.read(pipe[0], first, Request.CURRENT_POSITION);
            windows.writeToPipe(pipe[1], "one".getBytes(StandardCharsets.UTF_8));
            assertThat(onOther.get(10, TimeUnit.SECONDS)).isEqualTo(3);
            Thread.sleep(50); // the other loop goes idle: nothing of its own is in flight

            // This loop reads the same handle: its packet reaches the other loop's port, which hands it on.
            Buffer second = Buffer.allocate(16);
            CompletableFuture<Integer> here = loop.read(pipe[0], second, Request.CURRENT_POSITION);
            loop.runNow();
            windows.writeToPipe(pipe[1], "two".getBytes(StandardCharsets.UTF_8));
            assertThat(loop.blockOn(here)).isEqualTo(3);
            assertThat(second.toString(StandardCharsets.UTF_8)).isEqualTo("two");
            assertThat(other.stats().get(DriverEvent.FOREIGN_COMPLETION)).isEqualTo(1);
            assertThat(loop.stats().get(DriverEvent.FOREIGN_COMPLETION)).isZero();
        } finally {
            other.close();
        }
    }

    // ---- closing ----

    @Test
    void closingTheLoopCancelsWhatIsPendingAndDrainsItsPackets() {
        long[] pipe = windows.pipe(false, false);
        Probe read = new Probe();
        CompletableFuture<Long> done = read.done();
        loop.submit(read.prepareRead(pipe[0], Buffer.allocate(8), Request.CURRENT_POSITION));
        loop.runNow();
        loop.close();
        loop = null;
        assertThat(done).isCompletedExceptionally();
        assertThat(read.completions).isEqualTo(1);
    }

    // ---- synchronous handles, consoles, children ----

    @Test
    void synchronousHandlesAreServedOnThePoolInOrder() {
        long[] pipe = windows.pipe(true, true);
        List<CompletableFuture<Integer>> writes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            writes.add(loop.write(pipe[1], Buffer.of(i + ","), Request.CURRENT_POSITION));
        }
        loop.blockOn(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)));
        StringBuilder expected = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            expected.append(i).append(',');
        }
        assertThat(windows.pipeContents(pipe[0])).isEqualTo(expected.toString());
        Buffer b = Buffer.allocate(256);
        assertThat(loop.blockOn(loop.read(pipe[0], b, Request.CURRENT_POSITION))).isEqualTo(expected.length());
    }

    @Test
    void consoleInputIsReadOnItsThreadAsUtf8AndCtrlZEndsIt() {
        long console = windows.console(true);
        windows.type(console, "h\u00e9llo \uD83D\uDE00\r\n");
        Buffer small = Buffer.allocate(4);
        assertThat(loop.blockOn(loop.read(console, small, Request.CURRENT_POSITION))).isEqualTo(4);
        Buffer rest = Buffer.allocate(64);
        assertThat(loop.blockOn(loop.read(console, rest, Request.CURRENT_POSITION))).isPositive();
        byte[] all = new byte[small.length() + rest.length()];
        small.copyTo(0, all, 0, small.length());
        rest.copyTo(0, all, small.length(), rest.length());
        assertThat(new String(all, StandardCharsets.UTF_8)).isEqualTo("h\u00e9llo \uD83D\uDE00\r\n");

        windows.type(console, "\u001a\r\n");
        assertThat(loop.blockOn(loop.read(console, Buffer.allocate(8), Request.CURRENT_POSITION))).as("Ctrl+Z").isZero();

        CompletableFuture<Integer> waiting = loop.read(console, Buffer.allocate(8), Request.CURRENT_POSITION);
        loop.runNow();
        waiting.cancel(true);
        assertThatThrownBy(() -> loop.blockOn(waiting)).isInstanceOf(CancellationException.class);
    }

    @Test
    void consoleOutputIsWrittenAsUtf16EvenWhenACharacterIsSplitBetweenWrites() {
        long console = windows.console(false);
        byte[] e = "\u00e9".getBytes(StandardCharsets.UTF_8);
        assertThat(loop.blockOn(loop.write(console, Buffer.of("caf" + ""), Request.CURRENT_POSITION))).isEqualTo(3);
        assertThat(loop.blockOn(loop.write(console, Buffer.of(new byte[] {e[0]}), Request.CURRENT_POSITION))).isEqualTo(1);
        assertThat(loop.blockOn(loop.write(console, Buffer.of(new byte[] {e[1], '!'}), Request.CURRENT_POSITION))).isEqualTo(2);
        assertThat(windows.consoleOut.toString()).isEqualTo("caf\u00e9!");
    }

    @Test
    void aChildsExitArrivesAsAPacketAndAWaitCanBeCancelled() {
        java.util.concurrent.CountDownLatch exit = new java.util.concurrent.CountDownLatch(1);
        long process = windows.process(exit);
        Probe wait = new Probe();
        CompletableFuture<Long> done = wait.done();
        loop.submit(wait.prepareWaitChild(process));
        loop.runNow();
        assertThat(done).isNotDone();
        exit.countDown();
        assertThat(loop.blockOn(done)).isZero();

        long other = windows.process(new java.util.concurrent.CountDownLatch(1));
        Probe cancelled = new Probe();
        CompletableFuture<Long> cancelledDone = cancelled.done();
        loop.submit(cancelled.prepareWaitChild(other));
        loop.runNow();
        cancelled.cancel();
        assertThat(failureOf(loop, cancelledDone)).isInstanceOf(CancellationException.class);
        assertThat(windows.exitWaits.size()).as("registrations left").isZero();
    }
}
