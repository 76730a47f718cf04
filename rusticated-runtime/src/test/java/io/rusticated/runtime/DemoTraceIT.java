package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operation trace ({@code -Drusticated.trace=FILE}, one line per completed operation) shows
 * that the unchanged demo's console and file I/O went through rusticated's proactor: the prompt
 * and result written to handle 1, the line read from handle 0, the statx of the path, the open,
 * and the one-byte read at offset size - 1. The backend is forced to io_uring, so the run fails
 * rather than falls back, and every READ in the trace is an io_uring READ.
 */
class DemoTraceIT {
    private static final Pattern READ_WRITE = Pattern.compile("(READ|WRITE) handle=(\\d+) offset=(-?\\d+) length=(\\d+) -> (\\d+)");
    private static final int SIZE = 1500;

    @TempDir
    Path dir;

    @Test
    void consoleAndFileOperationsGoThroughRusticated() throws Exception {
        Path file = dir.resolve("probe.bin");
        byte[] content = new byte[SIZE];
        content[SIZE - 1] = 'Q';
        Files.write(file, content);
        Path trace = dir.resolve("trace.txt");
        String input = file + "\n";

        Launch.Result r = Launch.of(Runtimes.demoCommand(Runtimes.imageJava(), "-Drusticated.trace=" + trace, "-Drusticated.backend=io_uring"))
                .in(dir).input(input).run();
        assertThat(r).isEqualTo(new Launch.Result(0, "File to inspect: \nlast byte: 0x51 'Q' at offset " + (SIZE - 1) + "\n", ""));

        List<String> lines = Files.readAllLines(trace);
        String all = String.join("\n", lines);
        // (0) no call was handed to the JDK
        assertThat(all).doesNotContain("handed to the JDK");
        // (1) every byte of standard output was written by rusticated, to handle 1
        assertThat(sum(lines, "WRITE", 1)).as("bytes written to handle 1 in\n%s", all).isEqualTo(r.stdout().getBytes(StandardCharsets.UTF_8).length);
        // (2) the line was read by rusticated from handle 0
        assertThat(sum(lines, "READ", 0)).as("bytes read from handle 0 in\n%s", all).isEqualTo(input.getBytes(StandardCharsets.UTF_8).length);
        // (3) the path was examined with a statx, following links
        assertThat(lines).as(all).contains("STAT path=" + file + " -> ok");
        // (4) the file was opened and its last byte read at offset size - 1
        String open = lines.stream().filter(l -> l.startsWith("OPEN path=" + file + " -> ")).findFirst()
                .orElseThrow(() -> new AssertionError("no OPEN of " + file + " in\n" + all));
        long fd = Long.parseLong(open.substring(open.lastIndexOf(' ') + 1));
        assertThat(fd).isGreaterThan(2);
        assertThat(lines).as(all).contains("READ handle=" + fd + " offset=" + (SIZE - 1) + " length=1 -> 1");
        // in this order: prompt before the read of the line, the line before the statx, statx before the last-byte read
        assertThat(indexOf(lines, "WRITE handle=1 ")).isLessThan(indexOf(lines, "READ handle=0 "));
        assertThat(indexOf(lines, "READ handle=0 ")).isLessThan(indexOf(lines, "STAT path=" + file));
        assertThat(indexOf(lines, "STAT path=" + file)).isLessThan(indexOf(lines, "READ handle=" + fd + " offset=" + (SIZE - 1)));
    }

    /** The launcher's JDK_JAVA_OPTIONS route works too (the launcher notes it on stderr). */
    @Test
    void traceCanBeSwitchedOnThroughTheEnvironment() throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "ab");
        Path trace = dir.resolve("trace.txt");
        Launch.Result r = Launch.of(Runtimes.demoCommand(Runtimes.imageJava())).env("JDK_JAVA_OPTIONS", "-Drusticated.trace=" + trace)
                .in(dir).input("f.txt\n").run();
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stderr()).isEqualTo("NOTE: Picked up JDK_JAVA_OPTIONS: -Drusticated.trace=" + trace + "\n");
        assertThat(Files.readAllLines(trace)).contains("STAT path=f.txt -> ok").anyMatch(l -> l.matches("READ handle=\\d+ offset=1 length=1 -> 1"));
        assertThat(file).hasContent("ab");
    }

    /**
     * Where no loop can start (here: a backend name that does not exist; in the field: io_uring and
     * epoll both refused), the image still serves the synchronous calls, which need no loop (the
     * console, the stat), and hands the asynchronous channel to the JDK: the same output, nothing
     * on stderr; only the trace shows it.
     */
    @Test
    void withoutABackendTheAsynchronousChannelGoesToTheJdk() throws Exception {
        Files.writeString(dir.resolve("f.txt"), "ab");
        Path trace = dir.resolve("trace.txt");
        Launch.Result r = Launch.of(Runtimes.demoCommand(Runtimes.imageJava(), "-Drusticated.trace=" + trace, "-Drusticated.backend=none"))
                .in(dir).input("f.txt\n").run();
        assertThat(r).isEqualTo(new Launch.Result(0, "File to inspect: \nlast byte: 0x62 'b' at offset 1\n", ""));
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).contains("STAT path=f.txt -> ok", "# jdk: newAsynchronousFileChannel handed to the JDK (NO_BACKEND)")
                .anyMatch(l -> l.matches("READ handle=0 offset=-1 length=\\d+ -> 6"))
                .noneMatch(l -> l.startsWith("# loop on "))
                .filteredOn(l -> l.startsWith("# jdk: ")).hasSize(1);
    }

    /** The documented recipe for a stock JDK: the same options on the command line, the jars on the module path. */
    @Test
    void aStockJdkWithTheImagesOptionsRunsOnRusticatedToo() throws Exception {
        Files.writeString(dir.resolve("f.txt"), "ab");
        Path trace = dir.resolve("trace.txt");
        List<String> options = new ArrayList<>(Runtimes.stockJdkOnRusticated());
        options.add("-Drusticated.trace=" + trace);
        Launch.Result r = Launch.of(Runtimes.demoCommand(Runtimes.stockJava(), options.toArray(String[]::new))).in(dir).input("f.txt\n").run();
        assertThat(r).isEqualTo(new Launch.Result(0, "File to inspect: \nlast byte: 0x62 'b' at offset 1\n", ""));
        assertThat(Files.readAllLines(trace)).contains("STAT path=f.txt -> ok")
                .anyMatch(l -> l.matches("READ handle=0 offset=-1 length=\\d+ -> 6"))
                .anyMatch(l -> l.matches("READ handle=\\d+ offset=1 length=1 -> 1"));
    }

    /** Control: the stock JDK knows nothing of the trace property. */
    @Test
    void theStockJdkWritesNoTrace() throws Exception {
        Files.writeString(dir.resolve("f.txt"), "ab");
        Path trace = dir.resolve("trace.txt");
        Launch.Result r = Launch.of(Runtimes.demoCommand(Runtimes.stockJava(), "-Drusticated.trace=" + trace)).in(dir).input("f.txt\n").run();
        assertThat(r.exitCode()).isZero();
        assertThat(trace).doesNotExist();
    }

    private static long sum(List<String> lines, String opcode, long handle) {
        long total = 0;
        List<String> seen = new ArrayList<>();
        for (String l : lines) {
            Matcher m = READ_WRITE.matcher(l);
            if (m.matches() && m.group(1).equals(opcode) && Long.parseLong(m.group(2)) == handle) {
                total += Long.parseLong(m.group(5));
                seen.add(l);
            }
        }
        assertThat(seen).as("%s on handle %d", opcode, handle).isNotEmpty();
        return total;
    }

    private static int indexOf(List<String> lines, String prefix) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' in\n" + String.join("\n", lines));
    }
}
