package io.rusticated.conformance;

import io.rusticated.fs.Fs;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.AccessDeniedException;
import java.nio.file.AccessMode;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code Fs.checkAccess}: access(2) on the blocking pool (io_uring has no opcode for it), with
 * the JDK's answer for the same file as the reference. Execute permission is the check that
 * holds for root too (root reads and writes anything).
 */
@Needs({Feature.POSIX_FILES, Feature.SYMLINKS})
class AccessTest {
    @TempDir
    Path dir;

    @Test
    void agreesWithTheJdkAndNamesThePathOnFailure() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Files.setPosixFilePermissions(plain, PosixFilePermissions.fromString("rw-r--r--"));
        Path script = Files.writeString(dir.resolve("script.sh"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), script);
        Path missing = dir.resolve("missing");
        try (EventLoop loop = EventLoop.open()) {
            loop.blockOn(Fs.checkAccess(plain));
            loop.blockOn(Fs.checkAccess(plain, AccessMode.READ, AccessMode.WRITE));
            loop.blockOn(Fs.checkAccess(script, AccessMode.EXECUTE));
            loop.blockOn(Fs.checkAccess(link, AccessMode.READ, AccessMode.EXECUTE)); // followed
            loop.blockOn(Fs.checkAccess(dir, AccessMode.EXECUTE)); // search permission

            Throwable noExec = Failures.of(loop, Fs.checkAccess(plain, AccessMode.EXECUTE));
            assertThat(noExec).isInstanceOf(AccessDeniedException.class);
            assertThat(((FileSystemException) noExec).getFile()).isEqualTo(plain.toString());
            assertThatThrownBy(() -> plain.getFileSystem().provider().checkAccess(plain, AccessMode.EXECUTE))
                    .as("the JDK agrees").isInstanceOf(AccessDeniedException.class);

            Throwable gone = Failures.of(loop, Fs.checkAccess(missing));
            assertThat(gone).isInstanceOf(NoSuchFileException.class);
            assertThat(((FileSystemException) gone).getFile()).isEqualTo(missing.toString());

            Throwable notDir = Failures.of(loop, Fs.checkAccess(plain.resolve("below"), AccessMode.READ));
            assertThat(notDir).as("ENOTDIR: the JDK's checkAccess reports it as ENOENT").isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> plain.getFileSystem().provider().checkAccess(plain.resolve("below"), AccessMode.READ))
                    .as("the JDK agrees").isInstanceOf(NoSuchFileException.class);
            assertThatThrownBy(() -> Fs.checkAccess(Path.of("bad\0path")))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(loop.inFlight()).isZero();
        }
    }
}
