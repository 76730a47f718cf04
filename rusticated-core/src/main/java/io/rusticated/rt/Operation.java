package io.rusticated.rt;

import io.rusticated.spi.BlockingWork;
import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.path.NativePath;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.OsError;
import io.rusticated.spi.Request;

import java.lang.foreign.MemorySegment;
import java.net.SocketAddress;
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
 * after it takes the operation from its queue; the queue's CAS orders the two. A driver sees the
 * operation as a read-only {@link Request}.
 */
public abstract class Operation extends LoopTask implements Request {
    static final int IDLE = 0;
    static final int QUEUED = 1;
    static final int IN_FLIGHT = 2;
    static final int BLOCKING_DONE = 3;

    // What the OS is asked to do.
    private Opcode opcode = Opcode.NOP;
    private long handle = NO_HANDLE;
    private Buffer buffer;
    private long offset = CURRENT_POSITION;
    private NativePath path;
    private NativePath path2;
    private SocketAddress address;
    private BufferRing ring;
    private int openFlags;
    private int flags;
    private int mode;
    private long length;
    private long deadline;

    // Memory a driver lent the OS through DriverContext.attachScratch (a statx struct, a batch of
    // directory entries): kept reachable until the completion, then dropped.
    MemorySegment scratch = MemorySegment.NULL;
    // A structure a driver decoded from the completion (metadata, a batch of directory entries).
    Object payload;
    /** The handle this operation uses, counted as in use until its completion ({@link OwnedHandle}); else null. */
    OwnedHandle owner;
    /** Neighbours among the operations in flight on {@link #owner} ({@link OwnedHandle#linkInFlight}); loop thread only. */
    Operation ownerPrev;
    Operation ownerNext;

    // Bookkeeping, owned by the loop thread once the operation is handed over.
    int state = IDLE;
    long token;
    EventLoop loop;
    volatile boolean cancelRequested;
    /** Cancelled because its handle is closing: it fails with AsynchronousCloseException. Loop thread. */
    boolean cancelledByClose;
    /** The raw outcome of blocking-pool work or of a completion a driver queued for later: >= 0 a result, < 0 a negated OS error. */
    long rawResult;
    /** The failure a driver queued for later delivery, or null. Loop thread. */
    Throwable laterFailure;
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
        this.handle = NO_HANDLE;
        this.buffer = null;
        this.offset = CURRENT_POSITION;
        this.path = null;
        this.path2 = null;
        this.address = null;
        this.ring = null;
        this.openFlags = 0;
        this.flags = 0;
        this.mode = 0;
        this.length = 0;
        this.deadline = 0;
        this.payload = null;
        this.cancelRequested = false;
    }

    private static long checkOffset(long offset) {
        if (offset < CURRENT_POSITION) {
            throw new IllegalArgumentException("negative file offset: " + offset);
        }
        return offset;
    }

    private static long checkHandle(long handle) {
        if (handle < 0) {
            throw new IllegalArgumentException("no handle: " + handle);
        }
        return handle;
    }

    /** Reads into the buffer's spare capacity at {@code offset} ({@link #CURRENT_POSITION}: see there). */
    public Operation prepareRead(long handle, Buffer buffer, long offset) {
        if (buffer.spare() == 0) {
            throw new IllegalArgumentException("buffer has no spare capacity to read into (length " + buffer.length() + " = capacity)");
        }
        checkOffset(offset);
        checkHandle(handle);
        reset(Opcode.READ);
        buffer.lendTo(this);
        this.handle = handle;
        this.buffer = buffer;
        this.offset = offset;
        return this;
    }

    /** Writes the buffer's filled part at {@code offset} ({@link #CURRENT_POSITION}: see there). */
    public Operation prepareWrite(long handle, Buffer buffer, long offset) {
        checkOffset(offset);
        checkHandle(handle);
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

    /**
     * Opens the path with the {@code OPEN_*} bits of {@link Request} ({@code io.rusticated.fs.OpenOptions#openFlags()}
     * builds them) and, for a created file, the POSIX permission bits.
     */
    public Operation prepareOpen(NativePath path, int openFlags, int mode) {
        if ((openFlags & (OPEN_READ | OPEN_WRITE | OPEN_APPEND)) == 0) {
            throw new IllegalArgumentException("open needs OPEN_READ, OPEN_WRITE or OPEN_APPEND");
        }
        reset(Opcode.OPEN);
        this.path = path;
        this.openFlags = openFlags;
        this.mode = mode;
        return this;
    }

    /** Opens a directory for reading its entries ({@link #DIRECTORY} set: the OS checks it is one). */
    public Operation prepareOpenDirectory(NativePath path) {
        reset(Opcode.OPEN);
        this.path = path;
        this.openFlags = OPEN_READ;
        this.flags = DIRECTORY;
        return this;
    }

    public Operation prepareClose(long handle) {
        checkHandle(handle);
        reset(Opcode.CLOSE);
        this.handle = handle;
        return this;
    }

    /** Metadata of {@code path}, or of {@code handle} when {@code path} is null. */
    public Operation prepareStat(long handle, NativePath path, boolean followLinks) {
        if (path == null) {
            checkHandle(handle);
        }
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
        this.length = length;
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
        return prepareSymlink(target, link, false);
    }

    /** A symbolic link; {@code targetIsDirectory} matters where the OS links directories differently (Windows). */
    public Operation prepareSymlink(NativePath target, NativePath link, boolean targetIsDirectory) {
        reset(Opcode.SYMLINK);
        this.path = target;
        this.path2 = link;
        this.flags = targetIsDirectory ? TARGET_IS_DIRECTORY : 0;
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

    /** Waits for a stream handle (pipe, socket, terminal) to be readable and/or writable. */
    public Operation preparePoll(long handle, int events) {
        if ((events & (POLL_IN | POLL_OUT)) == 0 || (events & ~(POLL_IN | POLL_OUT)) != 0) {
            throw new IllegalArgumentException("poll events must be POLL_IN and/or POLL_OUT");
        }
        checkHandle(handle);
        reset(Opcode.POLL);
        this.handle = handle;
        this.flags = events;
        return this;
    }

    /** Completes once the child whose process handle this is has terminated ({@link Opcode#WAIT_CHILD}). */
    public Operation prepareWaitChild(long processHandle) {
        checkHandle(processHandle);
        reset(Opcode.WAIT_CHILD);
        this.handle = processHandle;
        return this;
    }

    /** Accepts a connection on a listening socket; completes with the new socket's handle. */
    public Operation prepareAccept(long listener) {
        checkHandle(listener);
        reset(Opcode.ACCEPT);
        this.handle = listener;
        return this;
    }

    /** Connects a socket to a peer ({@link java.net.InetSocketAddress}, resolved, or a Unix address). */
    public Operation prepareConnect(long socket, SocketAddress peer) {
        checkHandle(socket);
        reset(Opcode.CONNECT);
        this.handle = socket;
        this.address = java.util.Objects.requireNonNull(peer, "peer");
        return this;
    }

    /** Sends the buffer's filled part on a connected socket. */
    public Operation prepareSend(long socket, Buffer buffer) {
        checkHandle(socket);
        reset(Opcode.SEND);
        buffer.lendTo(this);
        this.handle = socket;
        this.buffer = buffer;
        return this;
    }

    /** Receives into the buffer's spare capacity. */
    public Operation prepareRecv(long socket, Buffer buffer) {
        if (buffer.spare() == 0) {
            throw new IllegalArgumentException("buffer has no spare capacity to receive into (length " + buffer.length() + " = capacity)");
        }
        checkHandle(socket);
        reset(Opcode.RECV);
        buffer.lendTo(this);
        this.handle = socket;
        this.buffer = buffer;
        return this;
    }

    /**
     * Receives into a buffer the OS takes from {@code ring} when data arrives (where the backend
     * {@link EventLoop#supportsProvidedBuffers() supports it}); the completion's payload is that
     * buffer, the reader's to release.
     */
    public Operation prepareRecvSelect(long socket, BufferRing ring) {
        checkHandle(socket);
        reset(Opcode.RECV);
        this.handle = socket;
        this.ring = java.util.Objects.requireNonNull(ring, "ring");
        this.flags = BUFFER_SELECT;
        return this;
    }

    /** Sends the buffer's filled part as one datagram to {@code peer} (null: the connected peer). */
    public Operation prepareSendTo(long socket, Buffer buffer, SocketAddress peer) {
        checkHandle(socket);
        reset(Opcode.SEND_TO);
        buffer.lendTo(this);
        this.handle = socket;
        this.buffer = buffer;
        this.address = peer;
        return this;
    }

    /** Receives one datagram into the buffer's spare capacity; the payload says from whom. */
    public Operation prepareRecvFrom(long socket, Buffer buffer) {
        if (buffer.spare() == 0) {
            throw new IllegalArgumentException("buffer has no spare capacity to receive into (length " + buffer.length() + " = capacity)");
        }
        checkHandle(socket);
        reset(Opcode.RECV_FROM);
        buffer.lendTo(this);
        this.handle = socket;
        this.buffer = buffer;
        return this;
    }

    /** Adds {@link #MULTISHOT} to the request just prepared ({@link MultishotOperation} only). */
    final void markMultishot() {
        this.flags |= MULTISHOT;
    }

    /** Completes when {@link System#nanoTime()} reaches {@code deadlineNanos}. */
    public Operation prepareSleep(long deadlineNanos) {
        reset(Opcode.SLEEP);
        this.deadline = deadlineNanos;
        return this;
    }

    // ---- the request, as drivers read it ----

    @Override
    public final Opcode opcode() {
        return opcode;
    }

    @Override
    public final long handle() {
        return handle;
    }

    /** The buffer lent to this operation, or null. */
    @Override
    public final Buffer buffer() {
        return buffer;
    }

    @Override
    public final long offset() {
        return offset;
    }

    @Override
    public final long length() {
        return length;
    }

    @Override
    public final NativePath path() {
        return path;
    }

    @Override
    public final NativePath path2() {
        return path2;
    }

    @Override
    public final BufferRing bufferRing() {
        return ring;
    }

    @Override
    public final SocketAddress address() {
        return address;
    }

    @Override
    public final int openFlags() {
        return openFlags;
    }

    @Override
    public final int flags() {
        return flags;
    }

    @Override
    public final int mode() {
        return mode;
    }

    @Override
    public final long deadline() {
        return deadline;
    }

    @Override
    public final long token() {
        return token;
    }

    @Override
    public final boolean isCancelRequested() {
        return cancelRequested;
    }

    /** The structure decoded from the last completion: {@link io.rusticated.fs.Metadata}, a list of directory entries; else null. */
    public final Object payload() {
        return payload;
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

    /**
     * The failure an OS error completes this request with (loop thread, paths still attached): the
     * exception the JDK's provider would throw for the same request ({@link OsError#toException(Request)}).
     * A caller that translates errors itself, call by call as the JDK's provider does (the JDK
     * plug-ins), keeps the error as it is ({@link io.rusticated.spi.OsErrorException}).
     */
    protected Throwable failureFor(OsError error) {
        return error.toException(this);
    }

    /** The loop's last step for this operation: give the memory back, then tell the owner. */
    final void deliver(long result, Throwable failure) {
        Buffer b = buffer;
        buffer = null;
        path = null;
        path2 = null;
        address = null;
        ring = null;
        scratch = MemorySegment.NULL;
        state = IDLE;
        token = 0;
        loop = null;
        OwnedHandle o = owner;
        owner = null;
        if (b != null) {
            boolean filled = opcode == Opcode.READ || opcode == Opcode.RECV || opcode == Opcode.RECV_FROM;
            b.returnFrom(this, failure == null && filled ? (int) result : 0);
        }
        try {
            complete(result, failure);
        } finally {
            if (o != null) {
                o.release(); // the handle's close may be waiting for this operation
            }
        }
    }

    @Override
    final void runOnLoop(EventLoop l) {
        if (state == BLOCKING_DONE) {
            l.completeBlocking(this);
        } else {
            l.start(this);
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + opcode + (path != null ? " " + path : "") + (handle != NO_HANDLE ? " handle=" + handle : "") + "]";
    }
}
