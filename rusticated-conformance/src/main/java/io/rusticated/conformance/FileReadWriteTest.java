package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Files written and read back through the loop, checked against what the JDK sees on disk. */
class FileReadWriteTest {
    @TempDir
    Path dir;



    private static File open(EventLoop loop, Path p, OpenOptions o) {
        return loop.blockOn(File.open(loop, p, o));
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    @Test
    void positionalWritesLandWherePlacedAndReadBack() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("positional");
            File f = open(loop, p, OpenOptions.createTruncate().withRead(true));
            byte[] a = random(10_000, 1);
            byte[] b = random(3_000, 2);
            assertThat(loop.blockOn(f.writeAt(Buffer.of(a), 0))).isEqualTo(a.length);
            assertThat(loop.blockOn(f.writeAt(Buffer.of(b), 20_000))).isEqualTo(b.length);
            assertThat(loop.blockOn(f.writeAt(Buffer.of("XY"), 5))).isEqualTo(2);

            byte[] expected = new byte[23_000];
            System.arraycopy(a, 0, expected, 0, a.length);
            System.arraycopy(b, 0, expected, 20_000, b.length);
            expected[5] = 'X';
            expected[6] = 'Y';
            assertThat(Files.readAllBytes(p)).isEqualTo(expected);

            Buffer whole = Buffer.allocate(32_768);
            assertThat(loop.blockOn(f.readAt(whole, 0))).isEqualTo(23_000);
            assertThat(whole.toByteArray()).isEqualTo(expected);

            Buffer middle = Buffer.allocate(100);
            assertThat(loop.blockOn(f.readAt(middle, 9_990))).isEqualTo(100);
            assertThat(middle.toByteArray()).isEqualTo(java.util.Arrays.copyOfRange(expected, 9_990, 10_090));
            assertThat(loop.blockOn(f.metadata()).size()).isEqualTo(23_000);
            loop.blockOn(f.close());
        }
    }

    @Test
    void readAppendsToTheBufferSoALoopCanAccumulate() {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("accumulate");
            loop.blockOn(Fs.write(p, "0123456789".getBytes(StandardCharsets.US_ASCII)));
            File f = open(loop, p, OpenOptions.readOnly());
            Buffer b = Buffer.allocate(10).append("ab");
            assertThat(loop.blockOn(f.readAt(b, 0))).isEqualTo(8);
            assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("ab01234567");
            loop.blockOn(f.close());
        }
    }

    @Test
    void sequentialReadsAndWritesFollowTheFilePosition() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("sequential");
            File w = open(loop, p, OpenOptions.createTruncate());
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                String chunk = "line " + i + "\n";
                all.append(chunk);
                Buffer b = Buffer.of(chunk);
                loop.blockOn(w.writeAll(b));
                assertThat(b.isEmpty()).as("writeAll consumes the buffer").isTrue();
            }
            loop.blockOn(w.close());
            assertThat(Files.readString(p)).isEqualTo(all.toString());

            File r = open(loop, p, OpenOptions.readOnly());
            StringBuilder got = new StringBuilder();
            Buffer b = Buffer.allocate(7); // deliberately not a divisor of the line lengths
            for (;;) {
                b.clear();
                int n = loop.blockOn(r.read(b));
                if (n == 0) {
                    break;
                }
                assertThat(n).isEqualTo(b.length());
                got.append(b.toString(StandardCharsets.US_ASCII));
            }
            assertThat(got.toString()).isEqualTo(all.toString());
            b.clear();
            assertThat(loop.blockOn(r.read(b))).as("still at end of file").isZero();
            loop.blockOn(r.close());
        }
    }

    @Test
    void appendModeAddsAtTheEndWhateverThePosition() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("append");
            Files.writeString(p, "start;");
            File f = open(loop, p, OpenOptions.options().withAppend(true));
            loop.blockOn(f.write(Buffer.of("one;")));
            loop.blockOn(f.write(Buffer.of("two;")));
            Files.writeString(p, "other;", java.nio.file.StandardOpenOption.APPEND); // another writer grows the file
            loop.blockOn(f.write(Buffer.of("three;")));
            loop.blockOn(f.close());
            assertThat(Files.readString(p)).isEqualTo("start;one;two;other;three;");

            File created = open(loop, dir.resolve("append-new"), OpenOptions.options().withAppend(true).withCreate(true));
            loop.blockOn(created.write(Buffer.of("a")));
            loop.blockOn(created.write(Buffer.of("b")));
            loop.blockOn(created.close());
            assertThat(Files.readString(dir.resolve("append-new"))).isEqualTo("ab");
        }
    }

    @Test
    void shortFilesGiveShortReadsThenEndOfFile() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("short");
            Files.writeString(p, "tiny");
            File f = open(loop, p, OpenOptions.readOnly());
            Buffer b = Buffer.allocate(4096);
            assertThat(loop.blockOn(f.readAt(b, 0))).isEqualTo(4);
            assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("tiny");
            assertThat(loop.blockOn(f.readAt(b, 4))).as("at end").isZero();
            assertThat(loop.blockOn(f.readAt(b, 1_000_000))).as("past end").isZero();
            assertThat(loop.blockOn(f.readAt(b, 2))).isEqualTo(2);
            assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("tinyny");
            loop.blockOn(f.close());

            Path empty = dir.resolve("empty");
            Files.createFile(empty);
            File e = open(loop, empty, OpenOptions.readOnly());
            Buffer eb = Buffer.allocate(16);
            assertThat(loop.blockOn(e.read(eb))).isZero();
            assertThat(eb.length()).isZero();
            loop.blockOn(e.close());
        }
    }

    @Test
    void writingAnEmptyBufferWritesNothing() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("nothing");
            File f = open(loop, p, OpenOptions.createTruncate());
            assertThat(loop.blockOn(f.writeAt(Buffer.allocate(8), 0))).isZero();
            loop.blockOn(f.close());
            assertThat(Files.size(p)).isZero();
        }
    }

    @Test
    @Needs(Feature.POSIX_FILES)
    void truncateOnOpenEmptiesAndCreateNewCreates() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("trunc");
            Files.writeString(p, "old content");
            loop.blockOn(open(loop, p, OpenOptions.createTruncate()).close());
            assertThat(Files.size(p)).isZero();

            Path fresh = dir.resolve("fresh");
            File f = open(loop, fresh, OpenOptions.options().withWrite(true).withCreateNew(true).withMode(0640));
            loop.blockOn(f.write(Buffer.of("x")));
            loop.blockOn(f.close());
            assertThat(Files.readString(fresh)).isEqualTo("x");
            int perms = loop.blockOn(Fs.metadata(fresh)).posix().permissions();
            assertThat(perms & ~0640).as("the mode less the umask, so nothing beyond 0640").isZero();
            assertThat(perms & 0600).isEqualTo(0600);
        }
    }

    @Test
    void readAllAndWriteRoundTripALargeFile() {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("large");
            byte[] data = random(1_000_003, 3);
            loop.blockOn(Fs.write(p, data));
            assertThat(loop.blockOn(Fs.readAll(p))).isEqualTo(data);
        }
    }

    @Test
    void operationsOnOneFileRunConcurrently() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("concurrent-writes");
            File f = open(loop, p, OpenOptions.createTruncate().withRead(true));
            int blocks = 256;
            java.util.List<java.util.concurrent.CompletableFuture<Integer>> writes = new java.util.ArrayList<>();
            for (int i = 0; i < blocks; i++) {
                byte[] block = new byte[4096];
                java.util.Arrays.fill(block, (byte) i);
                writes.add(f.writeAt(Buffer.of(block), (long) i * 4096).toCompletableFuture());
            }
            loop.blockOn(java.util.concurrent.CompletableFuture.allOf(writes.toArray(new java.util.concurrent.CompletableFuture[0])));
            for (var w : writes) {
                assertThat(w.join()).isEqualTo(4096);
            }
            byte[] disk = Files.readAllBytes(p);
            assertThat(disk).hasSize(blocks * 4096);
            for (int i = 0; i < disk.length; i++) {
                if (disk[i] != (byte) (i / 4096)) {
                    throw new AssertionError("byte " + i + " is " + disk[i]);
                }
            }
            loop.blockOn(f.close());
        }
    }
}
