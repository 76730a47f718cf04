package io.rusticated.linux;

import io.rusticated.fs.File;
import io.rusticated.fs.FileType;
import io.rusticated.fs.Fs;
import io.rusticated.fs.Metadata;
import io.rusticated.fs.OpenOptions;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** statx through the loop must agree with what the JDK reads with stat(2). */
class MetadataTest {
    @TempDir
    Path dir;



    private static int permissionBits(Set<PosixFilePermission> perms) {
        int bits = 0;
        for (PosixFilePermission p : perms) {
            bits |= 1 << (8 - p.ordinal()); // OWNER_READ is ordinal 0 = 0400
        }
        return bits;
    }

    /** Checks every field the JDK also reports, reading the JDK's view without or with following links. */
    private static void assertAgrees(Metadata m, Path p, LinkOption... options) throws IOException {
        PosixFileAttributes posix = Files.readAttributes(p, PosixFileAttributes.class, options);
        Map<String, Object> unix = Files.readAttributes(p, "unix:*", options);

        FileType jdkType = posix.isRegularFile() ? FileType.REGULAR : posix.isDirectory() ? FileType.DIRECTORY
                : posix.isSymbolicLink() ? FileType.SYMLINK : FileType.UNKNOWN;
        assertThat(m.type()).as("type of %s", p).isEqualTo(jdkType);
        assertThat(m.type()).isEqualTo(typeOfMode((Integer) unix.get("mode")));
        assertThat(m.size()).as("size").isEqualTo(posix.size());
        assertThat(m.posix().permissions()).as("permission bits").isEqualTo((Integer) unix.get("mode") & 07777);
        assertThat(m.posix().permissions() & 0777).isEqualTo(permissionBits(posix.permissions()));
        assertThat(m.posix().inode()).as("inode").isEqualTo((Long) unix.get("ino"));
        assertThat(m.posix().links()).as("nlink").isEqualTo((long) (Integer) unix.get("nlink"));
        assertThat(m.posix().uid()).as("uid").isEqualTo((Integer) unix.get("uid"));
        assertThat(m.posix().gid()).as("gid").isEqualTo((Integer) unix.get("gid"));
        assertThat(m.lastModifiedTime()).as("mtime, to the nanosecond").isEqualTo(posix.lastModifiedTime());
        assertThat(m.lastModifiedTime()).isEqualTo(unix.get("lastModifiedTime"));
        assertThat(m.lastAccessTime()).as("atime").isEqualTo(posix.lastAccessTime());
        assertThat(FileTime.from(m.posix().changeTimeNanos(), java.util.concurrent.TimeUnit.NANOSECONDS)).as("ctime").isEqualTo(unix.get("ctime"));
        assertThat(m.isRegularFile()).isEqualTo(posix.isRegularFile());
        assertThat(m.isDirectory()).isEqualTo(posix.isDirectory());
        assertThat(m.isSymbolicLink()).isEqualTo(posix.isSymbolicLink());
    }

    /** The type the S_IFMT bits of a POSIX mode name (written here from POSIX, not taken from rusticated). */
    private static FileType typeOfMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> FileType.REGULAR;
            case 0040000 -> FileType.DIRECTORY;
            case 0120000 -> FileType.SYMLINK;
            case 0010000 -> FileType.FIFO;
            case 0140000 -> FileType.SOCKET;
            case 0020000 -> FileType.CHAR_DEVICE;
            case 0060000 -> FileType.BLOCK_DEVICE;
            default -> FileType.UNKNOWN;
        };
    }

    private Path fileWithOddAttributes() throws IOException {
        Path f = Files.write(dir.resolve("file"), new byte[12_345]);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-x--x"));
        // A modification time with nanoseconds the file system keeps, to catch a truncated field.
        Files.setLastModifiedTime(f, FileTime.from(Instant.parse("2021-03-04T05:06:07.123456789Z")));
        Files.createLink(dir.resolve("file-link"), f);
        return f;
    }

    @Test
    void regularFileAgreesWithTheJdk() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path f = fileWithOddAttributes();
            Metadata m = loop.blockOn(Fs.metadata(f));
            assertAgrees(m, f);
            assertThat(m.posix().links()).isEqualTo(2);
            assertThat(m.modifiedTimeNanos() % 1_000_000_000L).isEqualTo(123_456_789L);
            assertThat(m.posix().permissions()).isEqualTo(0751);
            assertThat(m.posix().blockSize()).isPositive();
        }
    }

    @Test
    void handleMetadataAgreesWithPathMetadata() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path f = fileWithOddAttributes();
            File open = loop.blockOn(File.open(loop, f, OpenOptions.readOnly()));
            Metadata byHandle = loop.blockOn(open.metadata());
            assertAgrees(byHandle, f);
            assertThat(byHandle).isEqualTo(loop.blockOn(Fs.metadata(f)));
            loop.blockOn(open.close());
        }
    }

    @Test
    void directoryAgreesWithTheJdk() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path d = Files.createDirectory(dir.resolve("sub"));
            Files.createDirectory(d.resolve("child")); // nlink 3
            Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwx-w----"));
            Metadata m = loop.blockOn(Fs.metadata(d));
            assertAgrees(m, d);
            assertThat(m.type()).isEqualTo(FileType.DIRECTORY);
            assertThat(m.posix().links()).isEqualTo(3);
            assertThat(m.posix().permissions()).isEqualTo(0720);
        }
    }

    @Test
    void symlinkFollowedAndNot() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path target = fileWithOddAttributes();
            Path link = Files.createSymbolicLink(dir.resolve("link"), target);

            Metadata followed = loop.blockOn(Fs.metadata(link));
            assertAgrees(followed, link);
            assertThat(followed.posix().inode()).isEqualTo(loop.blockOn(Fs.metadata(target)).posix().inode());
            assertThat(followed.type()).isEqualTo(FileType.REGULAR);

            Metadata itself = loop.blockOn(Fs.symlinkMetadata(link));
            assertAgrees(itself, link, LinkOption.NOFOLLOW_LINKS);
            assertThat(itself.type()).isEqualTo(FileType.SYMLINK);
            assertThat(itself.size()).as("a link's size is its target's length").isEqualTo(target.toString().length());
            assertThat(itself.posix().inode()).isNotEqualTo(followed.posix().inode());

            Metadata plain = loop.blockOn(Fs.symlinkMetadata(target));
            assertThat(plain).as("no-follow of a non-link is the file itself").isEqualTo(followed);
        }
    }

    @Test
    void specialFilesHaveTheirTypes() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            assertThat(loop.blockOn(Fs.metadata(Path.of("/dev/null"))).type()).isEqualTo(FileType.CHAR_DEVICE);
            Metadata root = loop.blockOn(Fs.metadata(Path.of("/")));
            assertAgrees(root, Path.of("/"));
        }
    }
}
