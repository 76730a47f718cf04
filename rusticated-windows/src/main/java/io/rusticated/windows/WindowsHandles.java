package io.rusticated.windows;

/** Closing any handle rusticated owns on Windows. */
final class WindowsHandles {
    private WindowsHandles() {
    }

    /**
     * closesocket for a socket this process made ("do not use CloseHandle to close a socket",
     * closesocket: it would skip Winsock's own clean-up), CloseHandle for anything else. 0, or
     * the error.
     */
    static int close(long handle) {
        if (SocketHandles.remove(handle) != null) {
            return Win32Winsock.INSTANCE.close(handle);
        }
        return Kernel32.CloseHandle(handle) != 0 ? 0 : Win32Linker.lastError();
    }
}
