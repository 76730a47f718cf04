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
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

import static io.rusticated.conformance.JdkErrors.namesFile;
import static io.rusticated.conformance.JdkErrors.sameAsJdk;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each errno the file API maps, triggered for real, must surface as the exception a Java developer
 * catches, naming the path: the very exception the JDK's own provider throws for the same failure
 * (class, file, other file and reason), checked against the JDK where it has the same call. The
 * triggers work as root too (root passes most permission checks).
 */
class ErrorMappingTest {
    @TempDir
    Path dir;

    @Test
    @Needs(Feature.SYMLINKS)
    void missingFilesAreNoSuchFile() {
        try (EventLoop loop = EventLoop.open()) {
            Path missing = dir.resolve("missing");
            namesFile(Failures.of(loop, File.open(loop, missing, OpenOptions.readOnly())), NoSuchFileException.class, missing);
            namesFile(Failures.of(loop, Fs.metadata(missing)), NoSuchFileException.class, missing);
            namesFile(Failures.of(loop, Fs.symlinkMetadata(missing)), NoSuchFileException.class, missing);
            namesFile(Failures.of(loop, Fs.removeFile(missing)), NoSuchFileException.class, missing);
            namesFile(Failures.of(loop, Fs.removeDir(missing)), NoSuchFileException.class, missing);
            namesFile(Failures.of(loop, Fs.readDir(missing)), NoSuchFileException.class, missing);
            namesFile(Failures.of(loop, Fs.rename(missing, dir.resolve("x"))), NoSuchFileException.class, missing);
            Path inMissingDir = dir.resolve("no-dir/file");
            namesFile(Failures.of(loop, File.open(loop, inMissingDir, OpenOptions.createTruncate())), NoSuchFileException.class, inMissingDir);
            namesFile(Failures.of(loop, Fs.createDir(inMissingDir)), NoSuchFileException.class, inMissingDir);
            namesFile(Failures.of(loop, Fs.symlink(Path.of("anything"), inMissingDir)), NoSuchFileException.class, inMissingDir);
        }
    }

    @Test
    @Needs(Feature.HARD_LINKS)
    void notPermittedIsAPlainFileSystemExceptionAsInTheJdk() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            // Hard links to directories are refused with EPERM, for root too; the JDK's UnixException
            // makes EPERM a plain FileSystemException (only EACCES is AccessDenied).
            Path d = Files.createDirectory(dir.resolve("d"));
            Path link = dir.resolve("d-link");
            Throwable perm = Failures.of(loop, Fs.hardLink(d, link));
            assertThat(perm).isExactlyInstanceOf(FileSystemException.class);
            namesFile(perm, FileSystemException.class, link);
            sameAsJdk(perm, () -> Files.createLink(link, d));
            assertThat(Files.exists(link)).isFalse();
        }
    }

    @Test
    @Needs({Feature.SYMLINKS, Feature.HARD_LINKS})
    void existingTargetsAreFileAlreadyExists() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path file = Files.writeString(dir.resolve("file"), "x");
            Path other = Files.writeString(dir.resolve("other"), "y");
            Path sub = Files.createDirectory(dir.resolve("sub"));

            namesFile(Failures.of(loop, File.open(loop, file, OpenOptions.options().withWrite(true).withCreateNew(true))),
                    FileAlreadyExistsException.class, file);
            namesFile(Failures.of(loop, Fs.createDir(sub)), FileAlreadyExistsException.class, sub);
            namesFile(Failures.of(loop, Fs.createDir(file)), FileAlreadyExistsException.class, file);
            namesFile(Failures.of(loop, Fs.rename(other, file, true)), FileAlreadyExistsException.class, file);
            namesFile(Failures.of(loop, Fs.symlink(Path.of("target"), file)), FileAlreadyExistsException.class, file);
            namesFile(Failures.of(loop, Fs.hardLink(other, file)), FileAlreadyExistsException.class, file);
            assertThat(Files.readString(file)).as("nothing was replaced").isEqualTo("x");
            assertThat(Files.readString(other)).isEqualTo("y");
        }
    }

    @Test
    void fileUsedAsDirectoryIsNotDirectoryOnlyWhereTheJdkSaysSo() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path file = Files.writeString(dir.resolve("file"), "x");
            Throwable listed = Failures.of(loop, Fs.readDir(file));
            namesFile(listed, NotDirectoryException.class, file);
            sameAsJdk(listed, () -> Files.newDirectoryStream(file).close());
            // Elsewhere ENOTDIR is a plain FileSystemException "Not a directory", as UnixException makes it.
            Path child = file.resolve("child");
            Throwable opened = Failures.of(loop, File.open(loop, child, OpenOptions.readOnly()));
            assertThat(opened).isExactlyInstanceOf(FileSystemException.class);
            sameAsJdk(opened, () -> Files.newByteChannel(child).close());
            Throwable stat = Failures.of(loop, Fs.metadata(child));
            sameAsJdk(stat, () -> Files.readAttributes(child, java.nio.file.attribute.BasicFileAttributes.class));
            namesFile(Failures.of(loop, Fs.removeDir(file)), FileSystemException.class, file);
        }
    }

    @Test
    void nonEmptyDirectoryIsDirectoryNotEmpty() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path d = Files.createDirectory(dir.resolve("full"));
            Files.writeString(d.resolve("inside"), "x");
            Throwable removed = Failures.of(loop, Fs.removeDir(d));
            namesFile(removed, DirectoryNotEmptyException.class, d);
            sameAsJdk(removed, () -> Files.delete(d));
            Path empty = Files.createDirectory(dir.resolve("empty"));
            Files.createDirectory(dir.resolve("target"));
            Files.writeString(dir.resolve("target/inside"), "x");
            Throwable moved = Failures.of(loop, Fs.rename(empty, dir.resolve("target")));
            namesFile(moved, DirectoryNotEmptyException.class, dir.resolve("target"));
            sameAsJdk(moved, () -> Files.move(empty, dir.resolve("target"), java.nio.file.StandardCopyOption.REPLACE_EXISTING));
            assertThat(Files.exists(d.resolve("inside"))).isTrue();
        }
    }

    @Test
    void otherErrorsAreFileSystemExceptionsWithTheReason() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path d = Files.createDirectory(dir.resolve("dir"));
            Throwable t = Failures.of(loop, File.open(loop, d, OpenOptions.options().withWrite(true)));
            namesFile(t, FileSystemException.class, d);
            assertThat(t.getMessage()).contains("Is a directory");
            sameAsJdk(t, () -> Files.newByteChannel(d, java.nio.file.StandardOpenOption.WRITE).close());
            Path file = Files.writeString(dir.resolve("file"), "x");
            Throwable unlinkFileAsDir = Failures.of(loop, Fs.removeFile(d));
            assertThat(unlinkFileAsDir).isInstanceOf(FileSystemException.class);
            assertThat(unlinkFileAsDir.getMessage()).contains(d.toString());
            assertThat(Files.exists(file)).isTrue();
        }
    }

    @Test
    void writingAFileOpenedReadOnlyFails() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            Path file = Files.writeString(dir.resolve("ro"), "content");
            File f = loop.blockOn(File.open(loop, file, OpenOptions.readOnly()));
            Buffer b = Buffer.of("new");
            Throwable t = Failures.of(loop, f.writeAt(b, 0));
            assertThat(t).isInstanceOf(IOException.class).hasMessageContaining("Bad file descriptor");
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
