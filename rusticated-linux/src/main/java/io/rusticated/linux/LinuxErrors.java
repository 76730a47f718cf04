package io.rusticated.linux;

import io.rusticated.spi.OsError;
import io.rusticated.unix.Errno;
import io.rusticated.unix.ErrnoTable;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * Linux's errno values in the shared shape ({@link ErrnoTable}): each name's number (LinuxAbi's,
 * checked against the headers by the layout probe) and glibc's {@code strerror} text; what each
 * name means is the same on every Unix ({@link Errno#kind()}).
 */
public final class LinuxErrors {
    private LinuxErrors() {
    }

    static final ErrnoTable TABLE = ErrnoTable.builder("Linux", "Unknown error ")
            .add(Errno.EPERM, EPERM, "Operation not permitted")
            .add(Errno.ENOENT, ENOENT, "No such file or directory")
            .add(Errno.ESRCH, ESRCH, "No such process")
            .add(Errno.EINTR, EINTR, "Interrupted system call")
            .add(Errno.EIO, EIO, "Input/output error")
            .add(Errno.ENXIO, ENXIO, "No such device or address")
            .add(Errno.E2BIG, E2BIG, "Argument list too long")
            .add(Errno.ENOEXEC, ENOEXEC, "Exec format error")
            .add(Errno.EBADF, EBADF, "Bad file descriptor")
            .add(Errno.ECHILD, ECHILD, "No child processes")
            .add(Errno.EAGAIN, EAGAIN, "Resource temporarily unavailable")
            .add(Errno.ENOMEM, ENOMEM, "Cannot allocate memory")
            .add(Errno.EACCES, EACCES, "Permission denied")
            .add(Errno.EFAULT, EFAULT, "Bad address")
            .add(Errno.EBUSY, EBUSY, "Device or resource busy")
            .add(Errno.EEXIST, EEXIST, "File exists")
            .add(Errno.EXDEV, EXDEV, "Invalid cross-device link")
            .add(Errno.ENODEV, ENODEV, "No such device")
            .add(Errno.ENOTDIR, ENOTDIR, "Not a directory")
            .add(Errno.EISDIR, EISDIR, "Is a directory")
            .add(Errno.EINVAL, EINVAL, "Invalid argument")
            .add(Errno.ENFILE, ENFILE, "Too many open files in system")
            .add(Errno.EMFILE, EMFILE, "Too many open files")
            .add(Errno.ENOTTY, ENOTTY, "Inappropriate ioctl for device")
            .add(Errno.ETXTBSY, ETXTBSY, "Text file busy")
            .add(Errno.EFBIG, EFBIG, "File too large")
            .add(Errno.ENOSPC, ENOSPC, "No space left on device")
            .add(Errno.ESPIPE, ESPIPE, "Illegal seek")
            .add(Errno.EROFS, EROFS, "Read-only file system")
            .add(Errno.EMLINK, EMLINK, "Too many links")
            .add(Errno.EPIPE, EPIPE, "Broken pipe")
            .add(Errno.ENAMETOOLONG, ENAMETOOLONG, "File name too long")
            .add(Errno.ENOSYS, ENOSYS, "Function not implemented")
            .add(Errno.ENOTEMPTY, ENOTEMPTY, "Directory not empty")
            .add(Errno.ELOOP, ELOOP, "Too many levels of symbolic links")
            .add(Errno.ETIME, ETIME, "Timer expired")
            .add(Errno.EOPNOTSUPP, EOPNOTSUPP, "Operation not supported")
            .add(Errno.EADDRINUSE, EADDRINUSE, "Address already in use")
            .add(Errno.ECONNRESET, ECONNRESET, "Connection reset by peer")
            .add(Errno.ETIMEDOUT, ETIMEDOUT, "Connection timed out")
            .add(Errno.ECONNREFUSED, ECONNREFUSED, "Connection refused")
            .add(Errno.EALREADY, EALREADY, "Operation already in progress")
            .add(Errno.EDQUOT, EDQUOT, "Disk quota exceeded")
            .add(Errno.ECANCELED, ECANCELED, "Operation canceled")
            .add(Errno.EPROTO, EPROTO, "Protocol error")
            .add(Errno.EMSGSIZE, EMSGSIZE, "Message too long")
            .add(Errno.EAFNOSUPPORT, EAFNOSUPPORT, "Address family not supported by protocol")
            .add(Errno.EADDRNOTAVAIL, EADDRNOTAVAIL, "Cannot assign requested address")
            .add(Errno.ENETUNREACH, ENETUNREACH, "Network is unreachable")
            .add(Errno.ECONNABORTED, ECONNABORTED, "Software caused connection abort")
            .add(Errno.ENOBUFS, ENOBUFS, "No buffer space available")
            .add(Errno.EISCONN, EISCONN, "Transport endpoint is already connected")
            .add(Errno.ENOTCONN, ENOTCONN, "Transport endpoint is not connected")
            .add(Errno.EHOSTUNREACH, EHOSTUNREACH, "No route to host")
            .add(Errno.EINPROGRESS, EINPROGRESS, "Operation now in progress")
            .alias(Errno.ENOTSUP, Errno.EOPNOTSUPP)
            .build();

    /** The error {@code errno} stands for, on Linux. */
    public static OsError of(int errno) {
        return TABLE.lookup(errno);
    }

    /** glibc's text for the errno. */
    public static String message(int errno) {
        return TABLE.message(errno);
    }

    /** The symbolic name of an errno, for messages meant for developers. */
    public static String name(int errno) {
        return TABLE.name(errno);
    }
}
