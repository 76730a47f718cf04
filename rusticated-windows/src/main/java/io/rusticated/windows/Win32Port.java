package io.rusticated.windows;

import io.rusticated.spi.DriverUnavailableException;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.rusticated.windows.WindowsAbi.*;

/** A completion port and the overlapped calls on its handles, through kernel32 and ntdll. One loop's thread, except {@link #post}. */
final class Win32Port implements CompletionPort {
    private final long port;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment removed = arena.allocate(ValueLayout.JAVA_INT);

    private Win32Port(long port) {
        this.port = port;
    }

    static Win32Port open() throws DriverUnavailableException {
        long p = Kernel32.CreateIoCompletionPort(INVALID_HANDLE_VALUE, 0, 0, 1);
        if (p == 0) {
            throw new DriverUnavailableException("CreateIoCompletionPort failed: " + WindowsErrors.describe(Win32Linker.lastError()));
        }
        return new Win32Port(p);
    }

    @Override
    public long handle() {
        return port;
    }

    @Override
    public int associate(long handle) {
        if (Kernel32.CreateIoCompletionPort(handle, port, IocpDriver.KEY_IO, 0) == 0) {
            return Win32Linker.lastError();
        }
        // The handle's own event is never waited on: skip setting it (free; FILE_SKIP_COMPLETION_PORT_ON_SUCCESS stays off).
        Kernel32.SetFileCompletionNotificationModes(handle, (byte) FILE_SKIP_SET_EVENT_ON_HANDLE);
        return 0;
    }

    @Override
    public int read(long handle, long address, int length, MemorySegment block) {
        return pendingOr(Kernel32.ReadFile(handle, address, length, 0, block.address()));
    }

    @Override
    public int write(long handle, long address, int length, MemorySegment block) {
        return pendingOr(Kernel32.WriteFile(handle, address, length, 0, block.address()));
    }

    /** TRUE and ERROR_IO_PENDING both mean a packet will come. */
    private static int pendingOr(int ok) {
        if (ok != 0) {
            return 0;
        }
        int error = Win32Linker.lastError();
        return error == WindowsErrors.ERROR_IO_PENDING ? 0 : error;
    }

    @Override
    public int cancel(long handle, MemorySegment block) {
        return Kernel32.CancelIoEx(handle, block.address()) != 0 ? 0 : Win32Linker.lastError();
    }

    @Override
    public int post(long target, int bytes, long key, long overlapped) {
        return Kernel32.PostQueuedCompletionStatus(target, bytes, key, overlapped) != 0 ? 0 : Win32Linker.lastError();
    }

    @Override
    public int dequeue(MemorySegment entries, int capacity, int timeoutMillis) {
        if (Kernel32.GetQueuedCompletionStatusEx(port, entries.address(), capacity, removed.address(), timeoutMillis, 0) != 0) {
            return removed.get(ValueLayout.JAVA_INT, 0);
        }
        int error = Win32Linker.lastError();
        return error == WAIT_TIMEOUT ? 0 : -error;
    }

    @Override
    public int win32Error(int ntStatus) {
        return Ntdll.RtlNtStatusToDosError(ntStatus);
    }

    @Override
    public void close() {
        Kernel32.CloseHandle(port);
        arena.close();
    }
}
