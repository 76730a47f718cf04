package io.rusticated.runtime;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo, an unchanged plain Java program, run on the rusticated image with each kind of input
 * piped to it: the exact output and exit code are required, and the stock JDK must give the same.
 */
class DemoOnImageIT {
    private static final String PROMPT = "File to inspect: ";
    /** The prompt's line once a line was read: no terminal echoed it, so the demo ends it. */
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

    /** One input and what the demo must answer. */
    record Case(String name, String input, int exitCode, String stdout, String stderr) {
        static Case ok(String name, String input, String result) {
            return new Case(name, input, 0, PROMPTED + result + "\n", "");
        }

        static Case error(String name, String input, int exitCode, String message) {
            return new Case(name, input, exitCode, PROMPTED, "error: " + message + "\n");
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        String big = Long.toString(DemoFixtures.BIG_SIZE - 1);
        return Stream.of(
                new Case("end of input before a line", "", 2, PROMPT + "\n", "error: no input: end of input before a line was read\n"),
                Case.error("empty line", "\n", 3, "empty line: no file name given"),
                Case.error("blank line", " \t \r\n", 3, "empty line: no file name given"),
                Case.ok("relative path", "letter.txt\n", "last byte: 0x43 'C' at offset 2"),
                Case.ok("absolute path", files.resolve("letter.txt") + "\n", "last byte: 0x43 'C' at offset 2"),
                Case.ok("last line without a line end", "letter.txt", "last byte: 0x43 'C' at offset 2"),
                Case.ok("newline as last byte", "lines.txt\n", "last byte: 0x0a at offset 11"),
                Case.ok("byte above ASCII", "high.bin\n", "last byte: 0xff at offset 2"),
                Case.ok("quote as last byte", "quote.txt\n", "last byte: 0x27 ''' at offset 4"),
                Case.ok("space inside the name", "with space.txt\n", "last byte: 0x79 'y' at offset 2"),
                Case.ok("CRLF line end", "letter.txt\r\n", "last byte: 0x43 'C' at offset 2"),
                Case.ok("leading and trailing blanks", "  \t letter.txt \t \r\n", "last byte: 0x43 'C' at offset 2"),
                Case.ok("only the first line counts", "letter.txt\nlines.txt\n", "last byte: 0x43 'C' at offset 2"),
                Case.ok("symbolic link is followed", "link\n", "last byte: 0x43 'C' at offset 2"),
                Case.ok("sparse file over 4 GiB", "big.bin\n", "last byte: 0x21 '!' at offset " + big),
                Case.error("no such file", "missing.txt\n", 5, "no such file: 'missing.txt'"),
                Case.error("dangling symbolic link", "dangling\n", 5, "no such file: 'dangling'"),
                Case.error("symbolic link loop", "loop\n", 8, "cannot read 'loop': Too many levels of symbolic links or unable to access attributes of symbolic link"),
                Case.error("directory", "sub\n", 6, "'sub' is a directory, not a regular file"),
                Case.error("FIFO", "fifo\n", 6, "'fifo' is not a regular file (a device, FIFO or socket)"),
                Case.error("character device", "/dev/null\n", 6, "'/dev/null' is not a regular file (a device, FIFO or socket)"),
                Case.error("empty file", "empty.txt\n", 7, "'empty.txt' is empty: it has no last byte"),
                Case.error("NUL inside the path", "letter\0.txt\n", 4, "invalid path 'letter\\0.txt': NUL character not allowed"),
                Case.error("NUL at the end is not stripped", "letter.txt\0\n", 4, "invalid path 'letter.txt\\0': NUL character not allowed"));
    }

    private static Launch.Result demo(Path java, String input, List<String> prefix) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(Runtimes.demoCommand(java));
        return Launch.of(cmd).in(files.dir).input(input).run();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onTheImage(Case c) {
        Launch.Result r = demo(Runtimes.imageJava(), c.input(), List.of());
        assertThat(r.stderr()).as("stderr; %s", r).isEqualTo(c.stderr());
        assertThat(r.stdout()).as("stdout; %s", r).isEqualTo(c.stdout());
        assertThat(r.exitCode()).as("exit code; %s", r).isEqualTo(c.exitCode());
    }

    /** The expectations above are the stock JDK's behaviour, not just the image's. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void onTheStockJdk(Case c) {
        Launch.Result r = demo(Runtimes.stockJava(), c.input(), List.of());
        assertThat(r).isEqualTo(new Launch.Result(c.exitCode(), c.stdout(), c.stderr()));
    }

    /**
     * A file (mode 000) the user may not read. Root reads anything through its capabilities
     * CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH, so as root the demo runs without those two (still
     * uid 0, so it reaches the image wherever the repository is) through setpriv(1).
     */
    @Test
    void unreadableFile() throws Exception {
        for (Path java : List.of(Runtimes.imageJava(), Runtimes.stockJava())) {
            Launch.Result r = demo(java, "secret.txt\n", withoutDacOverride());
            assertThat(r).as("on %s", java).isEqualTo(new Launch.Result(8, PROMPTED, "error: cannot read 'secret.txt': permission denied\n"));
        }
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
