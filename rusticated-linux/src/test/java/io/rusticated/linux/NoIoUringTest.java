package io.rusticated.linux;

import io.rusticated.process.Stdio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Backend selection in JVMs where io_uring is really refused: each test starts {@link NoIoUringChild}
 * with the same java binary and class path; the child blocks io_uring_setup with seccomp before
 * opening a loop. These children choose their backend themselves, so the suite's forced-epoll run
 * would only repeat them; they run in the default run.
 */
@DisabledIfSystemProperty(named = "rusticated.backend", matches = ".+", disabledReason = "the children pick their own backend; once is enough")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NoIoUringTest {
    @TempDir
    Path dir;

    /** Docker's default profile: io_uring_setup fails with EPERM. Everything still works, on epoll. */
    @Test
    void epermFallsBackToEpollAndAllIoWorks() throws Exception {
        Child c = run(List.of(), "errno=" + LinuxAbi.EPERM, "io");
        assertThat(c.exitCode).as(c.describe()).isZero();
        assertThat(c.values).as(c.describe())
                .containsEntry("backend", "epoll")
                .containsEntry("file-read", "written without io_uring")
                .containsEntry("file-size", "24")
                .containsEntry("dir", "note.txt")
                .containsEntry("pipe-read-waited", "true")
                .containsEntry("pipe", "through a pipe")
                .containsEntry("console", "written by Stdio")
                .containsEntry("stdin", "a line typed by the parent")
                .containsEntry("slept-at-least-2500us", "true")
                .containsEntry("done", "true");
        assertThat(c.values.get("reason")).contains("io_uring unavailable").contains("EPERM");
        assertThat(c.values.get("features")).startsWith("epoll_pwait2");
        assertThat(c.stderr).as("selection is logged at DEBUG only").isEmpty();
    }

    /** Before Linux 5.11 there is no epoll_pwait2: waits take whole milliseconds, rounded up. */
    @Test
    void withoutEpollPwait2TheMillisecondWaitServes() throws Exception {
        Child c = run(List.of(), "errno=" + LinuxAbi.ENOSYS, "no-epoll_pwait2", "io");
        assertThat(c.exitCode).as(c.describe()).isZero();
        assertThat(c.values).as(c.describe())
                .containsEntry("backend", "epoll")
                .containsEntry("pipe", "through a pipe")
                .containsEntry("stdin", "a line typed by the parent")
                .containsEntry("slept-at-least-2500us", "true")
                .containsEntry("done", "true");
        assertThat(c.values.get("features")).startsWith("epoll_wait");
    }

    @Test
    void enosysFallsBackToEpoll() throws Exception {
        Child c = run(List.of(), "errno=" + LinuxAbi.ENOSYS);
        assertThat(c.values).as(c.describe()).containsEntry("backend", "epoll");
        assertThat(c.values.get("reason")).contains("ENOSYS");
    }

    @Test
    void einvalFallsBackToEpoll() throws Exception {
        Child c = run(List.of(), "errno=" + LinuxAbi.EINVAL);
        assertThat(c.values).as(c.describe()).containsEntry("backend", "epoll");
        assertThat(c.values.get("reason")).contains("EINVAL");
    }

    @Test
    void enomemEverywhereFallsBackToEpoll() throws Exception {
        Child c = run(List.of(), "errno=" + LinuxAbi.ENOMEM);
        assertThat(c.values).as(c.describe()).containsEntry("backend", "epoll");
        assertThat(c.values.get("reason")).contains("ENOMEM");
    }

    /** ENOMEM (memlock) for large rings only: a smaller ring is tried and io_uring is kept. */
    @Test
    void enomemRetriesWithASmallerRing() throws Exception {
        Child c = run(List.of("-Drusticated.ring.entries=256"), "enomem-above=64");
        assertThat(c.values).as(c.describe()).containsEntry("backend", "io_uring");
        assertThat(c.values.get("features")).contains("sq=64 ");
    }

    @Test
    void forcingUnavailableIoUringFailsClearly() throws Exception {
        Child c = run(List.of("-Drusticated.backend=io_uring"), "errno=" + LinuxAbi.EPERM);
        assertThat(c.values).as(c.describe()).doesNotContainKey("backend");
        assertThat(c.values.get("open-failed")).contains("rusticated.backend=io_uring was forced but is unavailable").contains("EPERM");
    }

    @Test
    void forcingEpollNeedsNoIoUring() throws Exception {
        Child c = run(List.of("-Drusticated.backend=epoll"), "errno=" + LinuxAbi.EPERM);
        assertThat(c.values).as(c.describe()).containsEntry("backend", "epoll").containsEntry("reason", "rusticated.backend=epoll");
    }

    private record Child(int exitCode, Map<String, String> values, String stdout, String stderr) {
        String describe() {
            return "child exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    private Child run(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(NoIoUringChild.class.getName());
        cmd.addAll(List.of(args));
        Path err = dir.resolve("stderr-" + System.nanoTime());
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("a line typed by the parent\n".getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("child did not exit; stdout so far:\n" + out);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return new Child(p.exitValue(), values, out, Files.readString(err));
    }
}
