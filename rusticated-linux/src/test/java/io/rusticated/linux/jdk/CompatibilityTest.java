package io.rusticated.linux.jdk;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static io.rusticated.linux.jdk.JdkFiles.jdk;
import static io.rusticated.linux.jdk.JdkFiles.ours;
import static io.rusticated.linux.jdk.JdkFiles.outcome;
import static io.rusticated.linux.jdk.JdkFiles.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What issue 15 found different from the JDK, each case run through the JDK's provider and
 * through rusticated's on the same kind of file, with the same outcome required: positions of
 * files that have none, streams over devices and FIFOs, reading through an interrupt, transfers
 * cut by an interrupt, overlapping asynchronous locks, file keys, and directory streams that are
 * {@link SecureDirectoryStream}s.
 */
class CompatibilityTest {
    @TempDir
    Path tmp;

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    interface PathCase {
        Object run(Path p) throws Exception;
    }

    /** The case on the path through the JDK's provider, then through rusticated's. */
    private List<String> onBoth(Path p, PathCase c) {
        return List.of(outcome(tmp, () -> c.run(jdk(p))), outcome(tmp, () -> c.run(ours(p))));
    }

    private Path fifo(String name) throws Exception {
        Path f = jdk(tmp).resolve(name);
        Process p = new ProcessBuilder("mkfifo", f.toString()).inheritIO().start();
        assertThat(p.waitFor()).isZero();
        return f;
    }

    /** Writes the bytes into the FIFO from another thread (the reader's open waits for it). */
    private static Thread feed(Path fifo, byte[] bytes) {
        return Thread.ofPlatform().daemon().start(() -> {
            try (OutputStream out = Files.newOutputStream(jdk(fifo))) {
                out.write(bytes);
            } catch (IOException e) {
                // the reader closed early: its outcome says so
            }
        });
    }

    @Test
    void positionIsWhatLseekSays() throws Exception {
        Path devNull = Path.of("/dev/null");
        for (PathCase c : List.<PathCase>of(
                p -> { try (FileChannel ch = FileChannel.open(p)) { return ch.position(); } },
                p -> { try (FileChannel ch = FileChannel.open(p)) { ch.position(5); return ch.position() + " " + ch.size(); } },
                p -> { try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) { return ch.position(); } })) {
            List<String> results = onBoth(devNull, c);
            assertThat(results.get(1)).as("/dev/null").isEqualTo(results.get(0));
        }
        assertThat(onBoth(devNull, p -> { try (FileChannel ch = FileChannel.open(p)) { return ch.position(); } }).get(0)).isEqualTo("ok 0");

        List<String> fifo = new ArrayList<>();
        for (Function<Path, Path> provider : List.<Function<Path, Path>>of(JdkFiles::jdk, JdkFiles::ours)) {
            Path f = fifo("position-" + fifo.size());
            Thread writer = feed(f, "abc".getBytes());
            fifo.add(outcome(tmp, () -> {
                try (FileChannel ch = FileChannel.open(provider.apply(f))) {
                    return ch.position();
                }
            }));
            writer.join(10_000);
        }
        assertThat(fifo.get(1)).as("FIFO").isEqualTo(fifo.get(0)).contains("Illegal seek");
    }

    /** What Files.newInputStream does on a device or a FIFO: the JDK's stream reads them without positions. */
    @Test
    void streamsReadDevicesAndFifosAsTheJdksDo() throws Exception {
        List<PathCase> cases = List.of(
                p -> { try (InputStream in = Files.newInputStream(p)) { return in.available() + " " + in.skip(3) + " " + Arrays.toString(in.readNBytes(5)) + " " + in.readAllBytes().length; } },
                p -> { try (InputStream in = Files.newInputStream(p)) { return in.readAllBytes().length; } },
                p -> { try (InputStream in = Files.newInputStream(p)) { return in.transferTo(OutputStream.nullOutputStream()); } });
        for (PathCase c : cases) {
            List<String> devNull = onBoth(Path.of("/dev/null"), c);
            assertThat(devNull.get(1)).as("/dev/null").isEqualTo(devNull.get(0)).startsWith("ok");
            List<String> zero = onBoth(Path.of("/dev/zero"), p -> { try (InputStream in = Files.newInputStream(p)) { return in.available() + " " + Arrays.toString(in.readNBytes(4)) + " " + in.skip(2); } });
            assertThat(zero.get(1)).as("/dev/zero").isEqualTo(zero.get(0)).startsWith("ok");
            byte[] data = "0123456789 a FIFO's bytes\n".repeat(40).getBytes();
            List<String> fifo = new ArrayList<>();
            for (Function<Path, Path> provider : List.<Function<Path, Path>>of(JdkFiles::jdk, JdkFiles::ours)) {
                Path f = fifo("stream-" + System.nanoTime());
                Thread writer = feed(f, data);
                fifo.add(outcome(tmp, () -> c.run(provider.apply(f))));
                writer.join(10_000);
            }
            assertThat(fifo.get(1)).as("FIFO").isEqualTo(fifo.get(0)).startsWith("ok");
        }
        // Files.copy from a FIFO, through the same stream
        List<String> copies = new ArrayList<>();
        for (Function<Path, Path> provider : List.<Function<Path, Path>>of(JdkFiles::jdk, JdkFiles::ours)) {
            Path f = fifo("copy-" + copies.size());
            Thread writer = feed(f, "copied through a FIFO".getBytes());
            Path target = provider.apply(jdk(tmp).resolve("copied-" + copies.size()));
            copies.add(outcome(tmp, () -> Files.copy(Files.newInputStream(provider.apply(f)), target) + " " + Files.readString(target)));
            writer.join(10_000);
        }
        assertThat(copies.get(1)).isEqualTo(copies.get(0)).isEqualTo("ok 21 copied through a FIFO");
    }

    /** JDK-8205612: Files.readAllBytes and readString read through a set interrupt flag, which stays set; other reads close the channel. */
    @Test
    void readAllBytesReadsThroughAnInterrupt() throws Exception {
        Path f = Files.writeString(jdk(tmp).resolve("f.txt"), "read me");
        for (PathCase c : List.<PathCase>of(
                p -> new String(Files.readAllBytes(p)) + " " + Thread.currentThread().isInterrupted(),
                p -> Files.readString(p) + " " + Thread.currentThread().isInterrupted(),
                p -> {
                    try (FileChannel ch = FileChannel.open(p)) {
                        try {
                            return ch.read(ByteBuffer.allocate(10));
                        } finally {
                            assertThat(ch.isOpen()).as("closed by the interrupt").isFalse();
                        }
                    }
                },
                p -> { try (FileChannel ch = FileChannel.open(p)) { return ch.size(); } })) {
            List<String> results = new ArrayList<>();
            for (Function<Path, Path> provider : List.<Function<Path, Path>>of(JdkFiles::jdk, JdkFiles::ours)) {
                Thread.currentThread().interrupt();
                results.add(outcome(tmp, () -> c.run(provider.apply(f))) + " interrupted " + Thread.interrupted());
            }
            assertThat(results.get(1)).isEqualTo(results.get(0));
        }
        Thread.currentThread().interrupt();
        assertThat(outcome(tmp, () -> Files.readString(ours(f)))).isEqualTo("ok read me");
    }

    /** The specification: an interrupted transfer closes both channels. */
    @Test
    void anInterruptedTransferClosesBothChannels() throws Exception {
        Path src = Files.write(jdk(tmp).resolve("src.bin"), new byte[100_000]);
        for (boolean to : new boolean[] {true, false}) {
            List<String> results = new ArrayList<>();
            for (Function<Path, Path> provider : List.<Function<Path, Path>>of(JdkFiles::jdk, JdkFiles::ours)) {
                Path dst = provider.apply(jdk(tmp).resolve("dst-" + to + results.size()));
                try (FileChannel in = FileChannel.open(provider.apply(src));
                     FileChannel out = FileChannel.open(dst, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    Thread.currentThread().interrupt();
                    String o = outcome(tmp, () -> to ? in.transferTo(0, 100_000, out) : out.transferFrom(in, 0, 100_000));
                    results.add(o + " interrupted " + Thread.interrupted() + " open " + in.isOpen() + " " + out.isOpen());
                }
            }
            assertThat(results.get(1)).as(to ? "transferTo" : "transferFrom").isEqualTo(results.get(0))
                    .contains("ClosedByInterruptException", "open false false");
        }
        // and without an interrupt, between two rusticated channels, inside the kernel
        Path dst = ours(jdk(tmp).resolve("copied.bin"));
        try (FileChannel in = FileChannel.open(ours(src)); FileChannel out = FileChannel.open(dst, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            assertThat(in.transferTo(10, 1_000_000, out)).isEqualTo(99_990);
            assertThat(out.transferFrom(in, 99_990, 50)).as("from the source's position, 0").isEqualTo(50);
            assertThat(in.position()).isEqualTo(50);
        }
        assertThat(Files.size(jdk(dst))).isEqualTo(100_040);
    }

    /** An overlapping lock this JVM holds fails the call itself, as the JDK's channel does. */
    @Test
    void anOverlappingAsynchronousLockThrowsAtTheCall() throws Exception {
        Path f = Files.write(jdk(tmp).resolve("locked.bin"), new byte[100]);
        List<String> results = new ArrayList<>();
        for (Function<Path, Path> provider : List.<Function<Path, Path>>of(JdkFiles::jdk, JdkFiles::ours)) {
            try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(provider.apply(f), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                FileLock held = ch.lock(0, 50, false).get(10, TimeUnit.SECONDS);
                String future = outcome(tmp, () -> ch.lock(10, 10, false));
                String handler = outcome(tmp, () -> {
                    ch.lock(20, 10, false, null, new CompletionHandler<FileLock, Object>() {
                        @Override
                        public void completed(FileLock result, Object attachment) {
                        }

                        @Override
                        public void failed(Throwable exc, Object attachment) {
                        }
                    });
                    return "no exception";
                });
                String tryLock = outcome(tmp, () -> ch.tryLock(40, 20, true));
                FileLock other = ch.lock(60, 10, true).get(10, TimeUnit.SECONDS);
                results.add(future + " | " + handler + " | " + tryLock + " | " + held.acquiredBy().equals(ch) + " " + other.isShared()
                        + " " + other.acquiredBy().equals(ch));
                held.release();
                other.release();
            }
        }
        assertThat(results.get(1)).isEqualTo(results.get(0)).startsWith("java.nio.channels.OverlappingFileLockException");
    }

    /** The JDK's own key: equal to the JDK's for the same file, whichever provider gave each. */
    @Test
    void fileKeyIsTheJdksOwn() throws Exception {
        Path f = Files.writeString(jdk(tmp).resolve("keyed.txt"), "k");
        Object jdkKey = Files.readAttributes(jdk(f), BasicFileAttributes.class).fileKey();
        Object ourKey = Files.readAttributes(ours(f), BasicFileAttributes.class).fileKey();
        Object viewKey = Files.getFileAttributeView(ours(f), BasicFileAttributeView.class).readAttributes().fileKey();
        assertThat(ourKey.getClass()).isEqualTo(jdkKey.getClass());
        assertThat(ourKey).isEqualTo(jdkKey).isEqualTo(viewKey).hasSameHashCodeAs(jdkKey).hasToString(jdkKey.toString());
        assertThat(Files.readAttributes(ours(f), "basic:fileKey").get("fileKey")).isEqualTo(jdkKey);
    }

    /** Both providers' directory streams are secure, and their calls relative to the directory do the same. */
    @Test
    void directoryStreamsAreSecureAndActRelativeToTheirDirectory() throws Exception {
        List<String> results = new ArrayList<>();
        List<List<String>> snapshots = new ArrayList<>();
        for (Function<Path, Path> provider : List.<Function<Path, Path>>of(JdkFiles::jdk, JdkFiles::ours)) {
            Path root = jdk(tmp).resolve("secure-" + results.size());
            Files.createDirectories(root.resolve("dir/sub"));
            Files.writeString(root.resolve("dir/file.txt"), "inside");
            Files.writeString(root.resolve("dir/sub/inner.txt"), "deeper");
            Files.createDirectories(root.resolve("other"));
            Files.createSymbolicLink(root.resolve("dir/link"), root.getFileSystem().getPath("sub"));
            StringBuilder r = new StringBuilder();
            try (DirectoryStream<Path> plain = Files.newDirectoryStream(provider.apply(root.resolve("dir")));
                 DirectoryStream<Path> other = Files.newDirectoryStream(provider.apply(root.resolve("other")))) {
                r.append(plain instanceof SecureDirectoryStream).append('\n');
                SecureDirectoryStream<Path> ds = (SecureDirectoryStream<Path>) plain;
                SecureDirectoryStream<Path> to = (SecureDirectoryStream<Path>) other;
                Path fs = provider.apply(root);
                // the directory renamed under the open stream: relative calls still reach it
                Files.move(jdk(root.resolve("dir")), jdk(root.resolve("renamed")));
                r.append(outcome(tmp, () -> {
                    try (SeekableByteChannel ch = ds.newByteChannel(fs.getFileSystem().getPath("file.txt"), Set.of(StandardOpenOption.READ))) {
                        ByteBuffer b = ByteBuffer.allocate(20);
                        ch.read(b);
                        return new String(b.array(), 0, b.position());
                    }
                })).append('\n');
                r.append(outcome(tmp, () -> {
                    try (SecureDirectoryStream<Path> sub = ds.newDirectoryStream(fs.getFileSystem().getPath("sub"), LinkOption.NOFOLLOW_LINKS)) {
                        TreeSet<String> names = new TreeSet<>();
                        sub.forEach(p -> names.add(p.getFileName().toString()));
                        return names;
                    }
                })).append('\n');
                r.append(outcome(tmp, () -> ds.newDirectoryStream(fs.getFileSystem().getPath("link"), LinkOption.NOFOLLOW_LINKS))).append('\n');
                r.append(outcome(tmp, () -> ds.newDirectoryStream(fs.getFileSystem().getPath("file.txt")))).append('\n');
                r.append(outcome(tmp, () -> { ds.deleteDirectory(fs.getFileSystem().getPath("sub")); return null; })).append('\n');
                r.append(outcome(tmp, () -> { ds.deleteFile(fs.getFileSystem().getPath("missing")); return null; })).append('\n');
                r.append(outcome(tmp, () -> { ds.deleteFile(fs.getFileSystem().getPath("sub/inner.txt")); return null; })).append('\n');
                r.append(outcome(tmp, () -> { ds.deleteDirectory(fs.getFileSystem().getPath("sub")); return null; })).append('\n');
                r.append(outcome(tmp, () -> { ds.move(fs.getFileSystem().getPath("file.txt"), to, fs.getFileSystem().getPath("moved.txt")); return null; })).append('\n');
                r.append(outcome(tmp, () -> ds.getFileAttributeView(fs.getFileSystem().getPath("link"), BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                        .readAttributes().isSymbolicLink())).append('\n');
                r.append(outcome(tmp, () -> ds.getFileAttributeView(BasicFileAttributeView.class).readAttributes().isDirectory())).append('\n');
                ds.close();
                r.append(outcome(tmp, () -> { ds.deleteFile(fs.getFileSystem().getPath("link")); return null; })).append('\n');
            }
            results.add(r.toString().replace(root.toString(), "<root>"));
            snapshots.add(snapshot(root));
        }
        assertThat(results.get(1)).isEqualTo(results.get(0)).startsWith("true\nok inside\nok [inner.txt]\n");
        assertThat(snapshots.get(1)).isEqualTo(snapshots.get(0));
    }
}
