package io.rusticated.spi;

import java.lang.foreign.MemorySegment;

/**
 * System calls the calling thread makes itself, now: how the JDK plug-ins serve a synchronous
 * JDK call ({@code Files.exists}, a {@code FileChannel} read of a regular file, {@code println}).
 * Such a call waits for its result whatever serves it; handing it to a loop's thread and waiting
 * for the completion adds two thread hand-offs (a wakeup, a park and an unpark) to one system
 * call, which is several times the call's own cost. The loop keeps what it is for: operations
 * whose caller does not wait (the asynchronous channels), and reads and writes that may wait for
 * ever and must be cancellable by a close (pipes, terminals).
 *
 * <p>One implementation per OS module, found with {@link java.util.ServiceLoader}
 * ({@link Platform#directCalls()}); stateless and thread-safe. Every method returns the OS's raw
 * outcome: a result {@code >= 0}, or a negated OS error code that {@link #errors()} names. Memory
 * the caller passes (buffers, path bytes, scratch) is the caller's: it is used only during the
 * call.
 */
public interface DirectCalls {
    /** What {@link #copy} answers where the OS cannot copy between these two files itself. */
    long UNSUPPORTED = Long.MIN_VALUE;

    boolean supportsCurrentOs();

    /** The OS's errors, by code: what a negative result means. */
    ErrorTable errors();

    /** Bytes of scratch memory {@link #run} needs for a request of this opcode (a stat buffer, a batch of directory entries), or 0. */
    long scratchSize(Opcode opcode);

    /**
     * Serves the request now, on the calling thread, with the one blocking system call a blocking
     * pool thread would make for it: OPEN, CLOSE, STAT, FSYNC, TRUNCATE, MKDIR, UNLINK, RENAME,
     * SYMLINK, LINK, ACCESS and READ_DIR (into {@code scratch}). A path operation whose
     * {@link Request#handle()} names a directory takes its path relative to that directory (the
     * {@code *at} calls' directory descriptor); only requests served here carry one.
     *
     * @param scratch at least {@link #scratchSize} bytes for the opcode
     * @throws UnsupportedOperationException for the other opcodes
     */
    long run(Request request, MemorySegment scratch);

    /** What a successful STAT ({@code io.rusticated.fs.Metadata}) or READ_DIR (a list of {@code DirEntry}) left in the scratch memory. */
    Object payload(Request request, MemorySegment scratch, long result);

    /**
     * Reads up to {@code into.byteSize()} bytes of the handle's file at {@code offset}, or at its
     * position ({@link Request#CURRENT_POSITION}), which then moves: the count, 0 at the end.
     */
    long read(long handle, MemorySegment into, long offset);

    /** Writes {@code from} at {@code offset}, or at the handle's position (the end, for a file opened to append): the count written. */
    long write(long handle, MemorySegment from, long offset);

    /**
     * Sets the handle's file position to {@code offset}, or with {@link Request#CURRENT_POSITION}
     * tells it; the position either way. Fails where the file has none (a pipe, a terminal).
     */
    long seek(long handle, long offset);

    /**
     * Copies up to {@code count} bytes from one file to another inside the OS, each at its offset
     * or, with {@link Request#CURRENT_POSITION}, at its file position, which then moves: the count
     * copied, 0 at the end of the source; {@link #UNSUPPORTED} where the OS cannot copy between
     * these two (another file system, a kind of file it does not copy), before anything was copied.
     */
    long copy(long from, long fromOffset, long to, long toOffset, long count);
}
