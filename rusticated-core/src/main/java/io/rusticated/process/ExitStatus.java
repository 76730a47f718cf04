package io.rusticated.process;

import io.rusticated.signal.Signal;

import java.util.Objects;

/**
 * A state change of a child: it exited with a code, was killed by a signal (perhaps dumping
 * core), was stopped by a signal, or was continued. The first two are terminations.
 */
public sealed interface ExitStatus {
    /** The child called exit (or returned from main) with {@code code} (0-255). */
    record Exited(int code) implements ExitStatus {
        @Override
        public String toString() {
            return "exit code " + code;
        }
    }

    /** A signal ended the child; {@code coreDumped} when it left a core image. */
    record Killed(Signal signal, boolean coreDumped) implements ExitStatus {
        public Killed {
            Objects.requireNonNull(signal, "signal");
        }

        @Override
        public String toString() {
            return "killed by " + signal + (coreDumped ? " (core dumped)" : "");
        }
    }

    /** A signal (SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU) stopped the child; it can be continued. */
    record Stopped(Signal signal) implements ExitStatus {
        public Stopped {
            Objects.requireNonNull(signal, "signal");
        }

        @Override
        public String toString() {
            return "stopped by " + signal;
        }
    }

    /** SIGCONT resumed the stopped child. */
    record Continued() implements ExitStatus {
        @Override
        public String toString() {
            return "continued";
        }
    }

    /** The API's form of a state the OS reported. */
    static ExitStatus of(io.rusticated.spi.ChildState s) {
        return switch (s.kind()) {
            case EXITED -> new Exited(s.value());
            case KILLED -> new Killed(Signal.of(s.value()), s.coreDumped());
            case STOPPED -> new Stopped(Signal.of(s.value()));
            case CONTINUED -> new Continued();
        };
    }

    /** Whether the child is gone (exited or killed). */
    default boolean isTerminated() {
        return this instanceof Exited || this instanceof Killed;
    }

    /** Whether the child exited with code 0. */
    default boolean success() {
        return this instanceof Exited e && e.code() == 0;
    }

    /**
     * The status as a POSIX shell's {@code $?}: the exit code, or 128 plus the number of the
     * signal that killed or stopped the child; 0 for a continued child.
     */
    default int shellCode() {
        return switch (this) {
            case Exited e -> e.code();
            case Killed k -> 128 + k.signal().number();
            case Stopped s -> 128 + s.signal().number();
            case Continued c -> 0;
        };
    }
}
