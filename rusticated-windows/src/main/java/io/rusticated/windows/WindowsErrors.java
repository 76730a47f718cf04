package io.rusticated.windows;

import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.ErrorTable;
import io.rusticated.spi.OsError;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

import static io.rusticated.spi.ErrorKind.*;

/**
 * Win32 error codes: each one's name, the system's English text as {@code FormatMessageW} gives
 * it and the JDK prints it (its trailing ".\r\n" dropped, as {@code WindowsNativeDispatcher}
 * drops it), and its {@link ErrorKind}. The kinds follow the JDK's
 * {@code WindowsException.translateToIOException}: only ERROR_FILE_NOT_FOUND and
 * ERROR_PATH_NOT_FOUND are "not found", ERROR_FILE_EXISTS and ERROR_ALREADY_EXISTS "already
 * exists", ERROR_ACCESS_DENIED "access denied"; everything else becomes a plain
 * {@code FileSystemException} with the text, whatever its kind (the kinds of the others say how the
 * loop reacts: a cancellation, end of input, a broken pipe, and let core refine a directory
 * that is not empty as the JDK's provider does).
 *
 * <p>A code not in the table is named {@code error N}; on Windows its text comes from
 * {@code FormatMessageW} (once per code), elsewhere it is the JDK's fallback
 * {@code Unknown error: 0x...}.
 */
public final class WindowsErrors implements ErrorTable {
    /** The table, with FormatMessageW for unknown codes where it exists. */
    static final WindowsErrors TABLE = new WindowsErrors(IocpDriverFactory.onWindows() ? WindowsErrors::formatMessage : code -> null);

    private final Map<Integer, OsError> byCode = new TreeMap<>();
    private final Map<Integer, OsError> unknown = new ConcurrentHashMap<>();
    private final IntFunction<String> systemText;

    // Codes the driver itself tests for.
    static final int ERROR_FILE_NOT_FOUND = 2;
    static final int ERROR_ACCESS_DENIED = 5;
    static final int ERROR_INVALID_HANDLE = 6;
    static final int ERROR_NO_MORE_FILES = 18;
    static final int ERROR_SHARING_VIOLATION = 32;
    static final int ERROR_HANDLE_EOF = 38;
    static final int ERROR_FILE_EXISTS = 80;
    static final int ERROR_INVALID_PARAMETER = 87;
    static final int ERROR_BROKEN_PIPE = 109;
    static final int ERROR_ALREADY_EXISTS = 183;
    static final int ERROR_PIPE_BUSY = 231;
    static final int ERROR_DIRECTORY = 267;
    static final int ERROR_PIPE_CONNECTED = 535;
    static final int ERROR_OPERATION_ABORTED = 995;
    static final int ERROR_IO_PENDING = 997;
    static final int ERROR_NOT_FOUND = 1168;
    static final int WSAEACCES = 10013;
    static final int WSAEINVAL = 10022;
    static final int WSAENOTSOCK = 10038;
    static final int WSAEMSGSIZE = 10040;
    static final int WSAENOPROTOOPT = 10042;
    static final int WSAEADDRINUSE = 10048;
    static final int WSAENETRESET = 10052;
    static final int WSAECONNRESET = 10054;
    static final int WSAENOTCONN = 10057;
    static final int WSAECONNREFUSED = 10061;

    WindowsErrors(IntFunction<String> systemText) {
        this.systemText = systemText;
        add(1, "ERROR_INVALID_FUNCTION", "Incorrect function", NOT_SUPPORTED);
        add(ERROR_FILE_NOT_FOUND, "ERROR_FILE_NOT_FOUND", "The system cannot find the file specified", NOT_FOUND);
        add(3, "ERROR_PATH_NOT_FOUND", "The system cannot find the path specified", NOT_FOUND);
        add(4, "ERROR_TOO_MANY_OPEN_FILES", "The system cannot open the file", TOO_MANY_OPEN_FILES);
        add(ERROR_ACCESS_DENIED, "ERROR_ACCESS_DENIED", "Access is denied", ACCESS_DENIED);
        add(ERROR_INVALID_HANDLE, "ERROR_INVALID_HANDLE", "The handle is invalid", BAD_HANDLE);
        add(8, "ERROR_NOT_ENOUGH_MEMORY", "Not enough memory resources are available to process this command", NO_MEMORY);
        add(13, "ERROR_INVALID_DATA", "The data is invalid", INVALID_ARGUMENT);
        add(14, "ERROR_OUTOFMEMORY", "Not enough memory resources are available to complete this operation", NO_MEMORY);
        add(15, "ERROR_INVALID_DRIVE", "The system cannot find the drive specified", OTHER);
        add(17, "ERROR_NOT_SAME_DEVICE", "The system cannot move the file to a different disk drive", CROSS_DEVICE);
        add(ERROR_NO_MORE_FILES, "ERROR_NO_MORE_FILES", "There are no more files", OTHER);
        add(19, "ERROR_WRITE_PROTECT", "The media is write protected", READ_ONLY_FILE_SYSTEM);
        add(21, "ERROR_NOT_READY", "The device is not ready", IO_ERROR);
        add(23, "ERROR_CRC", "Data error (cyclic redundancy check)", IO_ERROR);
        add(31, "ERROR_GEN_FAILURE", "A device attached to the system is not functioning", IO_ERROR);
        add(ERROR_SHARING_VIOLATION, "ERROR_SHARING_VIOLATION", "The process cannot access the file because it is being used by another process", BUSY);
        add(33, "ERROR_LOCK_VIOLATION", "The process cannot access the file because another process has locked a portion of the file", BUSY);
        add(ERROR_HANDLE_EOF, "ERROR_HANDLE_EOF", "Reached the end of the file", OTHER);
        add(50, "ERROR_NOT_SUPPORTED", "The request is not supported", NOT_SUPPORTED);
        add(53, "ERROR_BAD_NETPATH", "The network path was not found", OTHER);
        add(64, "ERROR_NETNAME_DELETED", "The specified network name is no longer available", IO_ERROR);
        add(ERROR_FILE_EXISTS, "ERROR_FILE_EXISTS", "The file exists", ALREADY_EXISTS);
        add(ERROR_INVALID_PARAMETER, "ERROR_INVALID_PARAMETER", "The parameter is incorrect", INVALID_ARGUMENT);
        add(ERROR_BROKEN_PIPE, "ERROR_BROKEN_PIPE", "The pipe has been ended", BROKEN_PIPE);
        add(112, "ERROR_DISK_FULL", "There is not enough space on the disk", NO_SPACE);
        add(120, "ERROR_CALL_NOT_IMPLEMENTED", "This function is not supported on this system", NOT_SUPPORTED);
        add(122, "ERROR_INSUFFICIENT_BUFFER", "The data area passed to a system call is too small", INVALID_ARGUMENT);
        add(123, "ERROR_INVALID_NAME", "The filename, directory name, or volume label syntax is incorrect", OTHER);
        add(145, "ERROR_DIR_NOT_EMPTY", "The directory is not empty", DIRECTORY_NOT_EMPTY);
        add(161, "ERROR_BAD_PATHNAME", "The specified path is invalid", OTHER);
        add(ERROR_ALREADY_EXISTS, "ERROR_ALREADY_EXISTS", "Cannot create a file when that file already exists", ALREADY_EXISTS);
        add(193, "ERROR_BAD_EXE_FORMAT", "%1 is not a valid Win32 application", OTHER);
        add(206, "ERROR_FILENAME_EXCED_RANGE", "The filename or extension is too long", NAME_TOO_LONG);
        add(ERROR_PIPE_BUSY, "ERROR_PIPE_BUSY", "All pipe instances are busy", BUSY);
        add(232, "ERROR_NO_DATA", "The pipe is being closed", BROKEN_PIPE);
        add(233, "ERROR_PIPE_NOT_CONNECTED", "No process is on the other end of the pipe", BROKEN_PIPE);
        add(258, "WAIT_TIMEOUT", "The wait operation timed out", TIMED_OUT);
        add(ERROR_DIRECTORY, "ERROR_DIRECTORY", "The directory name is invalid", NOT_A_DIRECTORY);
        add(303, "ERROR_DELETE_PENDING", "The file cannot be opened because it is in the process of being deleted", OTHER);
        add(ERROR_PIPE_CONNECTED, "ERROR_PIPE_CONNECTED", "There is a process on other end of the pipe", OTHER);
        add(ERROR_OPERATION_ABORTED, "ERROR_OPERATION_ABORTED", "The I/O operation has been aborted because of either a thread exit or an application request", CANCELLED);
        add(996, "ERROR_IO_INCOMPLETE", "Overlapped I/O event is not in a signaled state", OTHER);
        add(ERROR_IO_PENDING, "ERROR_IO_PENDING", "Overlapped I/O operation is in progress", OTHER);
        add(1113, "ERROR_NO_UNICODE_TRANSLATION", "No mapping for the Unicode character exists in the target multi-byte code page", OTHER);
        add(1117, "ERROR_IO_DEVICE", "The request could not be performed because of an I/O device error", IO_ERROR);
        add(ERROR_NOT_FOUND, "ERROR_NOT_FOUND", "Element not found", OTHER);
        add(1224, "ERROR_USER_MAPPED_FILE", "The requested operation cannot be performed on a file with a user-mapped section open", BUSY);
        add(1225, "ERROR_CONNECTION_REFUSED", "The remote computer refused the network connection", CONNECTION_REFUSED);
        add(1314, "ERROR_PRIVILEGE_NOT_HELD", "A required privilege is not held by the client", NOT_PERMITTED);
        add(1450, "ERROR_NO_SYSTEM_RESOURCES", "Insufficient system resources exist to complete the requested service", NO_MEMORY);
        add(1460, "ERROR_TIMEOUT", "This operation returned because the timeout period expired", TIMED_OUT);
        add(1920, "ERROR_CANT_ACCESS_FILE", "The file cannot be accessed by the system", OTHER);
        add(1921, "ERROR_CANT_RESOLVE_FILENAME", "The name of the file cannot be resolved by the system", OTHER);
        add(4390, "ERROR_NOT_A_REPARSE_POINT", "The file or directory is not a reparse point", OTHER);
        addWinsockErrors();
    }

    /**
     * The Winsock errors, with the texts and exceptions of the JDK's own table for them
     * ({@code winsock_errors} in its Windows {@code net_util_md.c}, which {@code NET_ThrowNew} uses):
     * BindException for an address in use or not available, ConnectException for a refused or
     * timed-out connection, NoRouteToHostException for an unreachable host, SocketException for
     * the rest, which is why WSAEACCES ("Permission denied", a bind the JDK reports as in use) and
     * WSAENOTCONN are kinds core maps to a plain SocketException. WSA_OPERATION_ABORTED,
     * WSA_IO_PENDING and WSA_NOT_ENOUGH_MEMORY are the Win32 codes above (995, 997, 8).
     */
    private void addWinsockErrors() {
        add(10004, "WSAEINTR", "Interrupted function call", INTERRUPTED);
        add(WSAEACCES, "WSAEACCES", "Permission denied", NOT_PERMITTED);
        add(10014, "WSAEFAULT", "Bad address", INVALID_ARGUMENT);
        add(WSAEINVAL, "WSAEINVAL", "Invalid argument", INVALID_ARGUMENT);
        add(10024, "WSAEMFILE", "Too many open files", TOO_MANY_OPEN_FILES);
        add(10035, "WSAEWOULDBLOCK", "Resource temporarily unavailable", WOULD_BLOCK);
        add(10036, "WSAEINPROGRESS", "Operation now in progress", OTHER);
        add(10037, "WSAEALREADY", "Operation already in progress", OTHER);
        add(WSAENOTSOCK, "WSAENOTSOCK", "Socket operation on nonsocket", BAD_HANDLE);
        add(10039, "WSAEDESTADDRREQ", "Destination address required", OTHER);
        add(WSAEMSGSIZE, "WSAEMSGSIZE", "The message is larger than the maximum supported by the underlying transport", OTHER);
        add(10041, "WSAEPROTOTYPE", "Protocol wrong type for socket", NOT_SUPPORTED);
        add(WSAENOPROTOOPT, "WSAENOPROTOOPT", "Bad protocol option", NOT_SUPPORTED);
        add(10043, "WSAEPROTONOSUPPORT", "Protocol not supported", NOT_SUPPORTED);
        add(10044, "WSAESOCKTNOSUPPORT", "Socket type not supported", NOT_SUPPORTED);
        add(10045, "WSAEOPNOTSUPP", "Operation not supported", NOT_SUPPORTED);
        add(10046, "WSAEPFNOSUPPORT", "Protocol family not supported", NOT_SUPPORTED);
        add(10047, "WSAEAFNOSUPPORT", "Address family not supported by protocol family", NOT_SUPPORTED);
        add(WSAEADDRINUSE, "WSAEADDRINUSE", "Address already in use", ADDRESS_IN_USE);
        add(10049, "WSAEADDRNOTAVAIL", "Cannot assign requested address", ADDRESS_NOT_AVAILABLE);
        add(10050, "WSAENETDOWN", "Network is down", OTHER);
        add(10051, "WSAENETUNREACH", "Network is unreachable", NETWORK_UNREACHABLE);
        add(WSAENETRESET, "WSAENETRESET", "Network dropped connection on reset", CONNECTION_RESET);
        add(10053, "WSAECONNABORTED", "Software caused connection abort", CONNECTION_ABORTED);
        add(WSAECONNRESET, "WSAECONNRESET", "Connection reset by peer", CONNECTION_RESET);
        add(10055, "WSAENOBUFS", "No buffer space available (maximum connections reached?)", NO_MEMORY);
        add(10056, "WSAEISCONN", "Socket is already connected", OTHER);
        add(WSAENOTCONN, "WSAENOTCONN", "Socket is not connected", OTHER);
        add(10058, "WSAESHUTDOWN", "Cannot send after socket shutdown", BROKEN_PIPE);
        add(10060, "WSAETIMEDOUT", "Connection timed out", TIMED_OUT);
        add(WSAECONNREFUSED, "WSAECONNREFUSED", "Connection refused", CONNECTION_REFUSED);
        add(10064, "WSAEHOSTDOWN", "Host is down", OTHER);
        add(10065, "WSAEHOSTUNREACH", "No route to host", HOST_UNREACHABLE);
        add(10067, "WSAEPROCLIM", "Too many processes", OTHER);
        add(10091, "WSASYSNOTREADY", "Network subsystem is unavailable", OTHER);
        add(10092, "WSAVERNOTSUPPORTED", "Winsock.dll version out of range", OTHER);
        add(10093, "WSANOTINITIALISED", "Successful WSAStartup not yet performed", OTHER);
        add(10101, "WSAEDISCON", "Graceful shutdown in progress", OTHER);
        add(10109, "WSATYPE_NOT_FOUND", "Class type not found", OTHER);
        add(11001, "WSAHOST_NOT_FOUND", "Host not found", OTHER);
        add(11002, "WSATRY_AGAIN", "Nonauthoritative host not found", OTHER);
        add(11003, "WSANO_RECOVERY", "This is a nonrecoverable error", OTHER);
        add(11004, "WSANO_DATA", "Valid name, no data record of requested type", OTHER);
    }

    private void add(int code, String name, String message, ErrorKind kind) {
        if (byCode.put(code, new OsError(code, name, message, kind)) != null) {
            throw new IllegalStateException("error " + code + " listed twice");
        }
    }

    @Override
    public OsError lookup(int code) {
        OsError e = byCode.get(code);
        if (e != null) {
            return e;
        }
        return unknown.computeIfAbsent(code, c -> {
            String text = systemText.apply(c);
            return new OsError(c, "error " + Integer.toUnsignedString(c),
                    text != null ? text : "Unknown error: 0x" + Integer.toHexString(c), OTHER);
        });
    }

    /** Every code the table names, in ascending order (LayoutProbeTest checks each against winerror.h). */
    Collection<OsError> known() {
        return Collections.unmodifiableCollection(byCode.values());
    }

    /** The error a code stands for, on Windows. */
    public static OsError of(int code) {
        return TABLE.lookup(code);
    }

    /** The symbolic name and text of a code, for developers' messages: {@code ERROR_PIPE_BUSY (All pipe instances are busy)}. */
    static String describe(int code) {
        return of(code).toString();
    }

    /** The system's text for the code, in the user's language as the JDK shows it, trimmed as the JDK trims it; null if it has none. */
    static String formatMessage(int code) {
        try (Arena arena = Arena.ofConfined()) {
            int capacity = 1024;
            MemorySegment buffer = arena.allocate(2L * capacity, 2);
            int n = Kernel32.FormatMessageW(WindowsAbi.FORMAT_MESSAGE_FROM_SYSTEM | WindowsAbi.FORMAT_MESSAGE_IGNORE_INSERTS,
                    0, code, 0, buffer.address(), capacity, 0);
            if (n <= 0) {
                return null;
            }
            char[] text = new char[n];
            MemorySegment.copy(buffer, ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), 0, text, 0, n);
            return trimmed(new String(text));
        }
    }

    /** Drops a trailing LF, CR and full stop, in that order, as the JDK's FormatMessage does. */
    static String trimmed(String text) {
        String t = text;
        if (t.endsWith("\n")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith("\r")) {
            t = t.substring(0, t.length() - 1);
        }
        if (t.endsWith(".")) {
            t = t.substring(0, t.length() - 1);
        }
        return t;
    }
}
