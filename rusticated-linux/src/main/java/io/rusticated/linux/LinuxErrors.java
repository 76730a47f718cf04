package io.rusticated.linux;

import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.ErrorTable;
import io.rusticated.spi.OsError;

import static io.rusticated.linux.LinuxAbi.*;
import static io.rusticated.spi.ErrorKind.*;

/**
 * Linux's errno values: each one's name, glibc's {@code strerror} text (strerror itself is not
 * thread-safe, and the JDK prints this text), and its {@link ErrorKind}, from which core builds
 * the exception the JDK's own {@code UnixException} would.
 */
public final class LinuxErrors implements ErrorTable {
    static final LinuxErrors TABLE = new LinuxErrors();

    private final OsError[] byCode = new OsError[160];

    private LinuxErrors() {
        add(EPERM, "EPERM", "Operation not permitted", NOT_PERMITTED);
        add(ENOENT, "ENOENT", "No such file or directory", NOT_FOUND);
        add(ESRCH, "ESRCH", "No such process", NO_SUCH_PROCESS);
        add(EINTR, "EINTR", "Interrupted system call", INTERRUPTED);
        add(EIO, "EIO", "Input/output error", IO_ERROR);
        add(ENXIO, "ENXIO", "No such device or address", OTHER);
        add(E2BIG, "E2BIG", "Argument list too long", OTHER);
        add(ENOEXEC, "ENOEXEC", "Exec format error", OTHER);
        add(EBADF, "EBADF", "Bad file descriptor", BAD_HANDLE);
        add(ECHILD, "ECHILD", "No child processes", NO_SUCH_PROCESS);
        add(EAGAIN, "EAGAIN", "Resource temporarily unavailable", WOULD_BLOCK);
        add(ENOMEM, "ENOMEM", "Cannot allocate memory", NO_MEMORY);
        add(EACCES, "EACCES", "Permission denied", ACCESS_DENIED);
        add(EFAULT, "EFAULT", "Bad address", INVALID_ARGUMENT);
        add(EBUSY, "EBUSY", "Device or resource busy", BUSY);
        add(EEXIST, "EEXIST", "File exists", ALREADY_EXISTS);
        add(EXDEV, "EXDEV", "Invalid cross-device link", CROSS_DEVICE);
        add(ENODEV, "ENODEV", "No such device", OTHER);
        add(ENOTDIR, "ENOTDIR", "Not a directory", NOT_A_DIRECTORY);
        add(EISDIR, "EISDIR", "Is a directory", IS_A_DIRECTORY);
        add(EINVAL, "EINVAL", "Invalid argument", INVALID_ARGUMENT);
        add(ENFILE, "ENFILE", "Too many open files in system", TOO_MANY_OPEN_FILES);
        add(EMFILE, "EMFILE", "Too many open files", TOO_MANY_OPEN_FILES);
        add(ENOTTY, "ENOTTY", "Inappropriate ioctl for device", NOT_SUPPORTED);
        add(ETXTBSY, "ETXTBSY", "Text file busy", BUSY);
        add(EFBIG, "EFBIG", "File too large", OTHER);
        add(ENOSPC, "ENOSPC", "No space left on device", NO_SPACE);
        add(ESPIPE, "ESPIPE", "Illegal seek", NOT_SEEKABLE);
        add(EROFS, "EROFS", "Read-only file system", READ_ONLY_FILE_SYSTEM);
        add(EMLINK, "EMLINK", "Too many links", OTHER);
        add(EPIPE, "EPIPE", "Broken pipe", BROKEN_PIPE);
        add(ENAMETOOLONG, "ENAMETOOLONG", "File name too long", NAME_TOO_LONG);
        add(ENOSYS, "ENOSYS", "Function not implemented", NOT_SUPPORTED);
        add(ENOTEMPTY, "ENOTEMPTY", "Directory not empty", DIRECTORY_NOT_EMPTY);
        add(ELOOP, "ELOOP", "Too many levels of symbolic links", SYMLINK_LOOP);
        add(ETIME, "ETIME", "Timer expired", TIMED_OUT);
        add(EOPNOTSUPP, "EOPNOTSUPP", "Operation not supported", NOT_SUPPORTED);
        add(EADDRINUSE, "EADDRINUSE", "Address already in use", ADDRESS_IN_USE);
        add(ECONNRESET, "ECONNRESET", "Connection reset by peer", CONNECTION_RESET);
        add(ETIMEDOUT, "ETIMEDOUT", "Connection timed out", TIMED_OUT);
        add(ECONNREFUSED, "ECONNREFUSED", "Connection refused", CONNECTION_REFUSED);
        add(EALREADY, "EALREADY", "Operation already in progress", OTHER);
        add(EDQUOT, "EDQUOT", "Disk quota exceeded", NO_SPACE);
        add(ECANCELED, "ECANCELED", "Operation canceled", CANCELLED);
        add(EPROTO, "EPROTO", "Protocol error", PROTOCOL_ERROR);
        add(EMSGSIZE, "EMSGSIZE", "Message too long", OTHER);
        add(EAFNOSUPPORT, "EAFNOSUPPORT", "Address family not supported by protocol", NOT_SUPPORTED);
        add(EADDRNOTAVAIL, "EADDRNOTAVAIL", "Cannot assign requested address", ADDRESS_NOT_AVAILABLE);
        add(ENETUNREACH, "ENETUNREACH", "Network is unreachable", NETWORK_UNREACHABLE);
        add(ECONNABORTED, "ECONNABORTED", "Software caused connection abort", CONNECTION_ABORTED);
        add(ENOBUFS, "ENOBUFS", "No buffer space available", NO_MEMORY);
        add(EISCONN, "EISCONN", "Transport endpoint is already connected", OTHER);
        add(ENOTCONN, "ENOTCONN", "Transport endpoint is not connected", NOT_CONNECTED);
        add(EHOSTUNREACH, "EHOSTUNREACH", "No route to host", HOST_UNREACHABLE);
        add(EINPROGRESS, "EINPROGRESS", "Operation now in progress", WOULD_BLOCK);
    }

    private void add(int code, String name, String message, ErrorKind kind) {
        byCode[code] = new OsError(code, name, message, kind);
    }

    @Override
    public OsError lookup(int errno) {
        OsError e = errno >= 0 && errno < byCode.length ? byCode[errno] : null;
        return e != null ? e : new OsError(errno, "errno " + errno, "Unknown error " + errno, OTHER);
    }

    /** The error {@code errno} stands for, on Linux. */
    public static OsError of(int errno) {
        return TABLE.lookup(errno);
    }

    /** glibc's text for the errno. */
    public static String message(int errno) {
        return of(errno).message();
    }

    /** The symbolic name of an errno, for messages meant for developers. */
    public static String name(int errno) {
        return of(errno).name();
    }
}
