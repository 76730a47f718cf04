package io.rusticated.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a program as a child process: input through a pipe, output captured, a time limit. */
final class Launch {
    private static final long LIMIT_SECONDS = 30;

    private final List<String> command = new ArrayList<>();
    private Path directory;
    private byte[] input = new byte[0];
    private final Map<String, String> extraEnv = new java.util.HashMap<>();

    private Launch(List<String> command) {
        this.command.addAll(command);
    }

    static Launch of(List<String> command) {
        return new Launch(command);
    }

    static Launch of(String... command) {
        return new Launch(List.of(command));
    }

    Launch in(Path dir) {
        this.directory = dir;
        return this;
    }

    Launch input(String text) {
        this.input = text.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    Launch input(byte[] bytes) {
        this.input = bytes.clone();
        return this;
    }

    Launch env(String name, String value) {
        extraEnv.put(name, value);
        return this;
    }

    /** The finished process: exit code and everything it wrote. */
    record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
        }
    }

    Result run() {
        try {
            Path out = Files.createTempFile("launch", ".out");
            Path err = Files.createTempFile("launch", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.PIPE);
                if (directory != null) {
                    pb.directory(directory.toFile());
                }
                // Options from the environment would add a launcher note to stderr.
                pb.environment().remove("JDK_JAVA_OPTIONS");
                pb.environment().remove("JAVA_TOOL_OPTIONS");
                pb.environment().remove("_JAVA_OPTIONS");
                pb.environment().putAll(extraEnv);
                Process p = pb.start();
                // Written by another thread, so that a child that stops reading cannot hold up the time limit.
                Thread writer = Thread.ofVirtual().start(() -> {
                    try (OutputStream stdin = p.getOutputStream()) {
                        stdin.write(input);
                    } catch (IOException e) {
                        // the child exited without reading all of it: its exit code says why
                    }
                });
                boolean finished = p.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS);
                if (finished) {
                    writer.join();
                }
                if (!finished) {
                    p.destroyForcibly().waitFor();
                    throw new AssertionError("timed out after " + LIMIT_SECONDS + " s: " + command + "\n" + Files.readString(err));
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
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
