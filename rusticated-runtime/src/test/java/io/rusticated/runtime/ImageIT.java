package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the image holds and how a plain program starts on it. */
class ImageIT {
    @Test
    void holdsTheJavaSeModulesTheZipFileSystemAndRusticated() {
        Launch.Result r = Launch.of(Runtimes.imageJava().toString(), "--list-modules").run();
        assertThat(r.exitCode()).as("%s", r).isZero();
        List<String> modules = r.stdout().lines().map(l -> l.replaceFirst("@.*", "")).toList();
        assertThat(modules).contains("java.base", "java.se", "java.sql", "java.net.http", "jdk.zipfs", "jdk.unsupported",
                "io.rusticated", "io.rusticated.unix", "io.rusticated.linux");
        assertThat(modules).doesNotContain("jdk.compiler", "jdk.jlink");
        assertThat(r.stderr()).isEmpty();
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
            assertThat(r).isEqualTo(new Launch.Result(0, "File to inspect: last byte: 0x7a 'z' at offset 2\n", ""));
        }
    }
}
