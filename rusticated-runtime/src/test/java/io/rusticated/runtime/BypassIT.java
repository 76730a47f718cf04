package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the compliance report says bypasses the target: java.io files and java.util.zip.ZipFile do
 * their own I/O, so a program using only them behaves as on the stock JDK and the trace shows no
 * operation on its files.
 */
class BypassIT {
    @TempDir
    Path work;

    @Test
    void javaIoAndZipFileNeverReachRusticated() throws Exception {
        Path stockDir = Files.createDirectory(work.resolve("stock"));
        Path imageDir = Files.createDirectory(work.resolve("image"));
        Path trace = work.resolve("trace.txt");
        Launch.Result stock = run(List.of(Runtimes.stockJava().toString()), stockDir);
        Launch.Result image = run(List.of(Runtimes.imageJava().toString(), "-Drusticated.trace=" + trace), imageDir);

        assertThat(stock.exitCode()).as("%s", stock).isZero();
        assertThat(image).isEqualTo(stock);
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).as("console output still goes through rusticated").anyMatch(l -> l.startsWith("WRITE handle=1 "));
        assertThat(lines).as("no operation names the program's files").noneMatch(l -> l.contains(imageDir.toString()));
    }

    private static Launch.Result run(List<String> java, Path dir) {
        List<String> cmd = new java.util.ArrayList<>(java);
        cmd.addAll(List.of("-cp", Runtimes.programClasses().toString(), "jdkprograms.JavaIoOnly", dir.toString()));
        return Launch.of(cmd).in(dir).run();
    }
}
