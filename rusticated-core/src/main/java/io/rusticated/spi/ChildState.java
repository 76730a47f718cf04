package io.rusticated.spi;

/**
 * A state change of a child as the OS reports it, before core gives it the API's shape
 * ({@code io.rusticated.process.ExitStatus}).
 *
 * @param kind       what happened
 * @param value      the exit code for {@link Kind#EXITED}, the signal number for {@link Kind#KILLED}
 *                   and {@link Kind#STOPPED}, else 0
 * @param coreDumped {@link Kind#KILLED} only: the child left a core image
 */
public record ChildState(Kind kind, int value, boolean coreDumped) {
    public enum Kind {
        EXITED, KILLED, STOPPED, CONTINUED
    }

    public static ChildState exited(int code) {
        return new ChildState(Kind.EXITED, code, false);
    }

    public static ChildState killed(int signal, boolean coreDumped) {
        return new ChildState(Kind.KILLED, signal, coreDumped);
    }

    public static ChildState stopped(int signal) {
        return new ChildState(Kind.STOPPED, signal, false);
    }

    public static ChildState continued() {
        return new ChildState(Kind.CONTINUED, 0, false);
    }
}
