package io.rusticated.env;

import io.rusticated.spi.Platform;

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
     * The process's command line as the OS recorded it (on Linux, {@code /proc/self/cmdline}; the
     * JDK's {@link ProcessHandle.Info} where the OS module cannot tell): the launcher, its
     * options, then the program's own arguments.
     */
    public static List<String> commandLine() {
        List<String> recorded = null;
        try {
            recorded = Platform.process().commandLine();
        } catch (UnsupportedOperationException e) {
            // no OS module on the path: the JDK's view below
        }
        if (recorded != null) {
            return recorded;
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
