package io.rusticated.windows;

import java.lang.foreign.MemorySegment;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Waits for children's exits without a thread per child: each WAIT_CHILD registers a wait on the
 * process handle ({@code RegisterWaitForSingleObject}, WT_EXECUTEONLYONCE): the system's wait
 * threads watch up to 63 handles each and run a short callback when one is signalled, which here
 * only posts the operation's block to its loop's port. The packet then completes the operation
 * like any other (libuv's and tokio's design; compio's default).
 *
 * <p>Exactly one packet per registration: the callback and a cancel race for it with one
 * compare-and-set. The callback's context is a registration number, never the block's address,
 * so a callback that runs late (after a cancel won) finds nothing and touches no memory.
 * {@code UnregisterWaitEx(wait, NULL)} returns at once ("the function marks the timer for
 * deletion and returns immediately"); a callback already running finishes on its own, harmlessly.
 */
final class ExitWaits {
    /** The calls behind the waits: kernel32 on Windows, a stand-in in the tests. */
    interface Os extends Poster {
        /** Registers the wait; the callback will call {@link ExitWaits#fired(long)} with {@code context}. The wait handle, or the negated Win32 error. */
        long register(long process, long context);

        /** UnregisterWaitEx(wait, NULL): the wait is released; a callback under way finishes by itself. */
        void unregister(long wait);
    }

    private static final int ARMED = 0;
    private static final int FIRED = 1;
    private static final int CANCELLED = 2;

    private final Os os;
    private final AtomicLong numbers = new AtomicLong();
    private final Map<Long, Registration> byContext = new ConcurrentHashMap<>();
    /** By block address, for the loop that owns the block (any loop: the map is shared). */
    private final Map<Long, Registration> byBlock = new ConcurrentHashMap<>();

    ExitWaits(Os os) {
        this.os = os;
    }

    private static final class Registration {
        final long context;
        final MemorySegment block;
        final AtomicInteger state = new AtomicInteger(ARMED);
        volatile long wait;

        Registration(long context, MemorySegment block) {
            this.context = context;
            this.block = block;
        }
    }

    /** Waits for the process to end; its packet carries {@code block}. Returns 0, or the Win32 error (no packet then). */
    int arm(long process, MemorySegment block) {
        Registration r = new Registration(numbers.incrementAndGet(), block);
        byContext.put(r.context, r);
        byBlock.put(block.address(), r);
        long wait = os.register(process, r.context);
        if (wait < 0) {
            byContext.remove(r.context);
            byBlock.remove(block.address());
            return (int) -wait;
        }
        r.wait = wait;
        return 0;
    }

    /** A wait thread: the process ended. Posts the packet unless a cancel came first. */
    void fired(long context) {
        Registration r = byContext.get(context);
        if (r != null && r.state.compareAndSet(ARMED, FIRED)) {
            post(r, 0);
        }
    }

    /** The loop: asks for a WAIT_CHILD to end; its packet follows (cancelled, or the exit if that came first). */
    void cancel(MemorySegment block) {
        Registration r = byBlock.get(block.address());
        if (r == null) {
            return;
        }
        if (r.state.compareAndSet(ARMED, CANCELLED)) {
            unregister(r);
            post(r, WindowsErrors.ERROR_OPERATION_ABORTED);
        }
    }

    /** The loop dequeued the registration's packet: release the wait (needed even after WT_EXECUTEONLYONCE fired). */
    void completed(MemorySegment block) {
        Registration r = byBlock.remove(block.address());
        if (r == null) {
            return;
        }
        byContext.remove(r.context);
        unregister(r);
    }

    private void unregister(Registration r) {
        long w = r.wait;
        if (w != 0) {
            r.wait = 0;
            os.unregister(w);
        }
    }

    /** A packet this process posts: the Win32 error (0: exited) in OVERLAPPED.Internal, key {@link IocpDriver#KEY_POSTED}. */
    private void post(Registration r, int win32Error) {
        OverlappedBlock.setPostedError(r.block, win32Error);
        int rc = os.post(OverlappedBlock.ownerPort(r.block), 0, IocpDriver.KEY_POSTED, r.block.address());
        if (rc != 0) {
            // The port is gone: its loop closed without draining (it keeps the block reachable).
            System.getLogger("io.rusticated").log(System.Logger.Level.WARNING,
                    "posting a child's exit to its loop failed: " + WindowsErrors.describe(rc));
        }
    }

    /** Registrations in flight (for tests and leak checks). */
    int size() {
        return byContext.size();
    }
}
