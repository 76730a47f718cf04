package io.rusticated.spi;

import java.io.IOException;

/** An OS's terminal control: the synchronous calls behind {@code io.rusticated.tty}. */
public interface TerminalSupport {
    boolean supportsCurrentOs();

    /** Whether the handle is a terminal (a console on Windows). */
    boolean isTerminal(long handle);

    /** The terminal's size: {@code [columns, rows, widthPixels, heightPixels]} (pixels 0 where unknown). */
    int[] windowSize(long handle) throws IOException;

    /** The terminal's current mode, as an opaque snapshot (a struct termios on Unix, console modes on Windows). */
    byte[] mode(long handle) throws IOException;

    /** Sets the mode from a snapshot {@link #mode} took, after output drains; pending input is kept. */
    void setMode(long handle, byte[] mode) throws IOException;

    /** The snapshot turned raw: no echo, no line editing, no signal keys, no output processing, 8-bit. */
    byte[] rawMode(byte[] mode);
}
