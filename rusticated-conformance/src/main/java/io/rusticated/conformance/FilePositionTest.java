package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.process.Command;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where sequential reads and writes go: the file's position, which each advances by its count;
 * positional ones leave it where it is; a file opened for appending is written at its end, after
 * which the position is there. The kit runs these on the OS's position and again with
 * {@code -Drusticated.userSpacePositions=true}, where a {@code FileCursor} keeps it as on Windows.
 */
class FilePositionTest {
    /** The property that makes every file keep its position in user space. */
    static final String USER_SPACE_POSITIONS = "rusticated.userSpacePositions";

    @TempDir
    Path dir;

    private static File open(EventLoop loop, Path p, OpenOptions o) {
        return loop.blockOn(File.open(loop, p, o));
    }

    private static String read(EventLoop loop, File f, int max) {
        Buffer b = Buffer.allocate(max);
        int n = loop.blockOn(f.read(b));
        assertThat(b.length()).isEqualTo(n);
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static String readAt(EventLoop loop, File f, long position, int max) {
        Buffer b = Buffer.allocate(max);
        loop.blockOn(f.readAt(b, position));
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static int write(EventLoop loop, File f, String text) {
        return loop.blockOn(f.write(Buffer.of(text)));
    }

    @Test
    void theRunKeepsPositionsWhereItSays() {
        try (EventLoop loop = EventLoop.open()) {
            if (Boolean.getBoolean(USER_SPACE_POSITIONS)) {
                assertThat(loop.kernelKeepsFilePosition()).as("-D%s=true puts a FileCursor in charge", USER_SPACE_POSITIONS).isFalse();
            }
        }
    }

    @Test
    void sequentialReadsAdvanceThePositionByTheirCount() throws IOException {
        Path p = Files.writeString(dir.resolve("digits"), "0123456789");
        try (EventLoop loop = EventLoop.open()) {
            File f = open(loop, p, OpenOptions.readOnly());
            assertThat(read(loop, f, 3)).isEqualTo("012");
            assertThat(read(loop, f, 3)).isEqualTo("345");
            assertThat(read(loop, f, 100)).as("a short read up to the end").isEqualTo("6789");
            assertThat(read(loop, f, 100)).as("at the end").isEmpty();
            loop.blockOn(f.close());
        }
    }

    @Test
    void sequentialWritesAdvanceThePositionByTheirCount() throws IOException {
        Path p = dir.resolve("written");
        try (EventLoop loop = EventLoop.open()) {
            File f = open(loop, p, OpenOptions.createTruncate().withRead(true));
            assertThat(write(loop, f, "abc")).isEqualTo(3);
            assertThat(write(loop, f, "defg")).isEqualTo(4);
            assertThat(read(loop, f, 10)).as("the position is past what was written").isEmpty();
            assertThat(write(loop, f, "h")).isEqualTo(1);
            loop.blockOn(f.close());
        }
        assertThat(Files.readString(p)).isEqualTo("abcdefgh");
    }

    @Test
    void positionalReadsAndWritesLeaveThePositionAlone() throws IOException {
        Path p = Files.writeString(dir.resolve("mixed"), "0123456789");
        try (EventLoop loop = EventLoop.open()) {
            File f = open(loop, p, OpenOptions.readOnly().withWrite(true));
            assertThat(read(loop, f, 2)).isEqualTo("01");
            assertThat(readAt(loop, f, 5, 3)).isEqualTo("567");
            assertThat(read(loop, f, 2)).as("on from where the sequential read stopped").isEqualTo("23");
            assertThat(loop.blockOn(f.writeAt(Buffer.of("XY"), 8))).isEqualTo(2);
            assertThat(write(loop, f, "ab")).isEqualTo(2);
            assertThat(readAt(loop, f, 0, 20)).isEqualTo("0123ab67XY");
            assertThat(read(loop, f, 20)).as("after the sequential write at 4..5").isEqualTo("67XY");
            loop.blockOn(f.close());
        }
        assertThat(Files.readString(p)).isEqualTo("0123ab67XY");
    }

    /** Shrinking the file moves no position: the next write leaves a hole of zeros, as POSIX ftruncate does. */
    @Test
    void setLengthLeavesThePositionWhereItWas() throws IOException {
        Path p = dir.resolve("shrunk");
        try (EventLoop loop = EventLoop.open()) {
            File f = open(loop, p, OpenOptions.createTruncate().withRead(true));
            write(loop, f, "hello world");
            loop.blockOn(f.setLength(5));
            write(loop, f, "!");
            loop.blockOn(f.close());
        }
        assertThat(Files.readAllBytes(p)).isEqualTo("hello\0\0\0\0\0\0!".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void appendsGoToTheEndWhereverThePositionIs() throws IOException {
        Path p = Files.writeString(dir.resolve("log"), "start;");
        try (EventLoop loop = EventLoop.open()) {
            File f = open(loop, p, OpenOptions.readOnly().withAppend(true));
            assertThat(read(loop, f, 3)).isEqualTo("sta");
            assertThat(write(loop, f, "one;")).isEqualTo(4);
            assertThat(read(loop, f, 20)).as("an append leaves the position at the end").isEmpty();
            assertThat(readAt(loop, f, 0, 20)).isEqualTo("start;one;");
            assertThat(write(loop, f, "two;")).isEqualTo(4);
            loop.blockOn(f.close());
        }
        assertThat(Files.readString(p)).isEqualTo("start;one;two;");
    }

    /**
     * Sequential writes issued one after another without waiting land one after another, in the
     * order they were issued, each at the position the previous one left: as consecutive write(2)
     * calls do, and as a caller streaming a file with {@code write} expects.
     */
    @Test
    void writesIssuedWithoutWaitingLandInOrder() throws IOException {
        Path p = dir.resolve("pipelined");
        int records = 500;
        try (EventLoop loop = EventLoop.open()) {
            File f = open(loop, p, OpenOptions.createTruncate());
            List<CompletableFuture<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                writes.add(f.write(Buffer.of(String.format("%07d\n", i))).toCompletableFuture());
            }
            Await.on(loop, CompletableFuture.allOf(writes.toArray(new CompletableFuture[0])));
            assertThat(writes).allSatisfy(w -> assertThat(w.join()).isEqualTo(8));
            loop.blockOn(f.close());
        }
        List<String> lines = Files.readAllLines(p);
        assertThat(lines).hasSize(records);
        for (int i = 0; i < records; i++) {
            assertThat(lines.get(i)).as("record %d", i).isEqualTo(String.format("%07d", i));
        }
    }

    /** Sequential reads issued without waiting read consecutive ranges, in the order they were issued. */
    @Test
    void readsIssuedWithoutWaitingReadConsecutiveRanges() throws IOException {
        int records = 500;
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < records; i++) {
            sb.append(String.format("%07d\n", i));
        }
        Path p = Files.writeString(dir.resolve("records"), sb);
        try (EventLoop loop = EventLoop.open()) {
            File f = open(loop, p, OpenOptions.readOnly());
            List<Buffer> buffers = new ArrayList<>();
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < records; i++) {
                Buffer b = Buffer.allocate(8);
                buffers.add(b);
                reads.add(f.read(b).toCompletableFuture());
            }
            Await.on(loop, CompletableFuture.allOf(reads.toArray(new CompletableFuture[0])));
            for (int i = 0; i < records; i++) {
                assertThat(buffers.get(i).toString(StandardCharsets.US_ASCII)).as("read %d", i).isEqualTo(String.format("%07d\n", i));
            }
            assertThat(read(loop, f, 8)).as("every byte read once, so at the end").isEmpty();
            loop.blockOn(f.close());
        }
    }

    /**
     * Cancelling a sequential read that waits its turn withdraws it at once, its buffer never
     * touched; cancelling the running one completes when the OS answers; the next one then runs.
     * (A FIFO opened for reading and writing: reads wait for data the test writes at an offset,
     * which a FIFO ignores, so the write does not queue behind them.)
     */
    @Test
    @Needs(Feature.POSIX_SHELL)
    void aCancelledSequentialReadIsWithdrawnAndTheNextOneRuns() throws IOException {
        Path fifo = dir.resolve("fifo");
        try (EventLoop loop = EventLoop.open()) {
            assertThat(Await.on(loop, Command.of("mkfifo", fifo.toString()).spawn(loop).waitExit()).success()).isTrue();
            File f = Await.on(loop, File.open(loop, fifo, OpenOptions.readOnly().withWrite(true)));
            Buffer first = Buffer.allocate(8);
            Buffer second = Buffer.allocate(8);
            Buffer third = Buffer.allocate(8);
            CompletableFuture<Integer> running = f.read(first).toCompletableFuture();
            CompletableFuture<Integer> waiting = f.read(second).toCompletableFuture();
            CompletableFuture<Integer> next = f.read(third).toCompletableFuture();
            loop.runNow();
            assertThat(waiting.cancel(true)).isTrue();
            assertThat(waiting).as("withdrawn at once").isCancelled();
            assertThat(second.isLent()).isFalse();
            assertThat(second.length()).isZero();
            assertThat(running.cancel(true)).isTrue();
            assertThat(Failures.of(loop, running)).isInstanceOf(CancellationException.class);
            assertThat(first.isLent()).isFalse();
            assertThat(loop.blockOn(f.writeAt(Buffer.of("data"), 0))).isEqualTo(4);
            assertThat(Await.on(loop, next)).isEqualTo(4);
            assertThat(third.toString(StandardCharsets.US_ASCII)).isEqualTo("data");
            Await.on(loop, f.close());
        }
    }
}
