package io.rusticated.windows;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The kernel32 functions rusticated calls, in jextract's shape: one static method per function,
 * named after it, taking its arguments in order. Handles and pointers are passed as {@code long}
 * addresses (on x64 a pointer and a 64-bit integer travel in the same registers, and rusticated's
 * handles are longs). Each group of functions is linked when first called ({@link Win32Linker}),
 * so on another OS none is. Functions that set the thread's last error capture it; read it with
 * {@link Win32Linker#lastError()} before the thread's next capturing call.
 */
public final class Kernel32 {
    private Kernel32() {
    }

    /** The completion port and overlapped I/O. */
    private static final class PortCalls {
        static final MethodHandle CreateIoCompletionPort = Win32Linker.downcallCapturing("kernel32", "CreateIoCompletionPort", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle GetQueuedCompletionStatusEx = Win32Linker.downcallCapturing("kernel32", "GetQueuedCompletionStatusEx", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));
        static final MethodHandle PostQueuedCompletionStatus = Win32Linker.downcallCapturing("kernel32", "PostQueuedCompletionStatus", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle CancelIoEx = Win32Linker.downcallCapturing("kernel32", "CancelIoEx", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle ReadFile = Win32Linker.downcallCapturing("kernel32", "ReadFile", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle WriteFile = Win32Linker.downcallCapturing("kernel32", "WriteFile", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle CloseHandle = Win32Linker.downcallCapturing("kernel32", "CloseHandle", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        static final MethodHandle SetFileCompletionNotificationModes = Win32Linker.downcallCapturing("kernel32", "SetFileCompletionNotificationModes", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_BYTE));
        static final MethodHandle GetOverlappedResult = Win32Linker.downcallCapturing("kernel32", "GetOverlappedResult", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle CreateEventW = Win32Linker.downcallCapturing("kernel32", "CreateEventW", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG));
    }

    /** What a handle is; standard handles. */
    private static final class HandleCalls {
        static final MethodHandle GetFileType = Win32Linker.downcallCapturing("kernel32", "GetFileType", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        static final MethodHandle GetConsoleMode = Win32Linker.downcallCapturing("kernel32", "GetConsoleMode", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle SetConsoleMode = Win32Linker.downcallCapturing("kernel32", "SetConsoleMode", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle GetStdHandle = Win32Linker.downcallCapturing("kernel32", "GetStdHandle", FunctionDescriptor.of(JAVA_LONG, JAVA_INT));
        static final MethodHandle DuplicateHandle = Win32Linker.downcallCapturing("kernel32", "DuplicateHandle", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle GetCurrentProcess = Win32Linker.downcall("kernel32", "GetCurrentProcess", FunctionDescriptor.of(JAVA_LONG));
    }

    /** Files, directories and links (the blocking pool). */
    private static final class FileCalls {
        static final MethodHandle CreateFileW = Win32Linker.downcallCapturing("kernel32", "CreateFileW", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG));
        static final MethodHandle GetFileInformationByHandle = Win32Linker.downcallCapturing("kernel32", "GetFileInformationByHandle", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle GetFileInformationByHandleEx = Win32Linker.downcallCapturing("kernel32", "GetFileInformationByHandleEx", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle SetFileInformationByHandle = Win32Linker.downcallCapturing("kernel32", "SetFileInformationByHandle", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle FlushFileBuffers = Win32Linker.downcallCapturing("kernel32", "FlushFileBuffers", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        static final MethodHandle CreateDirectoryW = Win32Linker.downcallCapturing("kernel32", "CreateDirectoryW", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle DeleteFileW = Win32Linker.downcallCapturing("kernel32", "DeleteFileW", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        static final MethodHandle RemoveDirectoryW = Win32Linker.downcallCapturing("kernel32", "RemoveDirectoryW", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        static final MethodHandle MoveFileExW = Win32Linker.downcallCapturing("kernel32", "MoveFileExW", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle CreateSymbolicLinkW = Win32Linker.downcallCapturing("kernel32", "CreateSymbolicLinkW", FunctionDescriptor.of(JAVA_BYTE, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle CreateHardLinkW = Win32Linker.downcallCapturing("kernel32", "CreateHardLinkW", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle FindFirstFileW = Win32Linker.downcallCapturing("kernel32", "FindFirstFileW", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle FindClose = Win32Linker.downcallCapturing("kernel32", "FindClose", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
    }

    /** Consoles and the threads that wait on them. */
    private static final class ConsoleCalls {
        static final MethodHandle ReadConsoleW = Win32Linker.downcallCapturing("kernel32", "ReadConsoleW", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle WriteConsoleW = Win32Linker.downcallCapturing("kernel32", "WriteConsoleW", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle GetConsoleScreenBufferInfo = Win32Linker.downcallCapturing("kernel32", "GetConsoleScreenBufferInfo", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle CancelSynchronousIo = Win32Linker.downcallCapturing("kernel32", "CancelSynchronousIo", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        static final MethodHandle OpenThread = Win32Linker.downcallCapturing("kernel32", "OpenThread", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));
        static final MethodHandle GetCurrentThreadId = Win32Linker.downcall("kernel32", "GetCurrentThreadId", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle GenerateConsoleCtrlEvent = Win32Linker.downcallCapturing("kernel32", "GenerateConsoleCtrlEvent", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    }

    /** Pipes, processes and waits. */
    private static final class ProcessCalls {
        static final MethodHandle CreateNamedPipeW = Win32Linker.downcallCapturing("kernel32", "CreateNamedPipeW", FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG));
        static final MethodHandle CreateProcessW = Win32Linker.downcallCapturing("kernel32", "CreateProcessW", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle InitializeProcThreadAttributeList = Win32Linker.downcallCapturing("kernel32", "InitializeProcThreadAttributeList", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG));
        static final MethodHandle UpdateProcThreadAttribute = Win32Linker.downcallCapturing("kernel32", "UpdateProcThreadAttribute", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle DeleteProcThreadAttributeList = Win32Linker.downcall("kernel32", "DeleteProcThreadAttributeList", FunctionDescriptor.ofVoid(JAVA_LONG));
        static final MethodHandle GetCurrentProcessId = Win32Linker.downcall("kernel32", "GetCurrentProcessId", FunctionDescriptor.of(JAVA_INT));
        static final MethodHandle TerminateProcess = Win32Linker.downcallCapturing("kernel32", "TerminateProcess", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle GetExitCodeProcess = Win32Linker.downcallCapturing("kernel32", "GetExitCodeProcess", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle WaitForSingleObject = Win32Linker.downcallCapturing("kernel32", "WaitForSingleObject", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle RegisterWaitForSingleObject = Win32Linker.downcallCapturing("kernel32", "RegisterWaitForSingleObject", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT));
        static final MethodHandle UnregisterWaitEx = Win32Linker.downcallCapturing("kernel32", "UnregisterWaitEx", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle GetSystemDirectoryW = Win32Linker.downcallCapturing("kernel32", "GetSystemDirectoryW", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle GetCommandLineW = Win32Linker.downcall("kernel32", "GetCommandLineW", FunctionDescriptor.of(JAVA_LONG));
    }

    /** Error texts. */
    private static final class ErrorCalls {
        static final MethodHandle FormatMessageW = Win32Linker.downcall("kernel32", "FormatMessageW", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG));
    }

    /** HANDLE CreateIoCompletionPort(HANDLE, HANDLE, ULONG_PTR, DWORD): a new port (INVALID_HANDLE_VALUE as the file), or the association of a handle with one. Last error: {@link Win32Linker#lastError()}. */
    public static long CreateIoCompletionPort(long fileHandle, long existingCompletionPort, long completionKey, int numberOfConcurrentThreads) {
        try {
            return (long) PortCalls.CreateIoCompletionPort.invokeExact(Win32Linker.slot(), fileHandle, existingCompletionPort, completionKey, numberOfConcurrentThreads);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL GetQueuedCompletionStatusEx(HANDLE, LPOVERLAPPED_ENTRY, ULONG, PULONG, DWORD, BOOL). Last error: {@link Win32Linker#lastError()}. */
    public static int GetQueuedCompletionStatusEx(long completionPort, long entries, int count, long entriesRemoved, int milliseconds, int alertable) {
        try {
            return (int) PortCalls.GetQueuedCompletionStatusEx.invokeExact(Win32Linker.slot(), completionPort, entries, count, entriesRemoved, milliseconds, alertable);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL PostQueuedCompletionStatus(HANDLE, DWORD, ULONG_PTR, LPOVERLAPPED). Last error: {@link Win32Linker#lastError()}. */
    public static int PostQueuedCompletionStatus(long completionPort, int bytesTransferred, long completionKey, long overlapped) {
        try {
            return (int) PortCalls.PostQueuedCompletionStatus.invokeExact(Win32Linker.slot(), completionPort, bytesTransferred, completionKey, overlapped);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL CancelIoEx(HANDLE, LPOVERLAPPED). Last error: {@link Win32Linker#lastError()}. */
    public static int CancelIoEx(long file, long overlapped) {
        try {
            return (int) PortCalls.CancelIoEx.invokeExact(Win32Linker.slot(), file, overlapped);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL ReadFile(HANDLE, LPVOID, DWORD, LPDWORD, LPOVERLAPPED). Last error: {@link Win32Linker#lastError()}. */
    public static int ReadFile(long file, long buffer, int numberOfBytesToRead, long numberOfBytesRead, long overlapped) {
        try {
            return (int) PortCalls.ReadFile.invokeExact(Win32Linker.slot(), file, buffer, numberOfBytesToRead, numberOfBytesRead, overlapped);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL WriteFile(HANDLE, LPCVOID, DWORD, LPDWORD, LPOVERLAPPED). Last error: {@link Win32Linker#lastError()}. */
    public static int WriteFile(long file, long buffer, int numberOfBytesToWrite, long numberOfBytesWritten, long overlapped) {
        try {
            return (int) PortCalls.WriteFile.invokeExact(Win32Linker.slot(), file, buffer, numberOfBytesToWrite, numberOfBytesWritten, overlapped);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL CloseHandle(HANDLE). Last error: {@link Win32Linker#lastError()}. */
    public static int CloseHandle(long object) {
        try {
            return (int) PortCalls.CloseHandle.invokeExact(Win32Linker.slot(), object);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL SetFileCompletionNotificationModes(HANDLE, UCHAR). Last error: {@link Win32Linker#lastError()}. */
    public static int SetFileCompletionNotificationModes(long file, byte flags) {
        try {
            return (int) PortCalls.SetFileCompletionNotificationModes.invokeExact(Win32Linker.slot(), file, flags);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL GetOverlappedResult(HANDLE, LPOVERLAPPED, LPDWORD, BOOL). Last error: {@link Win32Linker#lastError()}. */
    public static int GetOverlappedResult(long file, long overlapped, long numberOfBytesTransferred, int wait) {
        try {
            return (int) PortCalls.GetOverlappedResult.invokeExact(Win32Linker.slot(), file, overlapped, numberOfBytesTransferred, wait);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** HANDLE CreateEventW(LPSECURITY_ATTRIBUTES, BOOL, BOOL, LPCWSTR). Last error: {@link Win32Linker#lastError()}. */
    public static long CreateEventW(long eventAttributes, int manualReset, int initialState, long name) {
        try {
            return (long) PortCalls.CreateEventW.invokeExact(Win32Linker.slot(), eventAttributes, manualReset, initialState, name);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** DWORD GetFileType(HANDLE): FILE_TYPE_UNKNOWN with a last error when it failed. Last error: {@link Win32Linker#lastError()}. */
    public static int GetFileType(long file) {
        try {
            return (int) HandleCalls.GetFileType.invokeExact(Win32Linker.slot(), file);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL GetConsoleMode(HANDLE, LPDWORD). Last error: {@link Win32Linker#lastError()}. */
    public static int GetConsoleMode(long consoleHandle, long mode) {
        try {
            return (int) HandleCalls.GetConsoleMode.invokeExact(Win32Linker.slot(), consoleHandle, mode);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL SetConsoleMode(HANDLE, DWORD). Last error: {@link Win32Linker#lastError()}. */
    public static int SetConsoleMode(long consoleHandle, int mode) {
        try {
            return (int) HandleCalls.SetConsoleMode.invokeExact(Win32Linker.slot(), consoleHandle, mode);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** HANDLE GetStdHandle(DWORD). Last error: {@link Win32Linker#lastError()}. */
    public static long GetStdHandle(int stdHandle) {
        try {
            return (long) HandleCalls.GetStdHandle.invokeExact(Win32Linker.slot(), stdHandle);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL DuplicateHandle(HANDLE, HANDLE, HANDLE, LPHANDLE, DWORD, BOOL, DWORD). Last error: {@link Win32Linker#lastError()}. */
    public static int DuplicateHandle(long sourceProcess, long source, long targetProcess, long target, int desiredAccess, int inheritHandle, int options) {
        try {
            return (int) HandleCalls.DuplicateHandle.invokeExact(Win32Linker.slot(), sourceProcess, source, targetProcess, target, desiredAccess, inheritHandle, options);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** HANDLE GetCurrentProcess(void): the pseudo-handle of this process. */
    public static long GetCurrentProcess() {
        try {
            return (long) HandleCalls.GetCurrentProcess.invokeExact();
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** HANDLE CreateFileW(LPCWSTR, DWORD, DWORD, LPSECURITY_ATTRIBUTES, DWORD, DWORD, HANDLE). Last error: {@link Win32Linker#lastError()}. */
    public static long CreateFileW(long fileName, int desiredAccess, int shareMode, long securityAttributes, int creationDisposition, int flagsAndAttributes, long templateFile) {
        try {
            return (long) FileCalls.CreateFileW.invokeExact(Win32Linker.slot(), fileName, desiredAccess, shareMode, securityAttributes, creationDisposition, flagsAndAttributes, templateFile);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL GetFileInformationByHandle(HANDLE, LPBY_HANDLE_FILE_INFORMATION). Last error: {@link Win32Linker#lastError()}. */
    public static int GetFileInformationByHandle(long file, long fileInformation) {
        try {
            return (int) FileCalls.GetFileInformationByHandle.invokeExact(Win32Linker.slot(), file, fileInformation);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL GetFileInformationByHandleEx(HANDLE, FILE_INFO_BY_HANDLE_CLASS, LPVOID, DWORD). Last error: {@link Win32Linker#lastError()}. */
    public static int GetFileInformationByHandleEx(long file, int fileInformationClass, long fileInformation, int bufferSize) {
        try {
            return (int) FileCalls.GetFileInformationByHandleEx.invokeExact(Win32Linker.slot(), file, fileInformationClass, fileInformation, bufferSize);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL SetFileInformationByHandle(HANDLE, FILE_INFO_BY_HANDLE_CLASS, LPVOID, DWORD). Last error: {@link Win32Linker#lastError()}. */
    public static int SetFileInformationByHandle(long file, int fileInformationClass, long fileInformation, int bufferSize) {
        try {
            return (int) FileCalls.SetFileInformationByHandle.invokeExact(Win32Linker.slot(), file, fileInformationClass, fileInformation, bufferSize);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL FlushFileBuffers(HANDLE). Last error: {@link Win32Linker#lastError()}. */
    public static int FlushFileBuffers(long file) {
        try {
            return (int) FileCalls.FlushFileBuffers.invokeExact(Win32Linker.slot(), file);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL CreateDirectoryW(LPCWSTR, LPSECURITY_ATTRIBUTES). Last error: {@link Win32Linker#lastError()}. */
    public static int CreateDirectoryW(long pathName, long securityAttributes) {
        try {
            return (int) FileCalls.CreateDirectoryW.invokeExact(Win32Linker.slot(), pathName, securityAttributes);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL DeleteFileW(LPCWSTR). Last error: {@link Win32Linker#lastError()}. */
    public static int DeleteFileW(long fileName) {
        try {
            return (int) FileCalls.DeleteFileW.invokeExact(Win32Linker.slot(), fileName);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL RemoveDirectoryW(LPCWSTR). Last error: {@link Win32Linker#lastError()}. */
    public static int RemoveDirectoryW(long pathName) {
        try {
            return (int) FileCalls.RemoveDirectoryW.invokeExact(Win32Linker.slot(), pathName);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL MoveFileExW(LPCWSTR, LPCWSTR, DWORD). Last error: {@link Win32Linker#lastError()}. */
    public static int MoveFileExW(long existingFileName, long newFileName, int flags) {
        try {
            return (int) FileCalls.MoveFileExW.invokeExact(Win32Linker.slot(), existingFileName, newFileName, flags);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOLEAN CreateSymbolicLinkW(LPCWSTR, LPCWSTR, DWORD): a BOOLEAN (one byte), not a BOOL. Last error: {@link Win32Linker#lastError()}. */
    public static byte CreateSymbolicLinkW(long symlinkFileName, long targetFileName, int flags) {
        try {
            return (byte) FileCalls.CreateSymbolicLinkW.invokeExact(Win32Linker.slot(), symlinkFileName, targetFileName, flags);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL CreateHardLinkW(LPCWSTR, LPCWSTR, LPSECURITY_ATTRIBUTES). Last error: {@link Win32Linker#lastError()}. */
    public static int CreateHardLinkW(long fileName, long existingFileName, long securityAttributes) {
        try {
            return (int) FileCalls.CreateHardLinkW.invokeExact(Win32Linker.slot(), fileName, existingFileName, securityAttributes);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** HANDLE FindFirstFileW(LPCWSTR, LPWIN32_FIND_DATAW). Last error: {@link Win32Linker#lastError()}. */
    public static long FindFirstFileW(long fileName, long findFileData) {
        try {
            return (long) FileCalls.FindFirstFileW.invokeExact(Win32Linker.slot(), fileName, findFileData);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL FindClose(HANDLE). Last error: {@link Win32Linker#lastError()}. */
    public static int FindClose(long findFile) {
        try {
            return (int) FileCalls.FindClose.invokeExact(Win32Linker.slot(), findFile);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL ReadConsoleW(HANDLE, LPVOID, DWORD, LPDWORD, PCONSOLE_READCONSOLE_CONTROL). Last error: {@link Win32Linker#lastError()}. */
    public static int ReadConsoleW(long consoleInput, long buffer, int numberOfCharsToRead, long numberOfCharsRead, long inputControl) {
        try {
            return (int) ConsoleCalls.ReadConsoleW.invokeExact(Win32Linker.slot(), consoleInput, buffer, numberOfCharsToRead, numberOfCharsRead, inputControl);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL WriteConsoleW(HANDLE, const VOID*, DWORD, LPDWORD, LPVOID). Last error: {@link Win32Linker#lastError()}. */
    public static int WriteConsoleW(long consoleOutput, long buffer, int numberOfCharsToWrite, long numberOfCharsWritten, long reserved) {
        try {
            return (int) ConsoleCalls.WriteConsoleW.invokeExact(Win32Linker.slot(), consoleOutput, buffer, numberOfCharsToWrite, numberOfCharsWritten, reserved);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL GetConsoleScreenBufferInfo(HANDLE, PCONSOLE_SCREEN_BUFFER_INFO). Last error: {@link Win32Linker#lastError()}. */
    public static int GetConsoleScreenBufferInfo(long consoleOutput, long consoleScreenBufferInfo) {
        try {
            return (int) ConsoleCalls.GetConsoleScreenBufferInfo.invokeExact(Win32Linker.slot(), consoleOutput, consoleScreenBufferInfo);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL CancelSynchronousIo(HANDLE). Last error: {@link Win32Linker#lastError()}. */
    public static int CancelSynchronousIo(long thread) {
        try {
            return (int) ConsoleCalls.CancelSynchronousIo.invokeExact(Win32Linker.slot(), thread);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** HANDLE OpenThread(DWORD, BOOL, DWORD). Last error: {@link Win32Linker#lastError()}. */
    public static long OpenThread(int desiredAccess, int inheritHandle, int threadId) {
        try {
            return (long) ConsoleCalls.OpenThread.invokeExact(Win32Linker.slot(), desiredAccess, inheritHandle, threadId);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** DWORD GetCurrentThreadId(void). */
    public static int GetCurrentThreadId() {
        try {
            return (int) ConsoleCalls.GetCurrentThreadId.invokeExact();
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL GenerateConsoleCtrlEvent(DWORD, DWORD). Last error: {@link Win32Linker#lastError()}. */
    public static int GenerateConsoleCtrlEvent(int ctrlEvent, int processGroupId) {
        try {
            return (int) ConsoleCalls.GenerateConsoleCtrlEvent.invokeExact(Win32Linker.slot(), ctrlEvent, processGroupId);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** HANDLE CreateNamedPipeW(LPCWSTR, DWORD, DWORD, DWORD, DWORD, DWORD, DWORD, LPSECURITY_ATTRIBUTES). Last error: {@link Win32Linker#lastError()}. */
    public static long CreateNamedPipeW(long name, int openMode, int pipeMode, int maxInstances, int outBufferSize, int inBufferSize, int defaultTimeOut, long securityAttributes) {
        try {
            return (long) ProcessCalls.CreateNamedPipeW.invokeExact(Win32Linker.slot(), name, openMode, pipeMode, maxInstances, outBufferSize, inBufferSize, defaultTimeOut, securityAttributes);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL CreateProcessW(LPCWSTR, LPWSTR, LPSECURITY_ATTRIBUTES, LPSECURITY_ATTRIBUTES, BOOL, DWORD, LPVOID, LPCWSTR, LPSTARTUPINFOW, LPPROCESS_INFORMATION). Last error: {@link Win32Linker#lastError()}. */
    public static int CreateProcessW(long applicationName, long commandLine, long processAttributes, long threadAttributes, int inheritHandles, int creationFlags, long environment, long currentDirectory, long startupInfo, long processInformation) {
        try {
            return (int) ProcessCalls.CreateProcessW.invokeExact(Win32Linker.slot(), applicationName, commandLine, processAttributes, threadAttributes, inheritHandles, creationFlags, environment, currentDirectory, startupInfo, processInformation);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL InitializeProcThreadAttributeList(LPPROC_THREAD_ATTRIBUTE_LIST, DWORD, DWORD, PSIZE_T). Last error: {@link Win32Linker#lastError()}. */
    public static int InitializeProcThreadAttributeList(long attributeList, int attributeCount, int flags, long size) {
        try {
            return (int) ProcessCalls.InitializeProcThreadAttributeList.invokeExact(Win32Linker.slot(), attributeList, attributeCount, flags, size);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL UpdateProcThreadAttribute(LPPROC_THREAD_ATTRIBUTE_LIST, DWORD, DWORD_PTR, PVOID, SIZE_T, PVOID, PSIZE_T). Last error: {@link Win32Linker#lastError()}. */
    public static int UpdateProcThreadAttribute(long attributeList, int flags, long attribute, long value, long size, long previousValue, long returnSize) {
        try {
            return (int) ProcessCalls.UpdateProcThreadAttribute.invokeExact(Win32Linker.slot(), attributeList, flags, attribute, value, size, previousValue, returnSize);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** VOID DeleteProcThreadAttributeList(LPPROC_THREAD_ATTRIBUTE_LIST). */
    public static void DeleteProcThreadAttributeList(long attributeList) {
        try {
            ProcessCalls.DeleteProcThreadAttributeList.invokeExact(attributeList);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** DWORD GetCurrentProcessId(void). */
    public static int GetCurrentProcessId() {
        try {
            return (int) ProcessCalls.GetCurrentProcessId.invokeExact();
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL TerminateProcess(HANDLE, UINT). Last error: {@link Win32Linker#lastError()}. */
    public static int TerminateProcess(long process, int exitCode) {
        try {
            return (int) ProcessCalls.TerminateProcess.invokeExact(Win32Linker.slot(), process, exitCode);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL GetExitCodeProcess(HANDLE, LPDWORD). Last error: {@link Win32Linker#lastError()}. */
    public static int GetExitCodeProcess(long process, long exitCode) {
        try {
            return (int) ProcessCalls.GetExitCodeProcess.invokeExact(Win32Linker.slot(), process, exitCode);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** DWORD WaitForSingleObject(HANDLE, DWORD). Last error: {@link Win32Linker#lastError()}. */
    public static int WaitForSingleObject(long handle, int milliseconds) {
        try {
            return (int) ProcessCalls.WaitForSingleObject.invokeExact(Win32Linker.slot(), handle, milliseconds);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL RegisterWaitForSingleObject(PHANDLE, HANDLE, WAITORTIMERCALLBACK, PVOID, ULONG, ULONG). Last error: {@link Win32Linker#lastError()}. */
    public static int RegisterWaitForSingleObject(long newWaitObject, long object, long callback, long context, int milliseconds, int flags) {
        try {
            return (int) ProcessCalls.RegisterWaitForSingleObject.invokeExact(Win32Linker.slot(), newWaitObject, object, callback, context, milliseconds, flags);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL UnregisterWaitEx(HANDLE, HANDLE). Last error: {@link Win32Linker#lastError()}. */
    public static int UnregisterWaitEx(long waitHandle, long completionEvent) {
        try {
            return (int) ProcessCalls.UnregisterWaitEx.invokeExact(Win32Linker.slot(), waitHandle, completionEvent);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** UINT GetSystemDirectoryW(LPWSTR, UINT). Last error: {@link Win32Linker#lastError()}. */
    public static int GetSystemDirectoryW(long buffer, int size) {
        try {
            return (int) ProcessCalls.GetSystemDirectoryW.invokeExact(Win32Linker.slot(), buffer, size);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** LPWSTR GetCommandLineW(void). */
    public static long GetCommandLineW() {
        try {
            return (long) ProcessCalls.GetCommandLineW.invokeExact();
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** DWORD FormatMessageW(DWORD, LPCVOID, DWORD, DWORD, LPWSTR, DWORD, va_list*). */
    public static int FormatMessageW(int flags, long source, int messageId, int languageId, long buffer, int size, long arguments) {
        try {
            return (int) ErrorCalls.FormatMessageW.invokeExact(flags, source, messageId, languageId, buffer, size, arguments);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }
}
