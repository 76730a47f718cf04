package io.rusticated.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The demo, compiled unchanged to WASM and run on the Node host, against the same demo jar on the
 * stock JDK: for every documented input, the same stdout, stderr and exit code, byte for byte.
 * The expected exit code is checked too, so that both failing alike cannot pass.
 */
class DemoOnWasmIT {
    private static final String PROMPT = "File to inspect: ";
    /** The prompt's line once a line was read: no console (TeaVM's System.console() is null), so the demo ends it. */
    private static final String PROMPTED = PROMPT + "\n";
    private static DemoFixtures files;

    @BeforeAll
    static void createFiles() throws Exception {
        files = new DemoFixtures();
    }

    @AfterAll
    static void deleteFiles() throws Exception {
        if (files != null) {
            files.close();
        }
    }

    record Case(String name, byte[] input, int exitCode) {
        static Case of(String name, String input, int exitCode) {
            return new Case(name, input.getBytes(StandardCharsets.UTF_8), exitCode);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        byte[] hugeLine = new byte[4 << 20];
        Arrays.fill(hugeLine, (byte) 'a');
        return Stream.of(
                Case.of("end of input before a line", "", 2),
                Case.of("empty line", "\n", 3),
                Case.of("blank line", " \t \r\n", 3),
                Case.of("relative path", "letter.txt\n", 0),
                Case.of("absolute path", files.resolve("letter.txt") + "\n", 0),
                Case.of("last line without a line end", "letter.txt", 0),
                Case.of("newline as last byte", "lines.txt\n", 0),
                Case.of("byte above ASCII", "high.bin\n", 0),
                Case.of("quote as last byte", "quote.txt\n", 0),
                Case.of("space inside the name", "with space.txt\n", 0),
                Case.of("CRLF line end", "letter.txt\r\n", 0),
                Case.of("leading and trailing blanks", "  \t letter.txt \t \r\n", 0),
                Case.of("only the first line counts", "letter.txt\nlines.txt\n", 0),
                Case.of("symbolic link is followed", "link\n", 0),
                Case.of("sparse file over 4 GiB", "big.bin\n", 0),
                Case.of("no such file", "missing.txt\n", 5),
                Case.of("dangling symbolic link", "dangling\n", 5),
                Case.of("symbolic link loop", "loop\n", 8),
                Case.of("directory", "sub\n", 6),
                Case.of("FIFO", "fifo\n", 6),
                Case.of("character device", "/dev/null\n", 6),
                Case.of("empty file", "empty.txt\n", 7),
                Case.of("NUL inside the path", "letter\0.txt\n", 4),
                Case.of("NUL at the end is not stripped", "letter.txt\0\n", 4),
                Case.of("non-ASCII name that does not exist", "fichier-\u00e9\u4e2d.txt\n", 5),
                Case.of("name longer than NAME_MAX", "x".repeat(300) + "\n", 8),
                new Case("a 4 MiB line without a line end", hugeLine, 8));
    }

    private static Launch.Result onWasm(byte[] input, List<String> prefix) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(Guests.onNode(Guests.demoWasm()));
        return Launch.of(cmd).in(files.dir).input(input).run();
    }

    private static Launch.Result onJvm(byte[] input, List<String> prefix) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(Guests.stockJava().toString(), "-jar", Guests.demoJar().toString()));
        return Launch.of(cmd).in(files.dir).input(input).run();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsTheJvmDoes(Case c) {
        Launch.Result wasm = onWasm(c.input(), List.of());
        Launch.Result jvm = onJvm(c.input(), List.of());
        assertThat(jvm.exitCode()).as("the JVM's exit code; %s", jvm).isEqualTo(c.exitCode());
        assertThat(wasm.stderr()).as("stderr; WASM:\n%s\nJVM:\n%s", wasm, jvm).isEqualTo(jvm.stderr()).doesNotContain("rusticated host");
        assertThat(wasm).isEqualTo(jvm);
    }

    /** As root the demo runs without CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH (setpriv), so mode 000 denies it. */
    @Test
    void unreadableFile() throws Exception {
        List<String> prefix = withoutDacOverride();
        byte[] input = "secret.txt\n".getBytes(StandardCharsets.UTF_8);
        Launch.Result wasm = onWasm(input, prefix);
        assertThat(wasm).isEqualTo(new Launch.Result(8, PROMPTED, "error: cannot read 'secret.txt': permission denied\n"));
        assertThat(wasm).isEqualTo(onJvm(input, prefix));
    }

    /**
     * The host's read breaks (every READ of a file fails with EIO): the demo reports it as on the
     * JVM, where the JDK's channel read throws IOException("Input/output error") (strerror(EIO)).
     */
    @Test
    void aFailingReadIsReportedAsTheJvmWould() {
        Launch.Result r = Launch.of(Guests.onNode(Guests.demoWasm())).in(files.dir).env("RUSTICATED_HOST_FAULT", "read")
                .input("letter.txt\n".getBytes(StandardCharsets.UTF_8)).run();
        assertThat(r).isEqualTo(new Launch.Result(8, PROMPTED, "error: cannot read 'letter.txt': Input/output error\n"));
    }

    /** Standard input breaks: the JDK's FileInputStream would throw IOException("Input/output error"); exit 2. */
    @Test
    void aFailingConsoleIsReportedAsTheJvmWould() {
        Launch.Result r = Launch.of(Guests.onNode(Guests.demoWasm())).in(files.dir).env("RUSTICATED_HOST_FAULT", "stdin")
                .input("letter.txt\n".getBytes(StandardCharsets.UTF_8)).run();
        assertThat(r).isEqualTo(new Launch.Result(2, PROMPT + "\n", "error: cannot read standard input: Input/output error\n"));
    }

    /** {@code ./demo --wasm} runs the same .wasm on the same host: stdin through, exit code back. */
    @Test
    void theDemoScriptRunsItWithWasm() {
        List<String> script = List.of(Guests.repoRoot().resolve("demo").toString(), "--wasm");
        Launch.Result ok = Launch.of(script).env("DEMO_BUILD", "never").in(files.dir).input("letter.txt\n".getBytes(StandardCharsets.UTF_8)).run();
        assertThat(ok).isEqualTo(new Launch.Result(0, PROMPTED + "last byte: 0x43 'C' at offset 2\n", ""));
        Launch.Result missing = Launch.of(script).env("DEMO_BUILD", "never").in(files.dir).input("nothing-here\n".getBytes(StandardCharsets.UTF_8)).run();
        assertThat(missing).isEqualTo(new Launch.Result(5, PROMPTED, "error: no such file: 'nothing-here'\n"));
    }

    private static List<String> withoutDacOverride() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return List.of();
        }
        Path setpriv = Stream.of("/usr/bin/setpriv", "/bin/setpriv").map(Path::of).filter(Files::isExecutable).findFirst()
                .orElseThrow(() -> new AssertionError("running as root needs setpriv (util-linux) to test an unreadable file"));
        return List.of(setpriv.toString(), "--bounding-set=-dac_override,-dac_read_search");
    }
}
