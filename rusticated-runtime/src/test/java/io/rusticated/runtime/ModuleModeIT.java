package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Programs launched as modules ({@code -p mods -m module/main}) run on the image as on the stock
 * JDK, served by rusticated: an application module, and the JDK's compiler run from its own module.
 * In module mode the JVM resolves only the main module's graph unless told otherwise; the image's
 * launcher adds rusticated's module to every launch.
 */
class ModuleModeIT {
    @TempDir
    Path work;

    /** The stock JDK's javac, next to its java. */
    private static Path stockJavac() {
        return Runtimes.stockJava().resolveSibling("javac");
    }

    private Path compiledAppModule() {
        Path src = Runtimes.programClasses().resolve("modules/app");
        Path out = work.resolve("mods/app");
        Launch.Result javac = Launch.of(stockJavac().toString(), "-d", out.toString(), src.resolve("module-info.java").toString(),
                src.resolve("app/Main.java").toString()).run();
        assertThat(javac.exitCode()).as("%s", javac).isZero();
        return work.resolve("mods");
    }

    @Test
    void anApplicationModuleRunsOnRusticated() throws Exception {
        Path mods = compiledAppModule();
        Path trace = work.resolve("trace.txt");
        Launch.Result stock = Launch.of(Runtimes.stockJava().toString(), "-p", mods.toString(), "-m", "app/app.Main",
                Files.createDirectory(work.resolve("stock")).toString()).run();
        Launch.Result image = Launch.of(Runtimes.imageJava().toString(), "-Drusticated.trace=" + trace, "-p", mods.toString(),
                "-m", "app/app.Main", Files.createDirectory(work.resolve("image")).toString()).run();

        assertThat(stock.exitCode()).as("%s", stock).isZero();
        assertThat(stock.stdout()).contains("module app");
        assertThat(image).as("the same run on the image").isEqualTo(stock);
        List<String> served = Files.readAllLines(trace).stream().filter(l -> !l.startsWith("#")).toList();
        assertThat(served).as("operations rusticated served").anyMatch(l -> l.contains("f19.txt")).hasSizeGreaterThan(40);
    }

    @Test
    void theImageSaysWhoServesInModuleModeToo() throws Exception {
        Path mods = compiledAppModule();
        Launch.Result r = Launch.of(Runtimes.imageJava().toString(), "-p", mods.toString(), "--add-modules", "ALL-MODULE-PATH",
                "-cp", Runtimes.programClasses().toString(), "jdkprograms.WhoServes").run();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdout()).contains("provider io.rusticated.jdk.RusticatedFileSystemProvider\n",
                "system class loader io.rusticated.jdk.RusticatedSystemClassLoader\n");
    }

    /** javac as a module of the image ({@code -m jdk.compiler/...}) compiles to the very bytes the stock JDK's does. */
    @Test
    void theJdksCompilerRunsAsAModule() throws Exception {
        Path src = Runtimes.programClasses().resolve("modules/app");
        Path trace = work.resolve("trace.txt");
        List<String> outputs = new ArrayList<>();
        for (String runtime : List.of("stock", "image")) {
            Path out = work.resolve(runtime);
            List<String> cmd = new ArrayList<>();
            cmd.add(runtime.equals("stock") ? Runtimes.stockJava().toString() : Runtimes.toolsImageJava().toString());
            if (runtime.equals("image")) {
                cmd.add("-Drusticated.trace=" + trace);
            }
            cmd.addAll(List.of("-m", "jdk.compiler/com.sun.tools.javac.Main", "-d", out.toString(),
                    src.resolve("module-info.java").toString(), src.resolve("app/Main.java").toString()));
            Launch.Result r = Launch.of(cmd).run();
            assertThat(r.exitCode()).as("%s: %s", runtime, r).isZero();
            assertThat(r.stderr()).as(runtime).isEmpty();
            outputs.add(JdkOutputs.digest(out));
        }
        assertThat(outputs.get(1)).as("class files written on the image").isEqualTo(outputs.get(0)).contains("app/Main.class");
        assertThat(Files.readAllLines(trace)).as("the image's trace").anyMatch(l -> l.contains("Main.java"))
                .anyMatch(l -> l.contains("Main.class"));
    }
}
