package io.rusticated.windows;

import io.rusticated.path.NativePath;
import io.rusticated.spi.TerminalSupport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.rusticated.windows.WindowsAbi.*;

/**
 * Consoles as terminals: a handle is a terminal when GetConsoleMode succeeds on it; the size is the
 * visible window of the screen buffer (GetConsoleScreenBufferInfo's srWindow, as libuv reads it);
 * the mode is the console mode of the handle (input or screen buffer, {@link ConsoleModes}),
 * set with SetConsoleMode, falling back to the mode without the virtual-terminal bits on consoles
 * that predate them.
 */
public final class WindowsTerminalSupport implements TerminalSupport {
    @Override
    public boolean supportsCurrentOs() {
        return IocpDriverFactory.onWindows();
    }

    @Override
    public boolean isTerminal(long handle) {
        try (Arena arena = Arena.ofConfined()) {
            return Kernel32.GetConsoleMode(handle, arena.allocate(ValueLayout.JAVA_INT).address()) != 0;
        }
    }

    /** {@code [columns, rows, 0, 0]}; for console input, the size of the console's screen buffer (CONOUT$). */
    @Override
    public int[] windowSize(long handle) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(CONSOLE_SCREEN_BUFFER_INFO);
            if (Kernel32.GetConsoleScreenBufferInfo(handle, info.address()) == 0) {
                int error = Win32Linker.lastError();
                long screen = Kernel32.CreateFileW(NativePath.of("CONOUT$").utf16z().address(), GENERIC_READ | GENERIC_WRITE,
                        FILE_SHARE_READ | FILE_SHARE_WRITE, 0, OPEN_EXISTING, 0, 0);
                if (screen == INVALID_HANDLE_VALUE) {
                    throw new IOException("GetConsoleScreenBufferInfo on handle " + handle + " failed: " + WindowsErrors.describe(error));
                }
                try {
                    if (Kernel32.GetConsoleScreenBufferInfo(screen, info.address()) == 0) {
                        throw new IOException("GetConsoleScreenBufferInfo on CONOUT$ failed: " + WindowsErrors.describe(Win32Linker.lastError()));
                    }
                } finally {
                    Kernel32.CloseHandle(screen);
                }
            }
            short left = info.get(ValueLayout.JAVA_SHORT, CSBI_WINDOW + RECT_LEFT);
            short top = info.get(ValueLayout.JAVA_SHORT, CSBI_WINDOW + RECT_TOP);
            short right = info.get(ValueLayout.JAVA_SHORT, CSBI_WINDOW + RECT_RIGHT);
            short bottom = info.get(ValueLayout.JAVA_SHORT, CSBI_WINDOW + RECT_BOTTOM);
            return new int[] {right - left + 1, bottom - top + 1, 0, 0};
        }
    }

    @Override
    public byte[] mode(long handle) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment mode = arena.allocate(ValueLayout.JAVA_INT);
            if (Kernel32.GetConsoleMode(handle, mode.address()) == 0) {
                throw new IOException("GetConsoleMode on handle " + handle + " failed (not a console?): "
                        + WindowsErrors.describe(Win32Linker.lastError()));
            }
            boolean output = Kernel32.GetConsoleScreenBufferInfo(handle, arena.allocate(CONSOLE_SCREEN_BUFFER_INFO).address()) != 0;
            return ConsoleModes.snapshot(output, mode.get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Override
    public void setMode(long handle, byte[] mode) throws IOException {
        if (Kernel32.SetConsoleMode(handle, ConsoleModes.mode(mode)) != 0) {
            return;
        }
        int error = Win32Linker.lastError();
        if (error == WindowsErrors.ERROR_INVALID_PARAMETER && Kernel32.SetConsoleMode(handle, ConsoleModes.withoutVirtualTerminal(mode)) != 0) {
            return; // a console without virtual-terminal support
        }
        throw new IOException("SetConsoleMode on handle " + handle + " failed: " + WindowsErrors.describe(error));
    }

    @Override
    public byte[] rawMode(byte[] mode) {
        return ConsoleModes.raw(mode);
    }
}
