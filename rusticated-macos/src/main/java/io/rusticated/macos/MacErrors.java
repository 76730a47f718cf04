package io.rusticated.macos;

import io.rusticated.unix.Errno;
import io.rusticated.unix.ErrnoTable;

import static io.rusticated.macos.MacAbi.*;

/**
 * macOS's errno values in the shared shape ({@link ErrnoTable}): each name's number on macOS (the
 * same on arm64 and x86_64; {@code MacLayoutProbeTest} checks every one against both SDKs) and the
 * text macOS's {@code strerror} gives it (the BSD texts: "Resource busy", "Operation timed out",
 * "Disc quota exceeded"). Where Linux has one number for two names, macOS has two: ENOTSUP (45,
 * files) and EOPNOTSUPP (102, sockets).
 */
public final class MacErrors {
    private MacErrors() {
    }

    static final ErrnoTable TABLE = ErrnoTable.builder("macOS", "Unknown error: ")
            .add(Errno.EPERM, EPERM, "Operation not permitted")
            .add(Errno.ENOENT, ENOENT, "No such file or directory")
            .add(Errno.ESRCH, ESRCH, "No such process")
            .add(Errno.EINTR, EINTR, "Interrupted system call")
            .add(Errno.EIO, EIO, "Input/output error")
            .add(Errno.ENXIO, ENXIO, "Device not configured")
            .add(Errno.E2BIG, E2BIG, "Argument list too long")
            .add(Errno.ENOEXEC, ENOEXEC, "Exec format error")
            .add(Errno.EBADF, EBADF, "Bad file descriptor")
            .add(Errno.ECHILD, ECHILD, "No child processes")
            .add(Errno.EDEADLK, EDEADLK, "Resource deadlock avoided")
            .add(Errno.ENOMEM, ENOMEM, "Cannot allocate memory")
            .add(Errno.EACCES, EACCES, "Permission denied")
            .add(Errno.EFAULT, EFAULT, "Bad address")
            .add(Errno.EBUSY, EBUSY, "Resource busy")
            .add(Errno.EEXIST, EEXIST, "File exists")
            .add(Errno.EXDEV, EXDEV, "Cross-device link")
            .add(Errno.ENODEV, ENODEV, "Operation not supported by device")
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
            .add(Errno.EAGAIN, EAGAIN, "Resource temporarily unavailable")
            .add(Errno.EALREADY, EALREADY, "Operation already in progress")
            .add(Errno.ENOTSUP, ENOTSUP, "Operation not supported")
            .add(Errno.EADDRINUSE, EADDRINUSE, "Address already in use")
            .add(Errno.ECONNRESET, ECONNRESET, "Connection reset by peer")
            .add(Errno.ETIMEDOUT, ETIMEDOUT, "Operation timed out")
            .add(Errno.ECONNREFUSED, ECONNREFUSED, "Connection refused")
            .add(Errno.EPROTO, EPROTO, "Protocol error")
            .add(Errno.EMSGSIZE, EMSGSIZE, "Message too long")
            .add(Errno.EAFNOSUPPORT, EAFNOSUPPORT, "Address family not supported by protocol family")
            .add(Errno.EADDRNOTAVAIL, EADDRNOTAVAIL, "Can't assign requested address")
            .add(Errno.ENETUNREACH, ENETUNREACH, "Network is unreachable")
            .add(Errno.ECONNABORTED, ECONNABORTED, "Software caused connection abort")
            .add(Errno.ENOBUFS, ENOBUFS, "No buffer space available")
            .add(Errno.EISCONN, EISCONN, "Socket is already connected")
            .add(Errno.ENOTCONN, ENOTCONN, "Socket is not connected")
            .add(Errno.EHOSTUNREACH, EHOSTUNREACH, "No route to host")
            .add(Errno.EINPROGRESS, EINPROGRESS, "Operation now in progress")
            .add(Errno.ELOOP, ELOOP, "Too many levels of symbolic links")
            .add(Errno.ENAMETOOLONG, ENAMETOOLONG, "File name too long")
            .add(Errno.ENOTEMPTY, ENOTEMPTY, "Directory not empty")
            .add(Errno.EDQUOT, EDQUOT, "Disc quota exceeded")
            .add(Errno.ENOSYS, ENOSYS, "Function not implemented")
            .add(Errno.EFTYPE, EFTYPE, "Inappropriate file type or format")
            .add(Errno.ECANCELED, ECANCELED, "Operation canceled")
            .add(Errno.EILSEQ, EILSEQ, "Illegal byte sequence")
            .add(Errno.ETIME, ETIME, "STREAM ioctl timeout")
            .add(Errno.EOPNOTSUPP, EOPNOTSUPP, "Operation not supported on socket")
            .build();
}
