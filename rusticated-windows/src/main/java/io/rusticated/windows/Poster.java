package io.rusticated.windows;

/** PostQueuedCompletionStatus to any port of this process: how the helper threads hand results to loops. */
@FunctionalInterface
interface Poster {
    /** 0, or the Win32 error. */
    int post(long port, int bytes, long key, long overlapped);
}
