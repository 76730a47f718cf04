package io.rusticated.conformance;

import io.rusticated.fs.DirReader;
import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each OS error the file API translates, triggered for real, surfaces as the exception a Java
 * developer catches: the very exception the JDK's own provider throws for the same failure, with
 * the same class, file, other file and reason (the JDK's UnixException and WindowsException, plus
 * the refinements its provider makes: DirectoryNotEmpty on removing a directory, NotDirectory on
 * listing a file). The triggers work as root too (root passes most permission checks); each case
 * also says which class it must be, so a trigger that stopped failing cannot pass unseen.
 */
class ErrorMappingTest {
    @TempDir
    Path dir;

    /** A call through the JDK's file API. */
    interface JdkCall {
        void run() throws IOException;
    }

    /** Mismatches between rusticated's failures and the JDK's, collected for one test. */
    private static final class Comparison {
        private final EventLoop loop;
        private final List<String> mismatches = new ArrayList<>();

        Comparison(EventLoop loop) {
            this.loop = loop;
        }

        /** Ours fails with the expected class, exactly as the JDK's call does. */
        void expect(String what, Class<? extends FileSystemException> expected, CompletionStage<?> ours, JdkCall jdk) {
            Throwable o = outcome(ours);
            Throwable j = jdkOutcome(jdk);
            if (o == null || j == null) {
                mismatches.add(what + ": " + (o == null ? "ours succeeded" : "ours: " + o) + "; " + (j == null ? "the JDK's succeeded" : "the JDK's: " + j));
                return;
            }
            if (o.getClass() != expected) {
                mismatches.add(what + ": ours is " + o.getClass().getSimpleName() + " (" + o.getMessage() + "), expected " + expected.getSimpleName());
            }
            same(what, o, j);
        }

        /** Ours gives the same outcome as the JDK's call, success or failure, whichever the environment makes it. */
        void sameOutcome(String what, CompletionStage<?> ours, JdkCall jdk) {
            Throwable o = outcome(ours);
            Throwable j = jdkOutcome(jdk);
            if ((o == null) != (j == null)) {
                mismatches.add(what + ": ours " + (o == null ? "succeeded" : "failed: " + o) + ", the JDK's " + (j == null ? "succeeded" : "failed: " + j));
            } else if (o != null) {
                same(what, o, j);
            }
        }

        /** Ours fails with exactly this class naming the file, for a call the JDK has no twin of. */
        void expect(String what, Class<? extends FileSystemException> expected, CompletionStage<?> ours, Path file, String reason) {
            Throwable o = outcome(ours);
            if (o == null || o.getClass() != expected) {
                mismatches.add(what + ": ours is " + o + ", expected " + expected.getSimpleName());
                return;
            }
            FileSystemException f = (FileSystemException) o;
            if (!file.toString().equals(f.getFile()) || !Objects.equals(reason, f.getReason())) {
                mismatches.add(what + ": file " + f.getFile() + ", reason " + f.getReason() + "; expected " + file + ", " + reason);
            }
        }

        private void same(String what, Throwable o, Throwable j) {
            if (o.getClass() != j.getClass()) {
                mismatches.add(what + ": ours is " + o.getClass().getName() + ", the JDK's " + j.getClass().getName() + " (" + j.getMessage() + ")");
                return;
            }
            if (o instanceof FileSystemException of && j instanceof FileSystemException jf) {
                if (!Objects.equals(of.getFile(), jf.getFile()) || !Objects.equals(of.getOtherFile(), jf.getOtherFile())
                        || !Objects.equals(of.getReason(), jf.getReason())) {
                    mismatches.add(what + ": ours names (" + of.getFile() + ", " + of.getOtherFile() + ", " + of.getReason()
                            + "), the JDK's (" + jf.getFile() + ", " + jf.getOtherFile() + ", " + jf.getReason() + ")");
                }
            }
        }

        private Throwable outcome(CompletionStage<?> ours) {
            return loop.blockOn(ours.handle((v, e) -> e == null ? null : Failures.unwrap(e)));
        }

        private static Throwable jdkOutcome(JdkCall jdk) {
            try {
                jdk.run();
                return null;
            } catch (IOException e) {
                return e;
            }
        }

        void assertNone() {
            assertThat(mismatches).as("translations that differ from the JDK's").isEmpty();
        }
    }

    @Test
    void missingFilesAreNoSuchFile() {
        try (EventLoop loop = EventLoop.open()) {
            Comparison c = new Comparison(loop);
            Path missing = dir.resolve("missing");
            Path inMissingDir = dir.resolve("no-dir/file");
            Class<NoSuchFileException> e = NoSuchFileException.class;
            c.expect("open", e, File.open(loop, missing, OpenOptions.readOnly()), () -> Files.newByteChannel(missing).close());
            c.expect("metadata", e, Fs.metadata(missing), () -> Files.readAttributes(missing, BasicFileAttributes.class));
            c.expect("symlinkMetadata", e, Fs.symlinkMetadata(missing),
                    () -> Files.readAttributes(missing, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
            c.expect("removeFile", e, Fs.removeFile(missing), () -> Files.delete(missing));
            c.expect("removeDir", e, Fs.removeDir(missing), () -> Files.delete(missing));
            c.expect("readDir", e, Fs.readDir(missing), () -> Files.newDirectoryStream(missing).close());
            c.expect("checkAccess", e, Fs.checkAccess(missing), () -> missing.getFileSystem().provider().checkAccess(missing));
            c.expect("create in a missing directory", e, File.open(loop, inMissingDir, OpenOptions.createTruncate()),
                    () -> Files.newByteChannel(inMissingDir, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close());
            c.expect("createDir in a missing directory", e, Fs.createDir(inMissingDir), () -> Files.createDirectory(inMissingDir));
            c.assertNone();
        }
    }

    /**
     * rename(2) failing with ENOENT names both paths, as the JDK's translation of that failure
     * does. (The JDK's Files.move looks at the source first and names only it when it is missing:
     * that is its own pre-check, not a translation, so that case is checked without a twin.)
     */
    @Test
    void renamingWithAMissingPathIsNoSuchFile() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Comparison c = new Comparison(loop);
            Path existing = Files.writeString(dir.resolve("existing"), "x");
            Path inMissingDir = dir.resolve("no-dir/target");
            c.expect("rename into a missing directory", NoSuchFileException.class, Fs.rename(existing, inMissingDir),
                    () -> Files.move(existing, inMissingDir));
            Path missing = dir.resolve("missing");
            c.expect("rename of a missing file", NoSuchFileException.class, Fs.rename(missing, dir.resolve("target")), missing, null);
            c.assertNone();
        }
    }

    @Test
    @Needs({Feature.SYMLINKS, Feature.HARD_LINKS})
    void linksIntoMissingDirectoriesOrToMissingFilesAreNoSuchFile() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Comparison c = new Comparison(loop);
            Path inMissingDir = dir.resolve("no-dir/link");
            Path existing = Files.writeString(dir.resolve("existing"), "x");
            Path missing = dir.resolve("missing");
            Class<NoSuchFileException> e = NoSuchFileException.class;
            c.expect("symlink in a missing directory", e, Fs.symlink(Path.of("anything"), inMissingDir),
                    () -> Files.createSymbolicLink(inMissingDir, Path.of("anything")));
            c.expect("hard link in a missing directory", e, Fs.hardLink(existing, inMissingDir), () -> Files.createLink(inMissingDir, existing));
            c.expect("hard link to a missing file", e, Fs.hardLink(missing, dir.resolve("link")), () -> Files.createLink(dir.resolve("link"), missing));
            c.assertNone();
        }
    }

    /**
     * EACCES, and only EACCES, is AccessDeniedException. Execute permission is what root is
     * refused too (it needs an x bit somewhere); reading a file of mode 000 fails for everyone
     * else, and must then fail exactly as the JDK's read does.
     */
    @Test
    @Needs(Feature.POSIX_FILES)
    void permissionRefusalsAreAccessDenied() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Comparison c = new Comparison(loop);
            Path plain = Files.writeString(dir.resolve("plain"), "x");
            Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
            c.expect("execute a file without x bits", AccessDeniedException.class, Fs.checkAccess(plain, AccessMode.EXECUTE),
                    () -> plain.getFileSystem().provider().checkAccess(plain, AccessMode.EXECUTE));
            Path locked = Files.writeString(dir.resolve("locked"), "x");
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
            c.sameOutcome("open a file of mode 000", File.open(loop, locked, OpenOptions.readOnly()).thenCompose(File::close),
                    () -> Files.newByteChannel(locked).close());
            c.assertNone();
        }
    }

    /** EPERM is a plain FileSystemException in the JDK's UnixException: hard links to directories are refused with it, for root too. */
    @Test
    @Needs(Feature.HARD_LINKS)
    void notPermittedIsAPlainFileSystemException() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Comparison c = new Comparison(loop);
            Path d = Files.createDirectory(dir.resolve("d"));
            Path link = dir.resolve("d-link");
            c.expect("hard link to a directory", FileSystemException.class, Fs.hardLink(d, link), () -> Files.createLink(link, d));
            c.assertNone();
            assertThat(Files.exists(link)).isFalse();
        }
    }

    @Test
    void existingTargetsAreFileAlreadyExists() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Comparison c = new Comparison(loop);
            Path file = Files.writeString(dir.resolve("file"), "x");
            Path other = Files.writeString(dir.resolve("other"), "y");
            Path sub = Files.createDirectory(dir.resolve("sub"));
            Class<FileAlreadyExistsException> e = FileAlreadyExistsException.class;
            c.expect("create new", e, File.open(loop, file, OpenOptions.options().withWrite(true).withCreateNew(true)),
                    () -> Files.newByteChannel(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close());
            c.expect("createDir of a directory", e, Fs.createDir(sub), () -> Files.createDirectory(sub));
            c.expect("createDir of a file", e, Fs.createDir(file), () -> Files.createDirectory(file));
            c.expect("rename without replacing", e, Fs.rename(other, file, true), () -> Files.move(other, file));
            c.assertNone();
            assertThat(Files.readString(file)).as("nothing was replaced").isEqualTo("x");
            assertThat(Files.readString(other)).isEqualTo("y");
        }
    }

    @Test
    @Needs({Feature.SYMLINKS, Feature.HARD_LINKS})
    void linksOntoExistingNamesAreFileAlreadyExists() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Comparison c = new Comparison(loop);
            Path file = Files.writeString(dir.resolve("file"), "x");
            Path other = Files.writeString(dir.resolve("other"), "y");
            Class<FileAlreadyExistsException> e = FileAlreadyExistsException.class;
            c.expect("symlink", e, Fs.symlink(Path.of("target"), file), () -> Files.createSymbolicLink(file, Path.of("target")));
            c.expect("hard link", e, Fs.hardLink(other, file), () -> Files.createLink(file, other));
            c.assertNone();
            assertThat(Files.readString(file)).as("nothing was replaced").isEqualTo("x");
        }
    }

    /** NotDirectoryException where the JDK throws it (listing a file); elsewhere ENOTDIR is as the JDK makes it. */
    @Test
    void fileUsedAsDirectoryIsNotDirectoryOnlyWhereTheJdkSaysSo() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Comparison c = new Comparison(loop);
            Path file = Files.writeString(dir.resolve("file"), "x");
            Path child = file.resolve("child");
            c.expect("list a file", NotDirectoryException.class, Fs.readDir(file), () -> Files.newDirectoryStream(file).close());
            c.expect("open below a file", FileSystemException.class, File.open(loop, child, OpenOptions.readOnly()),
                    () -> Files.newByteChannel(child).close());
            c.expect("create below a file", FileSystemException.class, File.open(loop, child, OpenOptions.createTruncate()),
                    () -> Files.newByteChannel(child, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close());
            c.expect("createDir below a file", FileSystemException.class, Fs.createDir(child), () -> Files.createDirectory(child));
            // The JDK's provider reads a path through a file as missing when it stats it.
            c.sameOutcome("metadata below a file", Fs.metadata(child), () -> Files.readAttributes(child, BasicFileAttributes.class));
            c.sameOutcome("checkAccess below a file", Fs.checkAccess(child), () -> child.getFileSystem().provider().checkAccess(child));
            // rmdir of a file has no JDK twin (Files.delete removes files): ENOTDIR with the JDK's own reason for it.
            String notADirectory = reasonOf(() -> Files.newByteChannel(child).close());
            c.expect("removeDir of a file", FileSystemException.class, Fs.removeDir(file), file, notADirectory);
            c.assertNone();
        }
    }

    private static String reasonOf(JdkCall jdk) {
        try {
            jdk.run();
        } catch (FileSystemException e) {
            return e.getReason();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("the JDK's call succeeded");
    }

    @Test
    void nonEmptyDirectoryIsDirectoryNotEmpty() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Comparison c = new Comparison(loop);
            Path d = Files.createDirectory(dir.resolve("full"));
            Files.writeString(d.resolve("inside"), "x");
            Path empty = Files.createDirectory(dir.resolve("empty"));
            Path target = Files.createDirectory(dir.resolve("target"));
            Files.writeString(target.resolve("inside"), "x");
            c.expect("removeDir", DirectoryNotEmptyException.class, Fs.removeDir(d), () -> Files.delete(d));
            c.expect("rename onto it", DirectoryNotEmptyException.class, Fs.rename(empty, target),
                    () -> Files.move(empty, target, StandardCopyOption.REPLACE_EXISTING));
            c.assertNone();
            assertThat(Files.exists(d.resolve("inside"))).isTrue();
        }
    }

    /** Other errors are plain FileSystemExceptions with the OS's reason, as the JDK's. */
    @Test
    void otherErrorsArePlainFileSystemExceptionsWithTheReason() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Comparison c = new Comparison(loop);
            Path d = Files.createDirectory(dir.resolve("dir"));
            Path inside = Files.createDirectory(d.resolve("inside"));
            c.expect("open a directory for writing", FileSystemException.class, File.open(loop, d, OpenOptions.options().withWrite(true)),
                    () -> Files.newByteChannel(d, StandardOpenOption.WRITE).close());
            c.expect("move a directory into itself", FileSystemException.class, Fs.rename(d, inside.resolve("d")),
                    () -> Files.move(d, inside.resolve("d")));
            // unlink(2) of a directory: EISDIR on Linux, EPERM on macOS; the JDK's Files.delete removes directories, so no twin.
            Throwable unlinkDir = Failures.of(loop, Fs.removeFile(d));
            assertThat(unlinkDir).isExactlyInstanceOf(FileSystemException.class);
            assertThat(((FileSystemException) unlinkDir).getFile()).isEqualTo(d.toString());
            c.assertNone();
            assertThat(Files.isDirectory(d)).isTrue();
        }
    }

    /** The OS refuses it (EBADF on Unix, ERROR_ACCESS_DENIED on Windows): nothing is written, the buffer comes back whole. */
    @Test
    void writingAFileOpenedReadOnlyFails() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path file = Files.writeString(dir.resolve("ro"), "content");
            File f = loop.blockOn(File.open(loop, file, OpenOptions.readOnly()));
            Buffer b = Buffer.of("new");
            Throwable t = Failures.of(loop, f.writeAt(b, 0));
            assertThat(t).isInstanceOf(IOException.class).isNotInstanceOf(ClosedChannelException.class);
            assertThat(b.isLent()).isFalse();
            assertThat(b.length()).isEqualTo(3);
            assertThat(Files.readString(file)).isEqualTo("content");
            loop.blockOn(f.close());
        }
    }

    @Test
    void everyFileOperationAfterCloseIsClosedChannel() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path file = Files.writeString(dir.resolve("f"), "content");
            File f = loop.blockOn(File.open(loop, file, OpenOptions.readOnly().withWrite(true)));
            loop.blockOn(f.close());
            assertThat(f.isOpen()).isFalse();
            Buffer b = Buffer.allocate(8);
            assertThat(Failures.of(loop, f.read(b))).isInstanceOf(ClosedChannelException.class);
            assertThat(Failures.of(loop, f.readAt(b, 0))).isInstanceOf(ClosedChannelException.class);
            assertThat(Failures.of(loop, f.write(Buffer.of("x")))).isInstanceOf(ClosedChannelException.class);
            assertThat(Failures.of(loop, f.writeAt(Buffer.of("x"), 0))).isInstanceOf(ClosedChannelException.class);
            assertThat(Failures.of(loop, f.metadata())).isInstanceOf(ClosedChannelException.class);
            assertThat(Failures.of(loop, f.sync())).isInstanceOf(ClosedChannelException.class);
            assertThat(Failures.of(loop, f.syncData())).isInstanceOf(ClosedChannelException.class);
            assertThat(Failures.of(loop, f.setLength(0))).isInstanceOf(ClosedChannelException.class);
            assertThat(b.isLent()).as("a refused read never borrows the buffer").isFalse();
            loop.blockOn(f.close()); // closing twice is fine

            DirReader r = loop.blockOn(Fs.readDir(dir));
            loop.blockOn(r.close());
            assertThat(Failures.of(loop, r.nextBatch())).isInstanceOf(ClosedChannelException.class);
        }
    }
}
