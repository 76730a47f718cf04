package io.rusticated.spi;

/**
 * What an OS error means, in OS-neutral terms. Each OS's {@link ErrorTable} gives every code it
 * knows one kind; core decides from the kind alone which exception a Java developer sees
 * ({@link OsError#toException}) and how the loop reacts (a cancellation, a restart, EOF).
 *
 * <p>The kinds the JDK singles out are separate even where they look alike, because the JDK maps
 * them differently: {@link #ACCESS_DENIED} (EACCES, ERROR_ACCESS_DENIED) becomes an
 * {@link java.nio.file.AccessDeniedException}, while {@link #NOT_PERMITTED} (EPERM,
 * ERROR_PRIVILEGE_NOT_HELD) and {@link #READ_ONLY_FILE_SYSTEM} (EROFS) are a plain
 * {@link java.nio.file.FileSystemException} in both {@code UnixException} and {@code WindowsException}.
 */
public enum ErrorKind {
    NOT_FOUND,
    ACCESS_DENIED,
    NOT_PERMITTED,
    ALREADY_EXISTS,
    NOT_A_DIRECTORY,
    IS_A_DIRECTORY,
    DIRECTORY_NOT_EMPTY,
    /** Too many symbolic links, or a link where none may be (O_NOFOLLOW). */
    SYMLINK_LOOP,
    CROSS_DEVICE,
    NO_SPACE,
    READ_ONLY_FILE_SYSTEM,
    NAME_TOO_LONG,
    TOO_MANY_OPEN_FILES,
    BROKEN_PIPE,
    CONNECTION_RESET,
    CONNECTION_REFUSED,
    CONNECTION_ABORTED,
    NOT_CONNECTED,
    ADDRESS_IN_USE,
    ADDRESS_NOT_AVAILABLE,
    HOST_UNREACHABLE,
    NETWORK_UNREACHABLE,
    /** A protocol error on a socket (EPROTO). */
    PROTOCOL_ERROR,
    TIMED_OUT,
    /** The call would block (EAGAIN): a non-blocking attempt found nothing to do. */
    WOULD_BLOCK,
    /** A signal interrupted the call (EINTR). */
    INTERRUPTED,
    /** The OS cancelled the request, as asked (ECANCELED, ERROR_OPERATION_ABORTED). */
    CANCELLED,
    INVALID_ARGUMENT,
    BAD_HANDLE,
    NOT_SUPPORTED,
    BUSY,
    NO_MEMORY,
    /** A position on a handle that has none (ESPIPE). */
    NOT_SEEKABLE,
    NO_SUCH_PROCESS,
    IO_ERROR,
    /** Anything else: the OS's own text says what. */
    OTHER
}
