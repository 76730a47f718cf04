package io.rusticated.macos;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.Metadata;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.process.Child;
import io.rusticated.process.Command;
import io.rusticated.process.ExitStatus;
import io.rusticated.process.Output;
import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kqueue backend and libSystem bindings against a real Mac: what the stand-in and the probe
 * cannot show (calling conventions, the arm64 variadic rule, dyld lookup, kernel behaviour). Runs
 * only on macOS (the GitHub-hosted runners of .github/workflows/macos.yml); skipped elsewhere.
 * Not run yet: no Mac was available when it was written.
 */
@EnabledOnOs(OS.MAC)
class OnMacTest {
    @TempDir
    Path dir;

    @Test
    void aLoopOpensOnKqueue() {
        try (EventLoop loop = EventLoop.open()) {
            assertThat(loop.backend().name()).isEqualTo("kqueue");
        }
    }

    /** openat's mode is variadic: on arm64 a fixed binding would give the file a garbage mode. */
    @Test
    void aFileCreatedWithMode0600HasIt() throws Exception {
        Path file = dir.resolve("private");
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, file, OpenOptions.options().withWrite(true).withCreateNew(true).withMode(0600)));
            loop.blockOn(f.write(Buffer.of("secret")));
            loop.blockOn(f.sync()); // F_FULLFSYNC
            loop.blockOn(f.close());
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(file)).isEqualTo("secret");
    }

    @Test
    void metadataAndDirectoriesComeFromTheInode64Calls() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "12345");
        Files.createDirectory(dir.resolve("sub"));
        try (EventLoop loop = EventLoop.open()) {
            Metadata m = loop.blockOn(Fs.metadata(dir.resolve("a.txt")));
            assertThat(m.size()).isEqualTo(5);
            assertThat(m.isRegularFile()).isTrue();
            assertThat(m.fileKey().file()).isEqualTo(Files.getAttribute(dir.resolve("a.txt"), "unix:ino"));
            List<DirEntry> entries = loop.blockOn(loop.blockOn(Fs.readDir(dir)).collect());
            assertThat(entries).extracting(DirEntry::name).containsExactlyInAnyOrder("a.txt", "sub");
            assertThat(new String(loop.blockOn(Fs.readAll(dir.resolve("a.txt"))), StandardCharsets.UTF_8)).isEqualTo("12345");
        }
    }

    @Test
    void aChildRunsWithItsOutputOnAPipeAndItsExitSeenByEvfiltProc() {
        try (EventLoop loop = EventLoop.open()) {
            Output out = loop.blockOn(Command.of("/bin/sh", "-c", "echo hello; ls /dev/fd | wc -l; exit 3").output(loop));
            assertThat(out.stdoutText()).startsWith("hello\n");
            assertThat(out.status()).isEqualTo(new ExitStatus.Exited(3));
        }
    }

    @Test
    void aKilledChildIsSeenKilled() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            Child c = Command.of("/bin/sleep", "30").spawn(loop);
            assertThat(c.kill()).isTrue();
            assertThat(loop.blockOn(c.waitExit())).isEqualTo(new ExitStatus.Killed(Signal.KILL, false));
        }
    }
}
