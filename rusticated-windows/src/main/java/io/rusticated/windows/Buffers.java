package io.rusticated.windows;

import io.rusticated.io.Buffer;

/** Where a request's buffer is read into and written from, and what ends a read without failing it. */
final class Buffers {
    private Buffers() {
    }

    /** A read fills the spare capacity. */
    static long readAddress(Buffer b) {
        return b.memory().address() + b.lengthWhileLent();
    }

    static int readLength(Buffer b) {
        return b.capacity() - b.lengthWhileLent();
    }

    /** A write sends the filled part. */
    static long writeAddress(Buffer b) {
        return b.memory().address();
    }

    static int writeLength(Buffer b) {
        return b.lengthWhileLent();
    }

    /**
     * ERROR_HANDLE_EOF (a read at or past the end of a file) and ERROR_BROKEN_PIPE (the writer
     * closed its end): on a read, both mean end of input, 0 bytes (libuv's fs__read, compio; the
     * JDK's IOS_EOF). On a write, a broken pipe is an error.
     */
    static boolean isEndOfInput(int win32Error) {
        return win32Error == WindowsErrors.ERROR_HANDLE_EOF || win32Error == WindowsErrors.ERROR_BROKEN_PIPE;
    }
}
