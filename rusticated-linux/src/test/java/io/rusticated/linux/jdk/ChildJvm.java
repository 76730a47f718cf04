package io.rusticated.linux.jdk;

import io.rusticated.jdk.RusticatedSystemClassLoader;
import io.rusticated.linux.IoUringDriverFactory;
import io.rusticated.unix.Posix;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@link ConsoleChild} in a child JVM with files for its standard streams, optionally on the rusticated target. */
final class ChildJvm {
    static final String LOADER = "-Djava.system.class.loader=io.rusticated.jdk.RusticatedSystemClassLoader";
    static final String PROVIDER = "-Djava.nio.file.spi.DefaultFileSystemProvider=io.rusticated.jdk.RusticatedFileSystemProvider";

    record Run(int exit, String out, String err, String trace) {
    }

    private ChildJvm() {
    }

    static String location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Core, the shared Unix layer, the Linux backend and the test classes: all a child needs. */
    static List<String> classPath() {
        return List.of(location(RusticatedSystemClassLoader.class), location(Posix.class), location(IoUringDriverFactory.class),
                location(ConsoleChild.class));
    }

    /** Core and the test classes, no backend: rusticated cannot start. */
    static List<String> classPathWithoutBackend() {
        return List.of(location(RusticatedSystemClassLoader.class), location(ConsoleChild.class));
    }

    /** {@link ConsoleChild} in the given mode, with its further arguments. */
    static List<String> main(List<String> classPath, String mode, String... args) {
        List<String> launch = new ArrayList<>(List.of("-cp", String.join(File.pathSeparator, classPath), ConsoleChild.class.getName(), mode));
        launch.addAll(List.of(args));
        return launch;
    }

    /**
     * Runs {@code java <options> <launch>} with stdin from the text; with {@code mergeErr} standard
     * error goes to the same file as standard output, so their order shows.
     */
    static Run run(Path dir, List<String> options, List<String> launch, String stdin, boolean mergeErr) throws Exception {
        return run(dir, options, launch, stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8), false, mergeErr);
    }

    /**
     * As {@link #run(Path, List, List, String, boolean)}, with any bytes for standard input, given
     * through a file or, with {@code piped}, written to a pipe while the child runs.
     */
    static Run run(Path dir, List<String> options, List<String> launch, byte[] stdin, boolean piped, boolean mergeErr) throws Exception {
        return run(dir, options, launch, stdin, piped, mergeErr, Map.of());
    }

    /** As above, with these variables added to the child's environment. */
    static Run run(Path dir, List<String> options, List<String> launch, byte[] stdin, boolean piped, boolean mergeErr,
                   Map<String, String> env) throws Exception {
        Path in = dir.resolve("stdin");
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Path trace = dir.resolve("trace-" + System.nanoTime());
        Files.write(in, stdin);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-Xlog:cds=error"); // HotSpot warns on stdout that CDS skips app classes when a system class loader is set
        cmd.add("-Drusticated.trace=" + trace);
        cmd.addAll(options);
        cmd.addAll(launch);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(piped ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.from(in.toFile()))
                .redirectOutput(out.toFile());
        pb.environment().putAll(env);
        if (mergeErr) {
            pb.redirectErrorStream(true);
        } else {
            pb.redirectError(err.toFile());
        }
        Process p = pb.start();
        if (piped) {
            Thread.ofVirtual().start(() -> {
                try (var o = p.getOutputStream()) {
                    o.write(stdin);
                } catch (java.io.IOException e) {
                    // the child stopped reading: its output and exit code tell
                }
            });
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("child JVM did not finish in 30 s: " + cmd);
        }
        return new Run(p.exitValue(), Files.readString(out), mergeErr ? "" : Files.readString(err),
                Files.exists(trace) ? Files.readString(trace) : "");
    }
}
