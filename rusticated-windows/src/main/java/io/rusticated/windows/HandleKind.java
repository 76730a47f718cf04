package io.rusticated.windows;

/** What a handle is, as far as serving its reads and writes goes. */
enum HandleKind {
    /** A disk file opened with FILE_FLAG_OVERLAPPED: completes through the port; no position, so every read and write names its offset. */
    OVERLAPPED_FILE,
    /** A pipe or device opened with FILE_FLAG_OVERLAPPED: completes through the port; no offset. */
    OVERLAPPED_STREAM,
    /** Opened for synchronous I/O (anonymous pipes, inherited redirections, NUL): each call blocks, so it runs on the blocking pool. */
    SYNCHRONOUS,
    /** A socket this process made (WSASocketW, overlapped): its calls complete through the port; closed with closesocket. */
    SOCKET,
    /** A console input buffer: never overlapped; read by the console reader thread. */
    CONSOLE_INPUT,
    /** A console screen buffer: written as UTF-16 (WriteConsoleW) on the blocking pool. */
    CONSOLE_OUTPUT,
    /** Not an open handle. */
    INVALID
}
