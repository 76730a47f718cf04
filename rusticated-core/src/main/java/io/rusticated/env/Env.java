package io.rusticated.env;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The program's arguments and environment, read from the OS (synchronous).
 */
public final class Env {
    private Env() {
    }

    /**
     * The process's command line as the OS recorded it ({@code /proc/self/cmdline} on Linux; the
     * JDK's {@link ProcessHandle.Info} elsewhere): the launcher, its options, then the program's
     * own arguments.
     */
    public static List<String> commandLine() {
        Path cmdline = Path.of("/proc/self/cmdline");
        if (Files.isReadable(cmdline)) {
            try {
                byte[] raw = Files.readAllBytes(cmdline);
                List<String> out = new ArrayList<>();
                int start = 0;
                for (int i = 0; i < raw.length; i++) {
                    if (raw[i] == 0) {
                        out.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                        start = i + 1;
                    }
                }
                return List.copyOf(out);
            } catch (IOException e) {
                // fall through to the JDK's view
            }
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        List<String> out = new ArrayList<>();
        info.command().ifPresent(out::add);
        info.arguments().ifPresent(a -> out.addAll(List.of(a)));
        return List.copyOf(out);
    }

    /** The environment, as the process received it. */
    public static Map<String, String> vars() {
        return System.getenv();
    }

    public static Optional<String> var(String name) {
        return Optional.ofNullable(System.getenv(name));
    }
}
