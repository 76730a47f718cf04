package io.rusticated.spi;

/**
 * What an operation asks of the OS, in OS-neutral terms. Each driver maps every opcode to its own
 * mechanism (an io_uring SQE, a readiness wait plus a system call, an overlapped call, a host
 * import, or a call on the blocking pool) and throws {@link UnsupportedOperationException} naming
 * itself and the opcode where it has none ({@link Driver#supports}).
 */
public enum Opcode {
    /** Completes with 0: a round trip through the driver. */
    NOP,
    /**
     * Reads into the buffer's spare capacity at {@link Request#offset()}, or at
     * {@link Request#CURRENT_POSITION}; completes with the byte count, 0 at the end.
     */
    READ,
    /** Writes the buffer's filled part at {@link Request#offset()} or {@link Request#CURRENT_POSITION}; completes with the byte count. */
    WRITE,
    /** Opens {@link Request#path()} with {@link Request#openFlags()}; completes with the new handle. */
    OPEN,
    /** Closes {@link Request#handle()}: the handle is gone whatever the outcome. */
    CLOSE,
    /** Reads metadata of the path (or of the handle when the path is null); the payload is an {@code io.rusticated.fs.Metadata}. */
    STAT,
    /** Flushes the handle to storage; {@link Request#DATA_ONLY} skips metadata that reads don't need. */
    FSYNC,
    /** Sets the file's length to {@link Request#length()}. */
    TRUNCATE,
    /** Creates the directory {@link Request#path()} with {@link Request#mode()}. */
    MKDIR,
    /** Removes the file (or, with {@link Request#DIRECTORY}, the empty directory) at the path. */
    UNLINK,
    /** Renames path to path2; {@link Request#NO_REPLACE} fails if path2 exists. */
    RENAME,
    /** Creates a symbolic link at path2 whose target is the text of path ({@link Request#TARGET_IS_DIRECTORY} where it matters). */
    SYMLINK,
    /** Creates a hard link at path2 to the existing file at path. */
    LINK,
    /**
     * Checks access to {@link Request#path()} as the OS decides it for this process, symbolic
     * links followed ({@code access(2)} with the real ids on Unix; the file's security descriptor on
     * Windows): {@link Request#flags()} holds {@link Request#ACCESS_READ}, {@link Request#ACCESS_WRITE}
     * and {@link Request#ACCESS_EXECUTE}; none checks existence.
     */
    ACCESS,
    /** Reads a batch of directory entries from the handle; the payload is a list of {@code DirEntry}, empty at the end. */
    READ_DIR,
    /**
     * Waits until a stream handle (pipe, socket, terminal) is readable ({@link Request#POLL_IN}) or
     * writable ({@link Request#POLL_OUT}). Not a way to wait for a child: see {@link #WAIT_CHILD}.
     */
    POLL,
    /**
     * Completes (with 0) once the child whose process handle is {@link Request#handle()} has
     * terminated; the status is then collected with {@link ProcessSupport#pollState}. A pidfd
     * polled on Linux, an {@code EVFILT_PROC} on the pid on macOS, a wait on the process handle on
     * Windows.
     */
    WAIT_CHILD,
    /**
     * Accepts a connection on the listening socket {@link Request#handle()}; completes with the
     * new socket's handle (close-on-exec, in the backend's socket mode). One that completes after
     * its cancel was asked for is closed by the loop.
     */
    ACCEPT,
    /** Connects the socket {@link Request#handle()} to {@link Request#address()}; completes with 0. */
    CONNECT,
    /** Sends the buffer's filled part on a connected socket; completes with the byte count; never raises SIGPIPE. */
    SEND,
    /** Receives into the buffer's spare capacity from a socket; completes with the byte count, 0 at the end of the stream. */
    RECV,
    /**
     * Sends the buffer's filled part as one datagram to {@link Request#address()} (or on a
     * connected socket when null); completes with the byte count.
     */
    SEND_TO,
    /**
     * Receives one datagram into the buffer's spare capacity; completes with the byte count and a
     * {@code io.rusticated.net.Received} payload (the sender, and whether the datagram was cut short).
     */
    RECV_FROM,
    /** Completes when the loop's monotonic clock reaches {@link Request#deadline()}; served by the loop's timer heap, never a driver. */
    SLEEP
}
