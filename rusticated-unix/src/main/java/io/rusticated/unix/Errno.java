package io.rusticated.unix;

import io.rusticated.spi.ErrorKind;

import static io.rusticated.spi.ErrorKind.*;

/**
 * The errno names the Unix modules know, each with what it means ({@link ErrorKind}), once for
 * every Unix. The numbers and the C library's texts differ per OS ({@code EAGAIN} is 11 on Linux
 * and 35 on macOS, {@code ENOTEMPTY} 39 and 66): each OS module gives them in its {@link ErrnoTable}.
 * The kinds follow the JDK's {@code UnixException}: EPERM and EROFS are not "access denied" there.
 */
public enum Errno {
    EPERM(NOT_PERMITTED),
    ENOENT(NOT_FOUND),
    ESRCH(NO_SUCH_PROCESS),
    EINTR(INTERRUPTED),
    EIO(IO_ERROR),
    ENXIO(OTHER),
    E2BIG(OTHER),
    ENOEXEC(OTHER),
    EBADF(BAD_HANDLE),
    ECHILD(NO_SUCH_PROCESS),
    EDEADLK(OTHER),
    ENOMEM(NO_MEMORY),
    EACCES(ACCESS_DENIED),
    EFAULT(INVALID_ARGUMENT),
    EBUSY(BUSY),
    EEXIST(ALREADY_EXISTS),
    EXDEV(CROSS_DEVICE),
    ENODEV(OTHER),
    ENOTDIR(NOT_A_DIRECTORY),
    EISDIR(IS_A_DIRECTORY),
    EINVAL(INVALID_ARGUMENT),
    ENFILE(TOO_MANY_OPEN_FILES),
    EMFILE(TOO_MANY_OPEN_FILES),
    ENOTTY(NOT_SUPPORTED),
    ETXTBSY(BUSY),
    EFBIG(OTHER),
    ENOSPC(NO_SPACE),
    ESPIPE(NOT_SEEKABLE),
    EROFS(READ_ONLY_FILE_SYSTEM),
    EMLINK(OTHER),
    EPIPE(BROKEN_PIPE),
    /** Also EWOULDBLOCK, the same number on Linux and macOS. */
    EAGAIN(WOULD_BLOCK),
    EALREADY(OTHER),
    /** Linux: the same number as {@link #EOPNOTSUPP}; macOS: its own (45). */
    ENOTSUP(NOT_SUPPORTED),
    EOPNOTSUPP(NOT_SUPPORTED),
    EADDRINUSE(ADDRESS_IN_USE),
    ECONNRESET(CONNECTION_RESET),
    ETIMEDOUT(TIMED_OUT),
    ECONNREFUSED(CONNECTION_REFUSED),
    EPROTO(PROTOCOL_ERROR),
    EMSGSIZE(OTHER),
    EAFNOSUPPORT(NOT_SUPPORTED),
    EADDRNOTAVAIL(ADDRESS_NOT_AVAILABLE),
    ENETUNREACH(NETWORK_UNREACHABLE),
    ECONNABORTED(CONNECTION_ABORTED),
    ENOBUFS(NO_MEMORY),
    EISCONN(OTHER),
    ENOTCONN(NOT_CONNECTED),
    EHOSTUNREACH(HOST_UNREACHABLE),
    EINPROGRESS(WOULD_BLOCK),
    ELOOP(SYMLINK_LOOP),
    ENAMETOOLONG(NAME_TOO_LONG),
    ENOTEMPTY(DIRECTORY_NOT_EMPTY),
    EDQUOT(NO_SPACE),
    ENOSYS(NOT_SUPPORTED),
    /** macOS only: "Inappropriate file type or format". */
    EFTYPE(OTHER),
    ECANCELED(CANCELLED),
    EILSEQ(OTHER),
    /** Linux: "Timer expired"; macOS: a STREAMS ioctl timeout. */
    ETIME(TIMED_OUT);

    private final ErrorKind kind;

    Errno(ErrorKind kind) {
        this.kind = kind;
    }

    /** What this error means, on every Unix. */
    public ErrorKind kind() {
        return kind;
    }
}
