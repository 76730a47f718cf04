package io.rusticated.unix.readiness;

import io.rusticated.spi.Request;

/**
 * What {@link Readiness} asks the OS module about a descriptor, and the calls it makes on one; the
 * driver closes it with itself (it may own buffers). Loop thread only.
 */
public interface DescriptorOps extends AutoCloseable {
    /**
     * 1 if readiness means something for the descriptor (a pipe, socket, terminal, eventfd), 0 if
     * not (a regular file, directory or block device is always "ready": its I/O goes to the pool
     * and a POLL on it is ready at once), else a negated errno (EBADF).
     */
    int pollable(int fd);

    /** The strategy a pollable descriptor starts with. */
    Strategy firstStrategy(int fd);

    /**
     * Reads into or writes from the request's buffer on {@code fd}, at no position (pollable
     * descriptors are streams; the request's offset is ignored, as io_uring ignores it for them).
     * With {@code nowait} the call must not block ({@link Strategy#NOWAIT}). Returns the count, or a
     * negated errno: EAGAIN when it would block, EOPNOTSUPP/ENOTSUP when the descriptor refuses
     * such a non-blocking call.
     */
    long transfer(Request op, boolean write, int fd, boolean nowait);

    /** Whether the descriptor is a terminal that {@link #reopenNonBlocking} can open again as the same terminal. */
    boolean isReopenableTerminal(int fd);

    /**
     * Opens the terminal behind {@code fd} again, read-only or write-only, with a file description
     * of its own on which O_NONBLOCK does not touch the one shared with other processes. Returns
     * the new descriptor or a negated errno.
     */
    int reopenNonBlocking(int fd, boolean write);

    /** Closes a descriptor {@link #reopenNonBlocking} opened. */
    void closePrivate(int fd);

    /** Releases what the calls use (their buffers); nothing by default. */
    @Override
    default void close() {
    }
}
