package io.rusticated.linux.jdk;

import io.rusticated.linux.jdk.ChildJvm.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code System.in/out/err} replaced by {@link io.rusticated.jdk.RusticatedSystemClassLoader} in child JVMs running
 * {@link ConsoleChild}, a plain JDK program, with real pipes: the output is what the stock JDK
 * prints, in the same order, flushed at exit, without warnings, and the trace shows the standard
 * descriptors went through the proactor.
 */
class ConsoleStreamsTest {
    @TempDir
    Path dir;

    private Run runMain(boolean rusticated, String stdin, String mode, boolean mergeErr) throws Exception {
        return ChildJvm.run(dir, rusticated ? List.of(ChildJvm.LOADER) : List.of(), ChildJvm.main(ChildJvm.classPath(), mode), stdin, mergeErr);
    }

    @Test
    void outputAndErrorKeepTheirOrderAndMatchTheJdk() throws Exception {
        Run ours = runMain(true, "", "interleave", true);
        Run jdk = runMain(false, "", "interleave", true);
        assertThat(ours.exit()).isZero();
        assertThat(ours.out()).isEqualTo(jdk.out())
                .startsWith("streams java.io.PrintStream java.io.BufferedInputStream\nout 0\nerr 0\nout 1\nerr 1\n")
                .endsWith("out 4\nerr 4\n")
                .doesNotContainIgnoringCase("warning");
        assertThat(ours.trace()).contains("WRITE handle=1 offset=-1 length=6 -> 6", "WRITE handle=2 offset=-1 length=6 -> 6");
        assertThat(jdk.trace()).isEmpty(); // nothing started rusticated
    }

    @Test
    void standardInputFeedsIoReadlnAndReaders() throws Exception {
        String input = "alice\nbob\ncarol\n";
        Run ours = runMain(true, input, "echo", false);
        Run jdk = runMain(false, input, "echo", false);
        assertThat(ours.exit()).isZero();
        assertThat(ours.out()).isEqualTo(jdk.out()).isEqualTo("name? hello alice\nline bob\nline carol\n");
        assertThat(ours.err()).isEqualTo(jdk.err()).isEqualTo("eof\n");
        assertThat(ours.trace()).containsPattern("READ handle=0 offset=-1 length=\\d+ -> 16")
                .containsPattern("READ handle=0 offset=-1 length=\\d+ -> 0")
                .contains("WRITE handle=2 offset=-1 length=4 -> 4");

        String lines = "x".repeat(100_000) + "\n" + "y".repeat(50_000) + "\n";
        Run reader = runMain(true, lines, "reader", false);
        assertThat(reader.out()).isEqualTo("read 150000\n");
        assertThat(reader.err()).isEmpty();
    }

    @Test
    void bulkOutputArrivesWhole() throws Exception {
        Run ours = runMain(true, "", "bulk", false);
        assertThat(ours.exit()).isZero();
        assertThat(ours.out()).hasSize(16 * 1024 * 64);
        assertThat(ours.out().lines().distinct()).containsExactly("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcde");
        assertThat(ours.err()).isEmpty();
    }

    @Test
    void bytesStillBufferedAtExitAreFlushed() throws Exception {
        Run ours = runMain(true, "", "exit", false);
        assertThat(ours.exit()).isEqualTo(3);
        assertThat(ours.out()).isEqualTo("printed x");
        assertThat(ours.trace()).contains("WRITE handle=1 offset=-1 length=8 -> 8", "WRITE handle=1 offset=-1 length=1 -> 1");
    }

    @Test
    void theLoaderDelegatesWithClassPathAndWithJar() throws Exception {
        String expected = "io.rusticated.jdk.RusticatedSystemClassLoader\napp\nio.rusticated.jdk.RusticatedSystemClassLoader\n";
        Run cp = runMain(true, "", "classloader", false);
        assertThat(cp.out()).isEqualTo(expected);
        assertThat(cp.err()).isEmpty();

        Path jar = dir.resolve("child.jar");
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, ConsoleChild.class.getName());
        m.getMainAttributes().put(Attributes.Name.CLASS_PATH, ChildJvm.classPath().stream()
                .map(e -> Path.of(e).toUri().toString()).collect(Collectors.joining(" ")));
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            j.flush();
        }
        Run withJar = ChildJvm.run(dir, List.of(ChildJvm.LOADER), List.of("-jar", jar.toString(), "classloader"), "", false);
        assertThat(withJar.out()).isEqualTo(expected);
        assertThat(withJar.err()).isEmpty();
        assertThat(withJar.trace()).contains("WRITE handle=1");
    }
}
