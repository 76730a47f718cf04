package io.rusticated.windows;

import java.util.function.LongToIntFunction;

/** Closing any handle rusticated owns on Windows. */
final class WindowsHandles {
    private WindowsHandles() {
    }

    /** {@link #close(long, Winsock, LongToIntFunction)} with Winsock and kernel32 themselves. */
    static int close(long handle) {
        return close(handle, Win32Winsock.INSTANCE, h -> Kernel32.CloseHandle(h) != 0 ? 0 : Win32Linker.lastError());
    }

    /**
     * closesocket for a socket this process made ("do not use CloseHandle to close a socket",
     * closesocket: it would skip Winsock's own clean-up), {@code closeHandle} for anything else;
     * the socket leaves the process's table first, since its number may name another object as
     * soon as it is closed. 0, or the error.
     */
    static int close(long handle, Winsock winsock, LongToIntFunction closeHandle) {
        if (SocketHandles.remove(handle) != null) {
            return winsock.close(handle);
        }
        return closeHandle.applyAsInt(handle);
    }
}
