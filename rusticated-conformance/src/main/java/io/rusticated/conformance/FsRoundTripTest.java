package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.Metadata;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** Each file system operation, done through the loop and checked with the JDK. */
class FsRoundTripTest {
    @TempDir
    Path dir;

    @Test
    void syncAndSyncDataFlushWhatWasWritten() throws IOException {
        Path p = dir.resolve("synced");
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, p, OpenOptions.createTruncate()));
            loop.blockOn(f.writeAllAt(Buffer.of("durable"), 0));
            loop.blockOn(f.sync());
            loop.blockOn(f.writeAllAt(Buffer.of("!"), 7));
            loop.blockOn(f.syncData());
            loop.blockOn(f.close());
        }
        assertThat(Files.readString(p)).isEqualTo("durable!");
    }

    @Test
    void setLengthShrinksAndExtendsWithZeros() throws IOException {
        Path p = Files.writeString(dir.resolve("len"), "0123456789");
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, p, OpenOptions.readOnly().withWrite(true)));
            loop.blockOn(f.setLength(4));
            assertThat(loop.blockOn(f.metadata()).size()).isEqualTo(4);
            assertThat(Files.readString(p)).isEqualTo("0123");
            loop.blockOn(f.setLength(8));
            assertThat(Files.readAllBytes(p)).containsExactly('0', '1', '2', '3', 0, 0, 0, 0);
            Buffer b = Buffer.allocate(16);
            assertThat(loop.blockOn(f.readAt(b, 0))).isEqualTo(8);
            loop.blockOn(f.setLength(0));
            assertThat(Files.size(p)).isZero();
            loop.blockOn(f.close());
        }
    }

    @Test
    void renameMovesAndReplaces() throws IOException {
        Path a = Files.writeString(dir.resolve("a"), "A");
        Path b = Files.writeString(dir.resolve("b"), "B");
        Path c = dir.resolve("c");
        try (EventLoop loop = EventLoop.open()) {
            loop.blockOn(Fs.rename(a, c));
            assertThat(Files.exists(a)).isFalse();
            assertThat(Files.readString(c)).isEqualTo("A");
            loop.blockOn(Fs.rename(c, b)); // replaces
            assertThat(Files.readString(b)).isEqualTo("A");
            assertThat(Files.exists(c)).isFalse();
            Path moved = dir.resolve("moved");
            loop.blockOn(Fs.rename(b, moved, true)); // no-replace onto a free name works
            assertThat(Files.readString(moved)).isEqualTo("A");
            Path sub = Files.createDirectory(dir.resolve("sub"));
            loop.blockOn(Fs.rename(sub, dir.resolve("sub2")));
            assertThat(Files.isDirectory(dir.resolve("sub2"))).isTrue();
        }
    }

    @Test
    @Needs(Feature.SYMLINKS)
    void symlinkStoresItsTargetAsGiven() throws IOException {
        Path target = Files.writeString(dir.resolve("target"), "through the link");
        Path link = dir.resolve("link");
        Path relative = dir.resolve("relative");
        Path dangling = dir.resolve("dangling");
        try (EventLoop loop = EventLoop.open()) {
            loop.blockOn(Fs.symlink(target, link));
            loop.blockOn(Fs.symlink(Path.of("target"), relative));
            loop.blockOn(Fs.symlink(Path.of("nowhere"), dangling));
            assertThat(loop.blockOn(Fs.symlinkMetadata(dangling)).isSymbolicLink()).isTrue();
        }
        assertThat(Files.readSymbolicLink(link)).isEqualTo(target);
        assertThat(Files.readSymbolicLink(relative)).isEqualTo(Path.of("target"));
        assertThat(Files.readString(relative)).isEqualTo("through the link");
        assertThat(Files.exists(dangling)).isFalse();
    }

    @Test
    @Needs({Feature.HARD_LINKS, Feature.POSIX_FILES})
    void hardLinkSharesTheInode() throws IOException {
        Path original = Files.writeString(dir.resolve("original"), "shared");
        Path link = dir.resolve("hard");
        try (EventLoop loop = EventLoop.open()) {
            loop.blockOn(Fs.hardLink(original, link));
            Metadata a = loop.blockOn(Fs.metadata(original));
            Metadata b = loop.blockOn(Fs.metadata(link));
            assertThat(b.posix().inode()).isEqualTo(a.posix().inode());
            assertThat(a.posix().links()).isEqualTo(2);
            loop.blockOn(Fs.removeFile(original));
            assertThat(loop.blockOn(Fs.metadata(link)).posix().links()).isEqualTo(1);
        }
        assertThat(Files.readString(link)).isEqualTo("shared");
    }

    @Test
    @Needs(Feature.POSIX_FILES)
    void copyDuplicatesBytesAndPermissions() throws IOException {
        byte[] data = new byte[300_001];
        new Random(5).nextBytes(data);
        Path from = Files.write(dir.resolve("from"), data);
        Files.setPosixFilePermissions(from, PosixFilePermissions.fromString("rwxr-----"));
        Path to = Files.writeString(dir.resolve("to"), "old, longer than nothing but shorter than the copy");
        Path empty = Files.createFile(dir.resolve("empty"));
        try (EventLoop loop = EventLoop.open()) {
            assertThat(loop.blockOn(Fs.copy(from, to))).isEqualTo(data.length);
            assertThat(loop.blockOn(Fs.copy(empty, dir.resolve("empty-copy")))).isZero();
            Throwable t = Failures.of(loop, Fs.copy(dir, dir.resolve("dir-copy")));
            assertThat(t).isInstanceOf(FileSystemException.class).hasMessageContaining(dir.toString());
        }
        assertThat(Files.readAllBytes(to)).isEqualTo(data);
        Path fresh = dir.resolve("fresh");
        try (EventLoop loop = EventLoop.open()) {
            loop.blockOn(Fs.copy(from, fresh));
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwxr-----");
        assertThat(Files.size(dir.resolve("empty-copy"))).isZero();
    }

    @Test
    @Needs(Feature.POSIX_FILES)
    void createDirAllMakesParentsAndAcceptsExistingDirectories() throws IOException {
        Path deep = dir.resolve("a/b/c/d");
        Path file = Files.writeString(dir.resolve("plain"), "x");
        try (EventLoop loop = EventLoop.open()) {
            loop.blockOn(Fs.createDirAll(deep));
            assertThat(Files.isDirectory(deep)).isTrue();
            loop.blockOn(Fs.createDirAll(deep)); // already there: fine
            loop.blockOn(Fs.createDirAll(dir.resolve("a/b/e")));
            assertThat(Files.isDirectory(dir.resolve("a/b/e"))).isTrue();
            assertThat(Failures.of(loop, Fs.createDirAll(file))).isInstanceOf(FileAlreadyExistsException.class);
            assertThat(Failures.of(loop, Fs.createDirAll(file.resolve("under")))).isInstanceOf(FileSystemException.class);
            loop.blockOn(Fs.createDir(dir.resolve("mode"), 0700));
            assertThat(loop.blockOn(Fs.metadata(dir.resolve("mode"))).posix().permissions()).isEqualTo(0700);
        }
    }

    @Test
    void removeFileAndRemoveDir() throws IOException {
        Path f = Files.writeString(dir.resolve("f"), "x");
        Path d = Files.createDirectory(dir.resolve("d"));
        try (EventLoop loop = EventLoop.open()) {
            loop.blockOn(Fs.removeFile(f));
            loop.blockOn(Fs.removeDir(d));
        }
        assertThat(Files.exists(f)).isFalse();
        assertThat(Files.exists(d)).isFalse();
    }

    @Test
    void writeThenReadAllRoundTripsText() {
        Path p = dir.resolve("text");
        try (EventLoop loop = EventLoop.open()) {
            loop.blockOn(Fs.write(p, "h\u00e9llo\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(new String(loop.blockOn(Fs.readAll(p)), StandardCharsets.UTF_8)).isEqualTo("h\u00e9llo\n");
            loop.blockOn(Fs.write(p, new byte[0]));
            assertThat(loop.blockOn(Fs.readAll(p))).isEmpty();
        }
    }
}
