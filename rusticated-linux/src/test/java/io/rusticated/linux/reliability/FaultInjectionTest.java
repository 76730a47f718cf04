package io.rusticated.linux.reliability;

import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.linux.Libc;
import io.rusticated.linux.NativeTestSupport;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Faults the OS really produces: short reads, a file truncated or deleted while being read, a
 * pipe whose reader is gone (EPIPE without dying of SIGPIPE), a full file system (ENOSPC on a
 * small tmpfs), and the descriptor limit (EMFILE, in a child JVM with a lowered RLIMIT_NOFILE).
 */
class FaultInjectionTest {
    @TempDir
    Path dir;

    @Test
    void shortReadAtEndOfFile() throws Exception {
        Path p = dir.resolve("short");
        Files.write(p, new byte[100]);
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(p));
            Buffer b = Buffer.allocate(64);
            assertThat(loop.blockOn(f.readAt(b, 90))).isEqualTo(10);
            assertThat(b.length()).isEqualTo(10);
            b.clear();
            assertThat(loop.blockOn(f.readAt(b, 100))).as("at end of file").isZero();
            assertThat(loop.blockOn(f.readAt(b, 1L << 40))).as("far past the end").isZero();
            loop.blockOn(f.close());
        }
    }

    @Test
    void fileTruncatedOrDeletedWhileOpen() throws Exception {
        Path p = dir.resolve("shrinking");
        Files.write(p, new byte[8192]);
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(p));
            Buffer b = Buffer.allocate(4096);
            assertThat(loop.blockOn(f.readAt(b, 4096))).isEqualTo(4096);
            Files.write(p, new byte[100]); // truncates the same inode
            b.clear();
            assertThat(loop.blockOn(f.readAt(b, 4096))).as("read past the new end").isZero();
            Files.delete(p);
            b.clear();
            assertThat(loop.blockOn(f.readAt(b, 0))).as("an unlinked file stays readable while open").isEqualTo(100);
            assertThat(loop.blockOn(f.metadata()).posix().links()).isZero();
            loop.blockOn(f.close());
            assertThatThrownBy(() -> loop.blockOn(f.readAt(Buffer.allocate(1), 0))).hasCauseInstanceOf(ClosedChannelException.class);
        }
    }

    @Test
    void writeToAPipeWhoseReaderIsGoneFailsWithEpipeAndTheJvmLives() {
        int[] pipe = Native.pipe();
        Libc.close(pipe[0]);
        try (EventLoop loop = EventLoop.open()) {
            File w = File.fromHandle(loop, pipe[1], Path.of("pipe"));
            assertThatThrownBy(() -> loop.blockOn(w.write(Buffer.of("nobody reads this"))))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(IOException.class).hasMessageContaining("Broken pipe");
        } finally {
            Libc.close(pipe[1]);
        }
    }

    @Test
    void fullFileSystemGivesENOSPCNamingTheFile() throws Exception {
        Path mount = dir.resolve("tiny");
        Files.createDirectory(mount);
        Process p = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mount.toString()).redirectErrorStream(true).start();
        boolean mounted = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        assumeTrue(mounted, "cannot mount a tmpfs here (needs root): " + new String(p.getInputStream().readAllBytes()));
        try (EventLoop loop = EventLoop.open()) {
            Path big = mount.resolve("big");
            File f = loop.blockOn(File.open(big, OpenOptions.createTruncate()));
            Buffer chunk = Buffer.allocate(16 * 1024);
            long written = 0;
            Throwable failure = null;
            for (int i = 0; i < 64 && failure == null; i++) {
                chunk.clear().setLength(chunk.capacity());
                try {
                    int n = loop.blockOn(f.writeAt(chunk, written));
                    written += n;
                    if (n < chunk.capacity()) {
                        assertThat(n).as("a short write before the disk is full").isLessThan(chunk.capacity());
                    }
                } catch (CompletionException e) {
                    failure = e.getCause();
                }
            }
            // As the JDK's FileChannel: a plain IOException, since a write on a descriptor names no path.
            assertThat(failure).isExactlyInstanceOf(IOException.class).hasMessage("No space left on device");
            assertThat(written).isGreaterThan(0).isLessThanOrEqualTo(64 * 1024);
            assertThat(chunk.isLent()).isFalse();
            loop.blockOn(f.close());
        } finally {
            new ProcessBuilder("umount", mount.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Child JVM: opens files until the descriptor limit, then reports what it got. */
    public static final class OpenUntilEmfile {
        public static void main(String[] args) throws Exception {
            Path p = Path.of(args[0]);
            List<File> open = new ArrayList<>();
            try (EventLoop loop = EventLoop.open()) {
                try {
                    for (int i = 0; i < 10_000; i++) {
                        open.add(loop.blockOn(File.open(p)));
                    }
                    System.out.println("no limit hit");
                } catch (CompletionException e) {
                    System.out.println("failed after " + open.size() + ": " + e.getCause().getClass().getName() + ": " + e.getCause().getMessage());
                }
                for (File f : open) {
                    loop.blockOn(f.close());
                }
                // The loop still works after the limit was hit.
                File again = loop.blockOn(File.open(p));
                loop.blockOn(again.close());
                System.out.println("recovered");
            }
        }
    }

    @Test
    void descriptorLimitGivesEMFILEAndTheLoopRecovers() throws Exception {
        Path target = dir.resolve("target");
        Files.writeString(target, "x");
        // The child runs on this run's backend (the epoll execution forces it).
        List<String> cmd = new ArrayList<>(List.of("prlimit", "--nofile=128", "--"));
        cmd.addAll(NativeTestSupport.javaCommand(OpenUntilEmfile.class, target.toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("java.nio.file.FileSystemException", "Too many open files", target.toString(), "recovered");
    }
}
