package io.rusticated.spi;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.path.NativePath;

import java.net.SocketAddress;

/**
 * What a driver sees of an operation in flight: the request it carries, read-only. The loop's
 * {@code io.rusticated.rt.Operation} implements it; a driver never changes it, and reaches the
 * loop's bookkeeping (scratch memory, completion) only through its {@link DriverContext}.
 *
 * <p>The request owns everything the OS may touch (buffer, path bytes, scratch) until the driver
 * completes it through the context: a driver keeps no native memory of a request past that point
 * and frees none before it.
 */
public interface Request {
    /** {@link Opcode#STAT}: describe a symbolic link itself rather than its target; {@link Opcode#OPEN}: fail on a symbolic link. */
    int NO_FOLLOW = 1;
    /** {@link Opcode#UNLINK}: remove a directory; {@link Opcode#OPEN}: the path must be a directory. */
    int DIRECTORY = 1 << 1;
    /** {@link Opcode#RENAME}: fail if the destination exists. */
    int NO_REPLACE = 1 << 2;
    /** {@link Opcode#FSYNC}: flush data only. */
    int DATA_ONLY = 1 << 3;
    /** {@link Opcode#POLL}: wait for readability. */
    int POLL_IN = 1 << 4;
    /** {@link Opcode#POLL}: wait for writability. */
    int POLL_OUT = 1 << 5;
    /** {@link Opcode#ACCESS}: may the caller read the file? */
    int ACCESS_READ = 1 << 6;
    /** {@link Opcode#ACCESS}: may the caller write the file? */
    int ACCESS_WRITE = 1 << 7;
    /** {@link Opcode#ACCESS}: may the caller execute (search, for a directory) the file? */
    int ACCESS_EXECUTE = 1 << 8;
    /** {@link Opcode#SYMLINK}: the target is a directory (Windows creates directory links differently). */
    int TARGET_IS_DIRECTORY = 1 << 9;

    /**
     * {@link Opcode#ACCEPT}, or a {@link #BUFFER_SELECT} {@link Opcode#RECV}: keep going, one result
     * per connection or per buffer received into, until cancelled, the end of the stream, or an
     * error ends it ({@link Driver#supportsMultishot}); the request stays in flight meanwhile.
     */
    int MULTISHOT = 1 << 10;

    /**
     * {@link Opcode#RECV} without a buffer: the driver takes one from {@link #bufferRing()} when
     * data arrives and completes with it as the payload (handed out with
     * {@link io.rusticated.io.BufferRing#handOut}); with {@link #MULTISHOT}, one buffer per result.
     * Only where {@link Driver#supportsProvidedBuffers()}; core serves other backends itself.
     */
    int BUFFER_SELECT = 1 << 11;

    /** {@link #openFlags()}: open for reading. */
    int OPEN_READ = 1;
    /** {@link #openFlags()}: open for writing. */
    int OPEN_WRITE = 1 << 1;
    /** {@link #openFlags()}: every write goes to the end of the file. */
    int OPEN_APPEND = 1 << 2;
    /** {@link #openFlags()}: set the length to 0 on opening. */
    int OPEN_TRUNCATE = 1 << 3;
    /** {@link #openFlags()}: create the file if it does not exist. */
    int OPEN_CREATE = 1 << 4;
    /** {@link #openFlags()}: create the file; fail if it exists (symbolic links are not followed). */
    int OPEN_CREATE_NEW = 1 << 5;
    /** {@link #openFlags()}: bypass the OS's cache (O_DIRECT, F_NOCACHE, FILE_FLAG_NO_BUFFERING). */
    int OPEN_DIRECT = 1 << 6;

    /**
     * {@link #offset()} of a sequential read or write: at the position the OS keeps for the handle,
     * which the operation advances (a file on Linux or macOS, a synchronous handle on Windows), or
     * no position at all (a pipe, a terminal, a socket, a console). A handle whose OS keeps no
     * position for it (an overlapped file on Windows) is read and written at explicit offsets,
     * which the handle's owner keeps ({@code io.rusticated.rt.FileCursor}).
     */
    long CURRENT_POSITION = -1;

    Opcode opcode();

    /** The OS handle (a descriptor on Unix, a HANDLE on Windows), or {@link #NO_HANDLE}. */
    long handle();

    /** {@link #handle()} of a request that names none (a path operation). */
    long NO_HANDLE = -1;

    /** The buffer lent to a READ or WRITE, else null. */
    Buffer buffer();

    /** READ/WRITE: the offset, or {@link #CURRENT_POSITION}; TRUNCATE: see {@link #length()}. */
    long offset();

    /** TRUNCATE: the new length. */
    long length();

    NativePath path();

    /** The second path of RENAME, SYMLINK and LINK (the new name). */
    NativePath path2();

    /** A {@link #BUFFER_SELECT} RECV's ring of buffers, else null. */
    BufferRing bufferRing();

    /** CONNECT and SEND_TO: the peer ({@link java.net.InetSocketAddress} or {@code io.rusticated.net.UnixAddress}); else null. */
    SocketAddress address();

    /** The opcode's flag bits ({@link #NO_FOLLOW}, {@link #DIRECTORY}, ...). */
    int flags();

    /** OPEN: the {@code OPEN_*} bits. */
    int openFlags();

    /** OPEN and MKDIR: the POSIX permission bits for what is created (ignored where the OS has none). */
    int mode();

    /** SLEEP: the {@link System#nanoTime()} at which it completes. */
    long deadline();

    /** The loop's completion token while in flight (io_uring user_data, kqueue udata, ...), else 0. */
    long token();

    /** True once someone asked to cancel; the operation's own completion is still to come. */
    boolean isCancelRequested();
}
