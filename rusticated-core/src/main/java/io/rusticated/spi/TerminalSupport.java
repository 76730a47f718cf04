package io.rusticated.spi;

import io.rusticated.tty.WindowSize;

import java.io.IOException;

/** An OS's terminal control: the synchronous calls behind {@code io.rusticated.tty}. */
public interface TerminalSupport {
    boolean supportsCurrentOs();

    /** The handle of standard input (0), output (1) or error (2). */
    default long standardHandle(int index) {
        return index;
    }

    /** Whether the handle is a terminal. */
    boolean isTerminal(long handle);

    WindowSize windowSize(long handle) throws IOException;

    /** The terminal's current mode, as an opaque snapshot (a struct termios on Unix). */
    byte[] mode(long handle) throws IOException;

    /** Sets the mode from a snapshot {@link #mode} took, after output drains; pending input is kept. */
    void setMode(long handle, byte[] mode) throws IOException;

    /** The snapshot turned raw: no echo, no line editing, no signal keys, no output processing, 8-bit. */
    byte[] rawMode(byte[] mode);

    /** The terminal's foreground process group. */
    long foregroundGroup(long handle) throws IOException;

    /**
     * Makes {@code processGroup} the terminal's foreground group. The caller arranges for SIGTTOU
     * to be ignored while a background process calls this.
     */
    void setForegroundGroup(long handle, long processGroup) throws IOException;
}
