package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a new user copies from the READMEs works as written: the API example compiles and runs with
 * the command the README gives, the runtime's stock-JDK command runs a program on rusticated with
 * the jars the build makes, and {@code ./mvnw} says nothing about {@code sun.misc.Unsafe}.
 */
class ReadmeIT {
    @TempDir
    Path work;

    /** The fenced block of the given language that follows {@code after} in the Markdown file. */
    private static String block(Path markdown, String after, String language) throws IOException {
        String text = Files.readString(markdown);
        int from = text.indexOf(after);
        assertThat(from).as("%s has %s", markdown, after).isNotNegative();
        int open = text.indexOf("```" + language + "\n", from);
        int close = text.indexOf("\n```", open + 4 + language.length());
        return text.substring(open + 4 + language.length(), close + 1);
    }

    /** A shell command as the README writes it: continuation lines joined, split at blanks (the READMEs quote nothing). */
    private static List<String> words(String command) {
        return new ArrayList<>(Arrays.asList(command.replace("\\\n", " ").strip().split("\\s+")));
    }

    private static String lineStarting(String block, String start) {
        String joined = block.replace("\\\n", " ");
        return joined.lines().filter(l -> l.startsWith(start)).findFirst()
                .orElseThrow(() -> new AssertionError("no line starting with " + start + " in\n" + block));
    }

    @Test
    void theApiExampleCompilesAndRunsAsWritten() throws Exception {
        Path readme = Runtimes.repoRoot().resolve("README.md");
        String source = block(readme, "## A short example", "java");
        String run = lineStarting(block(readme, "## A short example", "sh"), "java ");
        Path example = Files.writeString(work.resolve("Example.java"), source);

        List<String> cmd = words(run);
        assertThat(cmd).as("the README's command").endsWith("Example.java");
        cmd.set(0, Runtimes.stockJava().toString());
        cmd.set(cmd.size() - 1, example.toString()); // where this test saved it
        Launch.Result r = Launch.of(cmd).in(Runtimes.repoRoot()).run();

        assertThat(r.stderr()).as("%s", r).isEmpty();
        assertThat(r.exitCode()).as("%s", r).isZero();
        String hostname = Files.readString(Path.of("/etc/hostname"));
        String release = Launch.of("uname", "-r").run().stdout();
        assertThat(r.stdout()).isEqualTo(hostname.length() + " bytes: " + hostname + "\n" + release + "4 bytes over TCP: ping\n");
    }

    @Test
    void theStockJdkCommandOfTheRuntimeReadmeRunsAProgramOnRusticated() throws Exception {
        String block = block(Runtimes.repoRoot().resolve("rusticated-runtime/README.md"), "The same program runs on rusticated on a stock JDK", "");
        List<String> cmd = words(lineStarting(block, "java "));
        assertThat(cmd).as("the README's command").endsWith("-jar", "app.jar");
        Path file = Files.writeString(work.resolve("f.txt"), "ab");
        Path trace = work.resolve("trace.txt");
        cmd.set(0, Runtimes.stockJava().toString());
        cmd.add(1, "-Drusticated.trace=" + trace);
        cmd.set(cmd.size() - 1, Runtimes.demoJar().toString());
        Launch.Result r = Launch.of(cmd).in(Runtimes.repoRoot()).input(file + "\n").run();

        assertThat(r).isEqualTo(new Launch.Result(0, "File to inspect: \nlast byte: 0x62 'b' at offset 1\n", ""));
        assertThat(Files.readAllLines(trace)).as("served by rusticated").contains("STAT path=" + file + " -> ok");
    }

    /** Maven's own dependencies call sun.misc.Unsafe; .mvn/jvm.config allows it, so JDK 24+ prints no warning on any run. */
    @Test
    void mavenPrintsNoUnsafeWarnings() {
        Launch.Result r = Launch.of(Runtimes.repoRoot().resolve("mvnw").toString(), "-B", "-ntp", "-N", "validate").in(Runtimes.repoRoot()).run();
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stdout() + r.stderr()).doesNotContain("sun.misc.Unsafe").contains("BUILD SUCCESS");
    }
}
