package io.rusticated.windows;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Command lines: arguments joined so that the Microsoft C runtime splits them back unchanged, and
 * batch-file arguments quoted for cmd.exe or refused when cmd.exe cannot receive them intact.
 */
class CommandLineTest {
    /** The table "Results of parsing command lines" in Microsoft's "Parsing C command-line arguments" (UCRT). */
    @Test
    void parsingFollowsTheDocumentedExamples() {
        assertThat(CommandLine.parse("prog \"a b c\" d e")).containsExactly("prog", "a b c", "d", "e");
        assertThat(CommandLine.parse("prog \"ab\\\"c\" \"\\\\\" d")).containsExactly("prog", "ab\"c", "\\", "d");
        assertThat(CommandLine.parse("prog a\\\\\\b d\"e f\"g h")).containsExactly("prog", "a\\\\\\b", "de fg", "h");
        assertThat(CommandLine.parse("prog a\\\\\\\"b c d")).containsExactly("prog", "a\\\"b", "c", "d");
        assertThat(CommandLine.parse("prog a\\\\\\\\\"b c\" d e")).containsExactly("prog", "a\\\\b c", "d", "e");
        assertThat(CommandLine.parse("prog a\"b\"\" c d")).containsExactly("prog", "ab\" c d");
        // argv[0]: quotes group, backslashes are literal
        assertThat(CommandLine.parse("\"C:\\Program Files\\x\\\" y")).containsExactly("C:\\Program Files\\x\\", "y");
        assertThat(CommandLine.parse("prog   \t")).containsExactly("prog");
    }

    @Test
    void argumentsSurviveTheRoundTripUnchanged() {
        List<String> tricky = List.of("", " ", "a b", "\t", "\"", "\\", "\\\\", "a\\", "a\\\\", "a\\\"b", "\\\"", "\"\"", "x\"y z\"",
                "C:\\Program Files\\", "trailing\\\\\"", "\u00e9t\u00e9", "\uD800lone", "new\nline", "tab\there", "%PATH%", "a&b|c<d>e^f");
        List<String> argv = new ArrayList<>();
        argv.add("C:\\Program Files\\app.exe");
        argv.addAll(tricky);
        assertThat(CommandLine.parse(CommandLine.of(argv))).isEqualTo(argv);

        Random random = new Random(12);
        String alphabet = "ab \t\"\\\u00e9\uD800";
        for (int run = 0; run < 10_000; run++) {
            List<String> args = new ArrayList<>();
            args.add("prog");
            int n = random.nextInt(4);
            for (int i = 0; i < n; i++) {
                StringBuilder s = new StringBuilder();
                int len = random.nextInt(7);
                for (int j = 0; j < len; j++) {
                    s.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                args.add(s.toString());
            }
            String line = CommandLine.of(args);
            assertThat(CommandLine.parse(line)).as("%s from %s", line, args).isEqualTo(args);
        }
    }

    @Test
    void quotingIsOnlyWhereNeeded() {
        assertThat(CommandLine.of(List.of("prog", "plain", "C:\\dir\\", "a b", ""))).isEqualTo("prog plain C:\\dir\\ \"a b\" \"\"");
        assertThat(CommandLine.of(List.of("C:\\Program Files\\p.exe", "x"))).isEqualTo("\"C:\\Program Files\\p.exe\" x");
        assertThat(CommandLine.of(List.of("p", "dir\\ x\\"))).as("backslashes before the closing quote doubled").isEqualTo("p \"dir\\ x\\\\\"");
        assertThatThrownBy(() -> CommandLine.of(List.of("pro\"g"))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("argv[0]");
    }

    @Test
    void batchFilesAreRecognisedAsWindowsRecognisesThem() {
        assertThat(CommandLine.isBatchFile(Path.of("run.bat"))).isTrue();
        assertThat(CommandLine.isBatchFile(Path.of("RUN.CMD"))).isTrue();
        assertThat(CommandLine.isBatchFile(Path.of("run.bat."))).as("Windows drops trailing dots").isTrue();
        assertThat(CommandLine.isBatchFile(Path.of("run.cmd  "))).as("and trailing spaces").isTrue();
        assertThat(CommandLine.isBatchFile(Path.of("run.exe"))).isFalse();
        assertThat(CommandLine.isBatchFile(Path.of("run.batch"))).isFalse();
    }

    @Test
    void batchArgumentsAreQuotedForCmdExe() {
        assertThat(CommandLine.forBatchFile("C:\\t\\run.bat", List.of("plain", "a b", "a&b", "x|y", "<in", "^", "(p)", "", "C:\\dir\\", "caf\u00e9")))
                .isEqualTo("cmd.exe /e:ON /v:OFF /d /c \"\"C:\\t\\run.bat\" plain \"a b\" \"a&b\" \"x|y\" \"<in\" \"^\" \"(p)\" \"\" C:\\dir\\ caf\u00e9\"");
        assertThat(CommandLine.batchArgument("a=b")).as("'=' splits arguments for cmd.exe").isEqualTo("\"a=b\"");
        assertThat(CommandLine.batchArgument("!x!")).isEqualTo("\"!x!\"");
    }

    /** CVE-2024-24576: what cmd.exe cannot receive intact is refused, never passed on. */
    @Test
    void batchArgumentsCmdExeCannotReceiveAreRefused() {
        for (String bad : List.of("\"&calc.exe", "a\"b", "%PATH%", "100%", "line\nbreak", "cr\rhere")) {
            assertThatThrownBy(() -> CommandLine.forBatchFile("C:\\t\\run.bat", List.of("ok", bad)))
                    .as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("CVE-2024-24576");
        }
        assertThatThrownBy(() -> CommandLine.forBatchFile("C:\\t\\we\"ird.bat", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch file's path");
        assertThatThrownBy(() -> CommandLine.forBatchFile("C:\\t\\", List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
