package io.rusticated.rt;

/**
 * What an {@link Operation} asks of the OS, in OS-neutral terms. Each driver maps every opcode to
 * its own mechanism (an io_uring SQE, a readiness wait plus a syscall, an overlapped call, or a
 * call on the blocking pool) and throws {@link UnsupportedOperationException} naming itself and
 * the opcode where it has none.
 */
public enum Opcode {
    /** Completes with 0: a round trip through the driver. */
    NOP,
    /** Reads into the buffer's spare capacity, at {@link Operation#offset()} or the file position when -1. */
    READ,
    /** Writes the buffer's filled part, at {@link Operation#offset()} or the file position when -1. */
    WRITE,
    /** Opens {@link Operation#path()} with the {@link Operation#openOptions()}; completes with the new handle. */
    OPEN,
    /** Closes {@link Operation#handle()}. */
    CLOSE,
    /** Reads metadata of the path (or of the handle when the path is null) into the op's payload. */
    STAT,
    /** Flushes the handle to storage; {@link Operation#DATA_ONLY} skips metadata that reads don't need. */
    FSYNC,
    /** Sets the file's length to {@link Operation#offset()}. */
    TRUNCATE,
    /** Creates the directory {@link Operation#path()} with {@link Operation#mode()}. */
    MKDIR,
    /** Removes the file (or, with {@link Operation#DIRECTORY}, the empty directory) at the path. */
    UNLINK,
    /** Renames path to path2; {@link Operation#NO_REPLACE} fails if path2 exists. */
    RENAME,
    /** Creates a symbolic link at path2 whose target is the text of path. */
    SYMLINK,
    /** Creates a hard link at path2 to the existing file at path. */
    LINK,
    /**
     * Checks access to {@link Operation#path()} as access(2) does (real user and group, symbolic
     * links followed): {@link Operation#flags()} holds {@link Operation#ACCESS_READ},
     * {@link Operation#ACCESS_WRITE} and {@link Operation#ACCESS_EXECUTE}; none checks existence.
     */
    ACCESS,
    /** Reads a batch of directory entries from the handle into the op's payload; an empty batch is the end. */
    READ_DIR,
    /** Waits until the handle is readable ({@link Operation#POLL_IN}) or writable ({@link Operation#POLL_OUT}). */
    POLL,
    /** Completes when the loop's monotonic clock reaches {@link Operation#deadline()}; served by the loop's timer heap. */
    SLEEP
}
