package io.rusticated.tty;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A terminal switched to raw mode, restored to the mode it had by {@link #close()} (use
 * try-with-resources, so exceptions restore it too) or, failing that, by a JVM shutdown hook.
 */
public final class RawMode implements AutoCloseable {
    private final Tty tty;
    private final TerminalMode saved;
    private boolean closed;

    RawMode(Tty tty, TerminalMode saved) {
        this.tty = tty;
        this.saved = saved;
    }

    /** The mode the terminal had before, which {@link #close()} restores. */
    public TerminalMode saved() {
        return saved;
    }

    /** Restores the saved mode. Idempotent. @throws UncheckedIOException if the terminal refuses */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        TerminalRestorer.forget(this);
        try {
            tty.setMode(saved);
        } catch (IOException e) {
            throw new UncheckedIOException("restoring the mode of " + tty + " failed", e);
        }
    }

    /** The shutdown hook's restore: quiet, since nobody can act on a failure then. */
    void restoreAtExit() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            tty.setMode(saved);
        } catch (IOException | RuntimeException e) {
            // the terminal may be gone already
        }
    }
}
