package io.rusticated.rt;

import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.path.NativePath;

import java.lang.foreign.MemorySegment;
import java.nio.file.AccessMode;

/**
 * One request to the OS and everything the kernel may touch while serving it.
 *
 * <p>The operation owns its buffer, its path bytes and any scratch memory a driver attaches, from
 * {@link EventLoop#submit submission} until its completion is delivered; the loop's registry keeps
 * the operation reachable for exactly that long. Cancelling asks the kernel to stop and never
 * releases memory: the memory comes back only with the operation's own completion.
 *
 * <p>The low-level path reuses one operation per outstanding request (prepare, submit, complete,
 * prepare again), so steady-state I/O allocates nothing. {@link FutureOperation} adds a
 * {@link java.util.concurrent.CompletableFuture} for everyday use; everyday reads and writes
 * ({@link EventLoop#read}, {@link EventLoop#write}) run on operations the loop recycles, so that
 * only their future is new per request.
 *
 * <p>Fields are written by the submitting thread before it submits and read by the loop thread
 * after it takes the operation from its queue; the queue's CAS orders the two.
 */
public abstract class Operation extends LoopTask {
    /** {@link Opcode#STAT}: describe a symbolic link itself rather than its target. */
    public static final int NO_FOLLOW = 1;
    /** {@link Opcode#UNLINK}: remove a directory; {@link Opcode#OPEN}: the path must be a directory. */
    public static final int DIRECTORY = 1 << 1;
    /** {@link Opcode#RENAME}: fail if the destination exists. */
    public static final int NO_REPLACE = 1 << 2;
    /** {@link Opcode#FSYNC}: flush data only. */
    public static final int DATA_ONLY = 1 << 3;
    /** {@link Opcode#POLL}: wait for readability. */
    public static final int POLL_IN = 1 << 4;
    /** {@link Opcode#POLL}: wait for writability. */
    public static final int POLL_OUT = 1 << 5;
    /** {@link Opcode#ACCESS}: may the caller read the file? (The access bits are set by {@link #prepareAccess}.) */
    public static final int ACCESS_READ = 1 << 6;
    /** {@link Opcode#ACCESS}: may the caller write the file? */
    public static final int ACCESS_WRITE = 1 << 7;
    /** {@link Opcode#ACCESS}: may the caller execute (search, for a directory) the file? */
    public static final int ACCESS_EXECUTE = 1 << 8;

    static final int IDLE = 0;
    static final int QUEUED = 1;
    static final int IN_FLIGHT = 2;
    static final int BLOCKING_DONE = 3;

    // What the OS is asked to do.
    private Opcode opcode = Opcode.NOP;
    private long handle = -1;
    private Buffer buffer;
    private long offset = -1;
    private NativePath path;
    private NativePath path2;
    private OpenOptions openOptions;
    private int flags;
    private int mode;
    private long deadline;

    // Memory a driver attached (a statx struct, a timespec): released by that driver on completion.
    private MemorySegment scratch = MemorySegment.NULL;
    // A structure a driver decoded from the completion (metadata, a batch of directory entries).
    private Object payload;

    // Bookkeeping, owned by the loop thread once the operation is handed over.
    int state = IDLE;
    long token;
    EventLoop loop;
    volatile boolean cancelRequested;
    /** The raw outcome of work done on the blocking pool: >= 0 a result, < 0 a negated OS error. */
    long blockingResult;
    BlockingWork blockingWork;
    int timerIndex = -1;

    protected Operation() {
    }

    // ---- preparing a request (caller's thread, while the operation is idle) ----

    private void reset(Opcode op) {
        if (state != IDLE) {
            throw new IllegalStateException("operation " + this.opcode + " is still in flight; wait for its completion before reusing it");
        }
        this.opcode = op;
        this.handle = -1;
        this.buffer = null;
        this.offset = -1;
        this.path = null;
        this.path2 = null;
        this.openOptions = null;
        this.flags = 0;
        this.mode = 0;
        this.deadline = 0;
        this.payload = null;
        this.cancelRequested = false;
    }

    private static long checkOffset(long offset) {
        if (offset < -1) {
            throw new IllegalArgumentException("negative file offset: " + offset);
        }
        return offset;
    }

    /** Reads into the buffer's spare capacity at {@code offset} (-1: the handle's current position). */
    public Operation prepareRead(long handle, Buffer buffer, long offset) {
        if (buffer.spare() == 0) {
            throw new IllegalArgumentException("buffer has no spare capacity to read into (length " + buffer.length() + " = capacity)");
        }
        checkOffset(offset);
        reset(Opcode.READ);
        buffer.lendTo(this);
        this.handle = handle;
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Writes the buffer's filled part at {@code offset} (-1: the handle's current position). */
    public Operation prepareWrite(long handle, Buffer buffer, long offset) {
        checkOffset(offset);
        reset(Opcode.WRITE);
        buffer.lendTo(this);
        this.handle = handle;
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    public Operation prepareNop() {
        reset(Opcode.NOP);
        return this;
    }

    public Operation prepareOpen(NativePath path, OpenOptions options) {
        reset(Opcode.OPEN);
        this.path = path;
        this.openOptions = options;
        this.mode = options.mode();
        return this;
    }

    /** Opens a directory for reading its entries ({@link #DIRECTORY} set: the OS checks it is one). */
    public Operation prepareOpenDirectory(NativePath path) {
        reset(Opcode.OPEN);
        this.path = path;
        this.openOptions = OpenOptions.readOnly();
        this.flags = DIRECTORY;
        return this;
    }

    public Operation prepareClose(long handle) {
        reset(Opcode.CLOSE);
        this.handle = handle;
        return this;
    }

    /** Metadata of {@code path}, or of {@code handle} when {@code path} is null. */
    public Operation prepareStat(long handle, NativePath path, boolean followLinks) {
        reset(Opcode.STAT);
        this.handle = handle;
        this.path = path;
        this.flags = followLinks ? 0 : NO_FOLLOW;
        return this;
    }

    public Operation prepareFsync(long handle, boolean dataOnly) {
        reset(Opcode.FSYNC);
        this.handle = handle;
        this.flags = dataOnly ? DATA_ONLY : 0;
        return this;
    }

    public Operation prepareTruncate(long handle, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative file length: " + length);
        }
        reset(Opcode.TRUNCATE);
        this.handle = handle;
        this.offset = length;
        return this;
    }

    public Operation prepareMkdir(NativePath path, int mode) {
        reset(Opcode.MKDIR);
        this.path = path;
        this.mode = mode;
        return this;
    }

    public Operation prepareUnlink(NativePath path, boolean directory) {
        reset(Opcode.UNLINK);
        this.path = path;
        this.flags = directory ? DIRECTORY : 0;
        return this;
    }

    public Operation prepareRename(NativePath from, NativePath to, boolean noReplace) {
        reset(Opcode.RENAME);
        this.path = from;
        this.path2 = to;
        this.flags = noReplace ? NO_REPLACE : 0;
        return this;
    }

    /** A symbolic link at {@code link} whose content is {@code target}. */
    public Operation prepareSymlink(NativePath target, NativePath link) {
        reset(Opcode.SYMLINK);
        this.path = target;
        this.path2 = link;
        return this;
    }

    /** A hard link at {@code link} to {@code existing}. */
    public Operation prepareLink(NativePath existing, NativePath link) {
        reset(Opcode.LINK);
        this.path = existing;
        this.path2 = link;
        return this;
    }

    /** Access to {@code path} in every given mode; none checks that it exists. */
    public Operation prepareAccess(NativePath path, AccessMode... modes) {
        int access = 0;
        for (AccessMode mode : modes) {
            access |= switch (mode) {
                case READ -> ACCESS_READ;
                case WRITE -> ACCESS_WRITE;
                case EXECUTE -> ACCESS_EXECUTE;
            };
        }
        reset(Opcode.ACCESS);
        this.path = path;
        this.flags = access;
        return this;
    }

    /** The next batch of entries of the directory open at {@code handle}; {@code path} names it in errors. */
    public Operation prepareReadDir(long handle, NativePath path) {
        reset(Opcode.READ_DIR);
        this.handle = handle;
        this.path = path;
        return this;
    }

    public Operation preparePoll(long handle, int events) {
        if ((events & (POLL_IN | POLL_OUT)) == 0 || (events & ~(POLL_IN | POLL_OUT)) != 0) {
            throw new IllegalArgumentException("poll events must be POLL_IN and/or POLL_OUT");
        }
        reset(Opcode.POLL);
        this.handle = handle;
        this.flags = events;
        return this;
    }

    /** Completes when {@link System#nanoTime()} reaches {@code deadlineNanos}. */
    public Operation prepareSleep(long deadlineNanos) {
        reset(Opcode.SLEEP);
        this.deadline = deadlineNanos;
        return this;
    }

    // ---- what drivers read ----

    public final Opcode opcode() {
        return opcode;
    }

    public final long handle() {
        return handle;
    }

    /** The buffer lent to this operation, or null. */
    public final Buffer buffer() {
        return buffer;
    }

    public final long offset() {
        return offset;
    }

    public final NativePath path() {
        return path;
    }

    public final NativePath path2() {
        return path2;
    }

    public final OpenOptions openOptions() {
        return openOptions;
    }

    public final int flags() {
        return flags;
    }

    public final int mode() {
        return mode;
    }

    public final long deadline() {
        return deadline;
    }

    /** The loop's completion token while in flight (io_uring user_data), else 0. */
    public final long token() {
        return token;
    }

    /** True once someone asked to cancel this operation; its completion is still to come. */
    public final boolean isCancelRequested() {
        return cancelRequested;
    }

    /** Scratch memory a driver attached for the kernel to fill; the operation keeps it alive while in flight. */
    public final MemorySegment scratch() {
        return scratch;
    }

    public final void attachScratch(MemorySegment memory) {
        this.scratch = memory;
    }

    /** The structure decoded from the completion: {@link io.rusticated.fs.Metadata}, a list of directory entries. */
    public final Object payload() {
        return payload;
    }

    public final void attachPayload(Object payload) {
        this.payload = payload;
    }

    // ---- completion ----

    /** Asks the loop to cancel: a kernel cancel if in flight. The completion still arrives, later. */
    public final void cancel() {
        cancelRequested = true;
        EventLoop l = loop;
        if (l != null) {
            l.requestCancel(this);
        }
    }

    /**
     * A cancel asked through {@code request}, the future of a request this operation serves. A
     * one-shot operation serves one request, so this is {@link #cancel()}; a recycled one checks,
     * on the loop thread, that it still serves that request ({@link CountOperation}).
     */
    void cancelRequest(RequestFuture<?> request) {
        cancel();
    }

    /**
     * Called once on the loop thread when the OS is done: {@code failure} is null on success, a
     * {@link java.util.concurrent.CancellationException} when cancelled, else the mapped error. The
     * buffer has already been handed back (a read's length advanced by {@code result}); the
     * operation may be prepared and submitted again from here.
     */
    protected abstract void complete(long result, Throwable failure);

    /** The loop's last step for this operation: give the memory back, then tell the owner. */
    final void deliver(long result, Throwable failure) {
        Buffer b = buffer;
        buffer = null;
        path = null;
        path2 = null;
        state = IDLE;
        token = 0;
        loop = null;
        if (b != null) {
            b.returnFrom(this, failure == null && opcode == Opcode.READ ? (int) result : 0);
        }
        complete(result, failure);
    }

    @Override
    final void runOnLoop(EventLoop l) {
        if (state == BLOCKING_DONE) {
            l.finishBlocking(this);
        } else {
            l.start(this);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + opcode + (path != null ? " " + path : "") + (handle >= 0 ? " handle=" + handle : "") + "]";
    }
}
