package io.rusticated.unix.tty;

import io.rusticated.spi.TerminalSupport;
import io.rusticated.unix.Errno;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.Posix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Terminals on a Unix: isatty, {@code TIOCGWINSZ}, the mode as the C library's struct termios
 * (an opaque snapshot of the OS's size), {@code cfmakeraw}. The OS module gives its ABI; nothing of
 * it is read until a call needs it, so instantiating the provider on another OS touches nothing.
 */
public abstract class UnixTerminalSupport implements TerminalSupport {
    protected abstract ErrnoTable errors();

    protected abstract TermiosAbi termios();

    @Override
    public boolean isTerminal(long handle) {
        return Posix.isatty((int) handle) == 1;
    }

    @Override
    public int[] windowSize(long handle) throws IOException {
        TermiosAbi abi = termios();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(abi.winsizeSize(), 2);
            check(errors(), Posix.ioctl((int) handle, abi.tiocgwinsz(), ws.address()), "TIOCGWINSZ", handle);
            return new int[] {u16(ws, abi.winsizeCol()), u16(ws, abi.winsizeRow()), u16(ws, abi.winsizeXpixel()), u16(ws, abi.winsizeYpixel())};
        }
    }

    private static int u16(MemorySegment s, long at) {
        return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, at));
    }

    @Override
    public byte[] mode(long handle) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(termios().termiosSize(), 8);
            check(errors(), Posix.tcgetattr((int) handle, t), "tcgetattr", handle);
            return t.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    @Override
    public void setMode(long handle, byte[] mode) throws IOException {
        int eintr = errors().code(Errno.EINTR);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = termios(arena, mode);
            int rc;
            do {
                rc = Posix.tcsetattr((int) handle, termios().tcsadrain(), t);
            } while (rc == -eintr);
            check(errors(), rc, "tcsetattr", handle);
        }
    }

    @Override
    public byte[] rawMode(byte[] mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = termios(arena, mode);
            Posix.cfmakeraw(t);
            return t.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private MemorySegment termios(Arena arena, byte[] mode) {
        long size = termios().termiosSize();
        if (mode.length != size) {
            throw new IllegalArgumentException("not a " + System.getProperty("os.name") + " terminal mode snapshot: " + mode.length
                    + " bytes, struct termios has " + size);
        }
        MemorySegment t = arena.allocate(size, 8);
        MemorySegment.copy(mode, 0, t, ValueLayout.JAVA_BYTE, 0, mode.length);
        return t;
    }

    /** Throws for a failed terminal call, saying "not a terminal" for ENOTTY. */
    public static void check(ErrnoTable errors, int rc, String call, long handle) throws IOException {
        if (rc >= 0) {
            return;
        }
        int errno = -rc;
        if (errno == errors.code(Errno.ENOTTY)) {
            throw new IOException(call + " on handle " + handle + " failed: not a terminal"
                    + (call.startsWith("tc") && call.contains("pgrp") ? " (or not this process's controlling terminal)" : ""));
        }
        throw new IOException(call + " on handle " + handle + " failed: " + errors.describe(errno));
    }
}
