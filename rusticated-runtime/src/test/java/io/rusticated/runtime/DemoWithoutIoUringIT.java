package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo on the image where io_uring is refused by seccomp, as in Docker's default profile:
 * rusticated opens its loop on epoll, says so (the trace's first line), and the demo's console and
 * file I/O still go through rusticated with the same output as anywhere else.
 */
class DemoWithoutIoUringIT {
    private static final int SIZE = 1500;

    @TempDir
    Path dir;

    @Test
    void theDemoRunsOnEpollWhenSeccompDeniesIoUring() throws Exception {
        Path file = dir.resolve("probe.bin");
        byte[] content = new byte[SIZE];
        content[SIZE - 1] = 'Q';
        Files.write(file, content);
        Path trace = dir.resolve("trace.txt");

        for (String errno : List.of("EPERM", "ENOSYS")) {
            Files.deleteIfExists(trace);
            List<String> cmd = new ArrayList<>(List.of(Runtimes.stockJava().toString(), "--enable-native-access=ALL-UNNAMED",
                    "-cp", System.getProperty("java.class.path"), "io.rusticated.linux.SeccompExec", errno));
            cmd.addAll(Runtimes.demoCommand(Runtimes.imageJava(), "-Drusticated.trace=" + trace));
            Launch.Result r = Launch.of(cmd).in(dir).input(file + "\n").run();

            assertThat(r).as(errno).isEqualTo(new Launch.Result(0, "File to inspect: \nlast byte: 0x51 'Q' at offset " + (SIZE - 1) + "\n", ""));
            List<String> lines = Files.readAllLines(trace);
            // The loop starts for the asynchronous channel, the first call that needs it.
            String loop = lines.stream().filter(l -> l.startsWith("# loop on ")).findFirst().orElseThrow(() -> new AssertionError(lines));
            assertThat(loop).as(errno).startsWith("# loop on epoll (").contains("io_uring unavailable").contains(errno);
            assertThat(lines).as(errno).contains("STAT path=" + file + " -> ok")
                    .anyMatch(l -> l.startsWith("READ handle=0 offset=-1 "));
            assertThat(lines.subList(lines.indexOf(loop), lines.size())).as(errno)
                    .anyMatch(l -> l.matches("READ handle=\\d+ offset=" + (SIZE - 1) + " length=1 -> 1"));
        }
    }
}
