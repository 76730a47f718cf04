package io.rusticated.linux;

import io.rusticated.conformance.Failures;
import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static io.rusticated.conformance.JdkErrors.namesFile;
import static io.rusticated.conformance.JdkErrors.sameAsJdk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The errors only Linux can trigger for root, compared with the JDK's own exception for the same
 * failure (the conformance kit's ErrorMappingTest covers those every OS can trigger).
 */
class LinuxErrorMappingTest {
    @TempDir
    Path dir;

    @Test
    void eaccesIsAccessDenied() throws IOException {
        try (EventLoop loop = EventLoop.open()) {
            // A read-only sysctl refuses writers with EACCES, even root (proc_sys_permission).
            Path sysctl = Path.of("/proc/sys/kernel/ostype");
            Throwable t = Failures.of(loop, File.open(loop, sysctl, OpenOptions.options().withWrite(true)));
            namesFile(t, AccessDeniedException.class, sysctl);
            sameAsJdk(t, () -> Files.newByteChannel(sysctl, StandardOpenOption.WRITE).close());
        }
    }

    /** EROFS is a plain FileSystemException in the JDK's UnixException, not AccessDenied. */
    @Test
    void erofsIsAPlainFileSystemException() throws Exception {
        Path mount = Files.createDirectory(dir.resolve("read-only"));
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", mount.toString()).redirectErrorStream(true).start();
        boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root): " + new String(p.getInputStream().readAllBytes()));
        try (EventLoop loop = EventLoop.open()) {
            Path file = mount.resolve("file");
            Throwable created = Failures.of(loop, File.open(loop, file, OpenOptions.createTruncate()));
            assertThat(created).isExactlyInstanceOf(FileSystemException.class);
            namesFile(created, FileSystemException.class, file);
            sameAsJdk(created, () -> Files.newByteChannel(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE).close());
            Path sub = mount.resolve("sub");
            Throwable made = Failures.of(loop, Fs.createDir(sub));
            assertThat(made).isExactlyInstanceOf(FileSystemException.class);
            sameAsJdk(made, () -> Files.createDirectory(sub));
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
