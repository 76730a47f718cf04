package io.rusticated.windows;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The ntdll functions rusticated calls, in jextract's shape (see {@link Kernel32}): decoding the
 * NTSTATUS of a completion packet, and asking whether a handle was opened for synchronous I/O.
 * Neither sets a last error: each returns its status.
 */
public final class Ntdll {
    private Ntdll() {
    }

    /** ntdll. */
    private static final class NtCalls {
        static final MethodHandle RtlNtStatusToDosError = Win32Linker.downcall("ntdll", "RtlNtStatusToDosError", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
        static final MethodHandle NtQueryInformationFile = Win32Linker.downcall("ntdll", "NtQueryInformationFile", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT));
    }

    /** ULONG RtlNtStatusToDosError(NTSTATUS): the Win32 error an NTSTATUS stands for. */
    public static int RtlNtStatusToDosError(int status) {
        try {
            return (int) NtCalls.RtlNtStatusToDosError.invokeExact(status);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** NTSTATUS NtQueryInformationFile(HANDLE, PIO_STATUS_BLOCK, PVOID, ULONG, FILE_INFORMATION_CLASS). */
    public static int NtQueryInformationFile(long fileHandle, long ioStatusBlock, long fileInformation, int length, int fileInformationClass) {
        try {
            return (int) NtCalls.NtQueryInformationFile.invokeExact(fileHandle, ioStatusBlock, fileInformation, length, fileInformationClass);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }
}
