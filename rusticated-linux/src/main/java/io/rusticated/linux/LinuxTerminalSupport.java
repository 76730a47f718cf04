package io.rusticated.linux;

import io.rusticated.spi.TerminalSupport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.rusticated.linux.LinuxAbi.*;

/** Terminals on Linux: isatty, TIOCGWINSZ, termios through glibc (foreground groups: {@link LinuxJobControl}). */
public final class LinuxTerminalSupport implements TerminalSupport {
    @Override
    public boolean supportsCurrentOs() {
        return LinuxArch.supports(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    @Override
    public boolean isTerminal(long handle) {
        return Libc.isatty((int) handle) == 1;
    }

    @Override
    public int[] windowSize(long handle) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment ws = arena.allocate(WINSIZE);
            check(Libc.ioctl((int) handle, TIOCGWINSZ, ws.address()), "TIOCGWINSZ", handle);
            return new int[] {u16(ws, WINSIZE_COL), u16(ws, WINSIZE_ROW), u16(ws, WINSIZE_XPIXEL), u16(ws, WINSIZE_YPIXEL)};
        }
    }

    private static int u16(MemorySegment s, long at) {
        return Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, at));
    }

    @Override
    public byte[] mode(long handle) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = arena.allocate(TERMIOS);
            check(Libc.tcgetattr((int) handle, t), "tcgetattr", handle);
            return t.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    @Override
    public void setMode(long handle, byte[] mode) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = termios(arena, mode);
            int rc;
            do {
                rc = Libc.tcsetattr((int) handle, TCSADRAIN, t);
            } while (rc == -EINTR);
            check(rc, "tcsetattr", handle);
        }
    }

    @Override
    public byte[] rawMode(byte[] mode) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment t = termios(arena, mode);
            Libc.cfmakeraw(t);
            return t.toArray(ValueLayout.JAVA_BYTE);
        }
    }

    private static MemorySegment termios(Arena arena, byte[] mode) {
        if (mode.length != TERMIOS_SIZE) {
            throw new IllegalArgumentException("not a Linux terminal mode snapshot: " + mode.length + " bytes, struct termios has " + TERMIOS_SIZE);
        }
        MemorySegment t = arena.allocate(TERMIOS);
        MemorySegment.copy(mode, 0, t, ValueLayout.JAVA_BYTE, 0, mode.length);
        return t;
    }

    static void check(int rc, String call, long handle) throws IOException {
        if (rc >= 0) {
            return;
        }
        int errno = -rc;
        if (errno == ENOTTY) {
            throw new IOException(call + " on handle " + handle + " failed: not a terminal"
                    + (call.startsWith("tc") && call.contains("pgrp") ? " (or not this process's controlling terminal)" : ""));
        }
        throw new IOException(call + " on handle " + handle + " failed: " + LinuxErrors.name(errno) + " (" + LinuxErrors.message(errno) + ")");
    }
}
