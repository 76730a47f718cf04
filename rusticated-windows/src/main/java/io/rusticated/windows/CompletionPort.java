package io.rusticated.windows;

import java.lang.foreign.MemorySegment;

/**
 * The OS calls an {@link IocpDriver} makes on its completion port and on the handles it serves
 * overlapped: kernel32 on Windows ({@link Win32Port}); in the tests, a stand-in that follows the
 * documented semantics. Each returns a Win32 error code, 0 for success, and never throws for an
 * OS failure.
 */
interface CompletionPort {
    /** The port's handle: the owner written into this loop's blocks. */
    long handle();

    /**
     * Associates a handle with this port, with completion key {@link IocpDriver#KEY_IO}
     * ({@code CreateIoCompletionPort(handle, port, key, 0)}); ERROR_INVALID_PARAMETER when the
     * handle is associated with a port already or was opened for synchronous I/O.
     */
    int associate(long handle);

    /**
     * Starts an overlapped ReadFile into {@code length} bytes at {@code address}: 0 when a packet
     * will follow (the call returned TRUE or ERROR_IO_PENDING: without
     * FILE_SKIP_COMPLETION_PORT_ON_SUCCESS both queue one), else the error, and then no packet comes.
     */
    int read(long handle, long address, int length, MemorySegment block);

    /** An overlapped WriteFile; as {@link #read}. */
    int write(long handle, long address, int length, MemorySegment block);

    /** CancelIoEx of the one call using {@code block}: 0, or ERROR_NOT_FOUND when it already completed (its packet still comes). */
    int cancel(long handle, MemorySegment block);

    /** PostQueuedCompletionStatus to any port of this process. */
    int post(long port, int bytes, long key, long overlapped);

    /**
     * GetQueuedCompletionStatusEx into {@code entries} (OVERLAPPED_ENTRY[capacity]): the number
     * dequeued, 0 when the wait timed out, or the negated error.
     */
    int dequeue(MemorySegment entries, int capacity, int timeoutMillis);

    /** The Win32 error an NTSTATUS stands for ({@code RtlNtStatusToDosError}). */
    int win32Error(int ntStatus);

    /** Closes the port. */
    void close();
}
