package io.rusticated.windows;

import static io.rusticated.windows.WindowsAbi.*;

/**
 * A console handle's mode as the opaque snapshot {@code TerminalSupport} passes around: which kind
 * of console buffer it is (input or screen) and its mode DWORD. Raw input clears line editing,
 * echo and Ctrl+C processing and asks for keys as virtual-terminal sequences; a raw screen buffer
 * interprets virtual-terminal sequences and no longer returns the cursor on a line feed (the
 * counterpart of cfmakeraw's OPOST off).
 */
final class ConsoleModes {
    private ConsoleModes() {
    }

    static final int SNAPSHOT_SIZE = 5;
    private static final byte INPUT = 0;
    private static final byte OUTPUT = 1;
    private static final int RAW_INPUT_CLEARS = ENABLE_PROCESSED_INPUT | ENABLE_LINE_INPUT | ENABLE_ECHO_INPUT;

    static byte[] snapshot(boolean output, int mode) {
        return new byte[] {output ? OUTPUT : INPUT, (byte) mode, (byte) (mode >>> 8), (byte) (mode >>> 16), (byte) (mode >>> 24)};
    }

    static boolean isOutput(byte[] snapshot) {
        check(snapshot);
        return snapshot[0] == OUTPUT;
    }

    static int mode(byte[] snapshot) {
        check(snapshot);
        return (snapshot[1] & 0xff) | (snapshot[2] & 0xff) << 8 | (snapshot[3] & 0xff) << 16 | (snapshot[4] & 0xff) << 24;
    }

    static byte[] raw(byte[] snapshot) {
        int mode = mode(snapshot);
        return isOutput(snapshot)
                ? snapshot(true, mode | ENABLE_PROCESSED_OUTPUT | ENABLE_VIRTUAL_TERMINAL_PROCESSING | DISABLE_NEWLINE_AUTO_RETURN)
                : snapshot(false, (mode & ~RAW_INPUT_CLEARS) | ENABLE_VIRTUAL_TERMINAL_INPUT);
    }

    /**
     * The mode without the virtual-terminal bits, for consoles older than Windows 10 1809 that
     * reject them with ERROR_INVALID_PARAMETER (libuv tries with, then without).
     */
    static int withoutVirtualTerminal(byte[] snapshot) {
        int mode = mode(snapshot);
        return isOutput(snapshot)
                ? mode & ~(ENABLE_VIRTUAL_TERMINAL_PROCESSING | DISABLE_NEWLINE_AUTO_RETURN)
                : mode & ~ENABLE_VIRTUAL_TERMINAL_INPUT;
    }

    private static void check(byte[] snapshot) {
        if (snapshot.length != SNAPSHOT_SIZE || (snapshot[0] != INPUT && snapshot[0] != OUTPUT)) {
            throw new IllegalArgumentException("not a Windows console mode snapshot (" + snapshot.length + " bytes)");
        }
    }
}
