package io.rusticated.spi;

/**
 * The contract an OS backend implements: one driver serves one event loop and is called only on
 * that loop's thread, except {@link #wakeup()}.
 *
 * <p><b>Completion.</b> For every submitted {@link Request} the driver eventually calls
 * {@link DriverContext#complete} or {@link DriverContext#fail} exactly once, from {@link #poll}
 * or {@link #completeBlocking} (never from inside {@link #submit} or {@link #cancel}: an outcome
 * known there goes through {@link DriverContext#completeLater}, delivered at the next poll, so a
 * completion callback that submits again never re-enters the driver). It never frees or reuses
 * memory a request lent to the OS before that call.
 *
 * <p><b>Errors.</b> A driver reports an OS failure as a negated OS error code (errno on Unix, a
 * Win32 error code on Windows, a host code on WASM); the loop turns it into the JDK's exception
 * through the driver's {@link #errors() table} and {@link OsError#toException}. It never builds
 * an exception for an OS error itself.
 *
 * <p><b>Handles.</b> The loop {@link #attach attaches} a handle before its first operation on
 * this loop (an IOCP association, a kqueue or epoll registration, a non-blocking mode on a handle
 * the process owns alone) and {@link #detach detaches} it before closing it; the owner of a handle
 * closes it only after every operation on it has completed ({@code io.rusticated.rt.OwnedHandle}),
 * cancelling them first, so a driver never sees an operation on a closed handle number.
 *
 * <p><b>Cancellation.</b> {@link #cancel} asks; the operation's completion still follows, with
 * {@link ErrorKind#CANCELLED} or with its real result when the OS finished first. A result that
 * owns a resource (the handle of an OPEN) arriving after a cancel is closed by the loop, not here.
 */
public interface Driver {
    /** Which backend this is and why it was chosen. */
    Backend backend();

    /** The OS's errors, by code: what {@link DriverContext#complete} with a negative result means. */
    ErrorTable errors();

    /** Whether this backend can serve the opcode at all (a UOE names it otherwise). */
    boolean supports(Opcode opcode);

    /**
     * Whether a request of this opcode may carry {@link Request#MULTISHOT}: one submission, one
     * {@link DriverContext#completeMore} per result, and a final {@link DriverContext#complete} (an
     * error, or the cancellation) that ends it. Where false, core issues single requests instead.
     */
    default boolean supportsMultishot(Opcode opcode) {
        return false;
    }

    /**
     * Whether a RECV may carry {@link Request#BUFFER_SELECT}: the backend takes a buffer from the
     * request's ring only when data arrives (so a pending receive pins no buffer), and when the
     * ring is empty it waits for buffers to be released rather than failing.
     */
    default boolean supportsProvidedBuffers() {
        return false;
    }

    /**
     * Where the position of a file this backend opened lives: true when the OS keeps one per open
     * file (so {@link Request#CURRENT_POSITION} reads and advances it), false when reads and writes
     * of such files need explicit offsets (Windows overlapped handles have no position).
     */
    boolean kernelKeepsFilePosition();

    /**
     * Starts the request. Work the OS interface cannot do asynchronously goes to
     * {@link DriverContext#runBlocking}.
     *
     * @throws UnsupportedOperationException naming the backend and opcode, when it has no way to serve it
     */
    void submit(Request op);

    /** Asks the OS to cancel a request in flight. Its completion still follows. */
    void cancel(Request op);

    /**
     * Hands pending requests to the OS and waits up to {@code timeoutNanos} (0: don't wait,
     * negative: no limit) for completions, completing each. Returns after at least one
     * completion, at the timeout, or after {@link #wakeup()}; never waits while completions
     * queued with {@link DriverContext#completeLater} are undelivered.
     */
    void poll(long timeoutNanos);

    /** Interrupts a {@link #poll} in progress or the next one. Any thread; the loop coalesces calls. */
    void wakeup();

    /**
     * Finishes a request whose {@link BlockingWork} ran on the blocking pool: decodes the raw
     * result (>= 0, or a negated OS error, or {@link BlockingWork#THREW}) and completes it.
     */
    void completeBlocking(Request op, long rawResult);

    /**
     * The loop withdrew a request from the blocking pool's queue before it ran (it was cancelled):
     * it completes with a cancellation and {@link #completeBlocking} will not follow.
     */
    default void blockingWithdrawn(Request op) {
    }

    /**
     * Whether the loop, with nothing of its own in flight, must still wait in {@link #poll} rather
     * than park: completions it did not ask for may come for it to hand on (IOCP: the packets of
     * another loop's calls on a handle associated with this loop's port, which Windows never lets
     * go). Asked at every turn that would park; another loop that starts such a call wakes this one
     * ({@link DriverContext#wakeLoop()}).
     */
    default boolean waitsForOthers() {
        return false;
    }

    /**
     * A handle this loop will operate on: associate or register it as the backend needs. The
     * {@code role} is what the API made it as, so the driver need not ask the OS what it is.
     */
    default void attach(long handle, HandleRole role) {
    }

    /** The handle is about to be closed, with nothing in flight on it: forget what {@link #attach} set up. */
    default void detach(long handle) {
    }

    /**
     * A socket's directions were shut down by a call on another path ({@code SocketSupport.shutdown}):
     * a driver that waits for readiness tries what waits in them again, since the OS may report no
     * readiness for it (Linux's poll of a Unix stream sets nothing when its own writing is shut
     * down, so a send waiting for room would wait for ever; the JDK's SocketChannel wakes its
     * blocked writer likewise). A completion-based driver has nothing to do: the kernel ends the
     * waiting call itself. The handle may have been closed and its number reused meanwhile: an
     * attempt is then merely early, and waits again.
     */
    default void shutDown(long handle, boolean read, boolean write) {
    }

    /**
     * Releases the OS objects. Called only when no request is in flight; a loop that could not
     * drain its requests never closes its driver, so the OS never writes to freed memory.
     */
    void close();
}
