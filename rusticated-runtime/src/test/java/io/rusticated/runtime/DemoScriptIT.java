package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The quick start script {@code ./demo}: stdin passes through, the exit code comes back. */
class DemoScriptIT {
    @TempDir
    Path dir;

    private static Launch script() {
        // The build has just made the image and the jar; the script must not start another build.
        return Launch.of(Runtimes.repoRoot().resolve("demo").toString()).env("DEMO_BUILD", "never");
    }

    @Test
    void passesInputThroughAndExitsWithZero() throws Exception {
        Path f = Files.writeString(dir.resolve("f.txt"), "last!");
        Launch.Result r = script().in(dir).input("f.txt\n").run();
        assertThat(r).isEqualTo(new Launch.Result(0, "File to inspect: \nlast byte: 0x21 '!' at offset 4\n", ""));
        assertThat(f).exists();
    }

    @Test
    void propagatesTheDemosExitCode() {
        Launch.Result r = script().in(dir).input("nothing-here\n").run();
        assertThat(r).isEqualTo(new Launch.Result(5, "File to inspect: \n", "error: no such file: 'nothing-here'\n"));
    }
}
