package io.rusticated.wasm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program as a child process: input through a pipe, output captured, a time limit. */
public final class Launch {
    private static final long LIMIT_SECONDS = 60;

    private final List<String> command;
    private Path directory;
    private byte[] input = new byte[0];
    private final Map<String, String> env = new HashMap<>();

    private Launch(List<String> command) {
        this.command = List.copyOf(command);
    }

    public static Launch of(List<String> command) {
        return new Launch(command);
    }

    public Launch in(Path dir) {
        directory = dir;
        return this;
    }

    public Launch input(byte[] bytes) {
        input = bytes.clone();
        return this;
    }

    public Launch env(String name, String value) {
        env.put(name, value);
        return this;
    }

    /** The finished process: exit code and everything it wrote (decoded as ISO-8859-1, byte for byte). */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + abbreviate(stdout) + "\n--- stderr ---\n" + abbreviate(stderr);
        }

        private static String abbreviate(String s) {
            return s.length() > 2000 ? s.substring(0, 1000) + "\n[... " + (s.length() - 2000) + " chars ...]\n" + s.substring(s.length() - 1000) : s;
        }
    }

    public Result run() {
        try {
            Path out = Files.createTempFile("launch", ".out");
            Path err = Files.createTempFile("launch", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                if (directory != null) {
                    pb.directory(directory.toFile());
                }
                pb.environment().remove("JDK_JAVA_OPTIONS");
                pb.environment().remove("JAVA_TOOL_OPTIONS");
                pb.environment().remove("_JAVA_OPTIONS");
                pb.environment().remove("RUSTICATED_HOST_FAULT");
                pb.environment().putAll(env);
                Process p = pb.start();
                Thread writer = Thread.ofVirtual().start(() -> {
                    try (OutputStream stdin = p.getOutputStream()) {
                        stdin.write(input);
                    } catch (IOException e) {
                        // the child exited without reading all of it: its exit code says why
                    }
                });
                if (!p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + LIMIT_SECONDS + " s: " + command + "\n" + Files.readString(err));
                }
                writer.join();
                return new Result(p.exitValue(), new String(Files.readAllBytes(out), java.nio.charset.StandardCharsets.ISO_8859_1),
                        new String(Files.readAllBytes(err), java.nio.charset.StandardCharsets.ISO_8859_1));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
