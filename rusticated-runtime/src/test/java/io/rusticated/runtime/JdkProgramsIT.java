package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain JDK programs (package {@code jdkprograms}, nothing but {@code java.*}) run on the image
 * and on the stock JDK: each must succeed, say nothing on stderr, and print exactly the same.
 */
class JdkProgramsIT {
    @TempDir
    Path work;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"FileCopy", "DirWalk", "Attributes", "AsyncReads", "ZipFs", "AioEcho"})
    void sameOutputOnTheImageAndTheStockJdk(String program) throws Exception {
        Launch.Result stock = run(Runtimes.stockJava(), program, Files.createDirectory(work.resolve("stock")));
        Launch.Result image = run(Runtimes.imageJava(), program, Files.createDirectory(work.resolve("image")));

        assertThat(stock.exitCode()).as("the stock JDK run; %s", stock).isZero();
        assertThat(stock.stderr()).as("the stock JDK run; %s", stock).isEmpty();
        assertThat(stock.stdout()).as("the program prints something").isNotBlank();
        assertThat(image.stderr()).as("image stderr; %s", image).isEmpty();
        assertThat(image.stdout()).as("image stdout").isEqualTo(stock.stdout());
        assertThat(image.exitCode()).as("image exit code; %s", image).isZero();
    }

    /** The AIO echo program's sockets are rusticated's on the image: its trace shows their operations. */
    @Test
    void theAioEchoProgramRunsOnTheLoop() throws Exception {
        Path trace = work.resolve("trace.txt");
        Launch.Result r = Launch.of(List.of(Runtimes.imageJava().toString(), "-Drusticated.trace=" + trace, "-cp", Runtimes.programClasses().toString(),
                "jdkprograms.AioEcho", work.toString())).in(work).run();
        assertThat(r.exitCode()).as("%s", r).isZero();
        List<String> lines = Files.readAllLines(trace);
        assertThat(lines).anyMatch(l -> l.matches("ACCEPT handle=\\d+ -> \\d+"))
                .anyMatch(l -> l.matches("CONNECT handle=\\d+ -> ok"))
                .anyMatch(l -> l.matches("CONNECT handle=\\d+ -> failed ConnectException"))
                .anyMatch(l -> l.matches("SEND handle=\\d+ offset=-1 length=\\d+ -> \\d+"))
                .anyMatch(l -> l.matches("RECV handle=\\d+ offset=-1 length=\\d+ -> \\d+"))
                .anyMatch(l -> l.matches("RECV handle=\\d+ offset=-1 length=16 -> cancelled")); // the read that timed out
    }

    private static Launch.Result run(Path java, String program, Path dir) {
        return Launch.of(List.of(java.toString(), "-cp", Runtimes.programClasses().toString(), "jdkprograms." + program, dir.toString()))
                .in(dir).run();
    }
}
