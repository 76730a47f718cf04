package io.rusticated.tty;

import java.util.Arrays;

/**
 * A snapshot of a terminal's mode (a {@code struct termios} on Unix), opaque: take it with
 * {@link Tty#mode()}, put it back with {@link Tty#setMode}.
 */
public final class TerminalMode {
    private final byte[] bytes;

    TerminalMode(byte[] bytes) {
        this.bytes = bytes.clone();
    }

    byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TerminalMode m && Arrays.equals(m.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "TerminalMode[" + bytes.length + " bytes]";
    }
}
