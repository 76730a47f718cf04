package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** What the image holds and how a plain program starts on it. */
class ImageIT {
    /** The development tools the image leaves out (src/image/development-tools.txt), one module a line. */
    private static Set<String> developmentTools() throws Exception {
        Set<String> tools = new TreeSet<>();
        for (String line : Files.readAllLines(Runtimes.repoRoot().resolve("rusticated-runtime/src/image/development-tools.txt"))) {
            String name = line.replaceFirst("#.*", "").strip();
            if (!name.isEmpty()) {
                tools.add(name);
            }
        }
        return tools;
    }

    private static Set<String> modules(Path java) {
        Launch.Result r = Launch.of(java.toString(), "--list-modules").run();
        assertThat(r.exitCode()).as("%s", r).isZero();
        assertThat(r.stderr()).isEmpty();
        return r.stdout().lines().map(l -> l.replaceFirst("@.*", "")).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Every module of the stock JDK but its development tools, and rusticated's; the tools image adds the compiler. */
    @Test
    void holdsEveryRunTimeModuleOfTheJdkThatLinkedIt() throws Exception {
        Set<String> stock = modules(Runtimes.stockJava());
        Set<String> expected = new TreeSet<>(stock);
        expected.removeAll(developmentTools());
        expected.addAll(List.of("io.rusticated", "io.rusticated.unix", "io.rusticated.linux"));
        assertThat(stock).as("the stock JDK has the tools the list names").containsAll(developmentTools());
        assertThat(modules(Runtimes.imageJava())).isEqualTo(expected).contains("jdk.localedata", "jdk.charsets", "jdk.management");
        expected.addAll(List.of("jdk.compiler", "jdk.internal.opt")); // and what the compiler requires
        assertThat(modules(Runtimes.toolsImageJava())).isEqualTo(expected);
    }

    /** Localized formats, extended charsets, management beans and the JDK's services are the stock JDK's. */
    @Test
    void programsGetWhatTheJdksRunTimeModulesGive() {
        List<String> cmd = List.of("-cp", Runtimes.programClasses().toString(), "jdkprograms.RuntimeServices");
        Launch.Result stock = Launch.of(Stream.concat(Stream.of(Runtimes.stockJava().toString()), cmd.stream()).toList()).run();
        Launch.Result image = Launch.of(Stream.concat(Stream.of(Runtimes.imageJava().toString()), cmd.stream()).toList()).run();
        assertThat(stock.exitCode()).as("%s", stock).isZero();
        assertThat(stock.stdout()).contains("de_DE date Freitag, 1. März 2024", "charset IBM037 true", "hotspot diagnostic bean true");
        assertThat(image).isEqualTo(stock);
    }

    @Test
    void isStrippedOfHeadersAndManPages() {
        assertThat(Runtimes.image().resolve("include")).doesNotExist();
        assertThat(Runtimes.image().resolve("man")).doesNotExist();
        assertThat(Runtimes.image().resolve("lib/modules")).isRegularFile();
    }

    @Test
    void servesFilesAndConsoleWithRusticatedWithoutWarnings() {
        Launch.Result r = Launch.of(Runtimes.imageJava().toString(), "-cp", Runtimes.programClasses().toString(), "jdkprograms.WhoServes").run();
        assertThat(r.stderr()).as("no warnings (native access is enabled in the image)").isEmpty();
        assertThat(r.exitCode()).isZero();
        assertThat(r.stdout()).contains("provider io.rusticated.jdk.RusticatedFileSystemProvider\n",
                "system class loader io.rusticated.jdk.RusticatedSystemClassLoader\n",
                "asynchronous channel provider io.rusticated.jdk.RusticatedAsynchronousChannelProvider\n");
        // The console streams keep the JDK's types (a PrintStream over rusticated's stream): DemoTraceIT shows their I/O.
    }

    @Test
    void theStockJdkServesThemItself() {
        Launch.Result r = Launch.of(Runtimes.stockJava().toString(), "-cp", Runtimes.programClasses().toString(), "jdkprograms.WhoServes").run();
        assertThat(r.stdout()).contains("provider sun.nio.fs.LinuxFileSystemProvider").doesNotContain("rusticated");
    }

    /** Both launch forms: {@code -jar app.jar} and {@code -cp app.jar Main}. */
    @Test
    void runsTheDemoJarBothWays(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("f.txt"), "xyz");
        Launch.Result jar = Launch.of(Runtimes.demoCommand(Runtimes.imageJava())).input(file + "\n").run();
        Launch.Result cp = Launch.of(Runtimes.imageJava().toString(), "-cp", Runtimes.demoJar().toString(), "demo.Main")
                .input(file + "\n").run();
        for (Launch.Result r : List.of(jar, cp)) {
            assertThat(r).isEqualTo(new Launch.Result(0, "File to inspect: \nlast byte: 0x7a 'z' at offset 2\n", ""));
        }
    }
}
