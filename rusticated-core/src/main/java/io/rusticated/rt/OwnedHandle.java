package io.rusticated.rt;

import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Platform;

import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * An OS handle this process owns on one loop, shared by the operations in flight on it and closed
 * exactly once, after the last of them has completed. Every handle the public API owns (a
 * {@code File}, a {@code DirReader}, a pipe end, a channel of the JDK plug-ins) lives in one.
 *
 * <p>Why: closing a descriptor while an operation still names it would let the next {@code open}
 * reuse the number and the operation read or write the wrong file (on epoll a pooled read runs
 * its {@code pread(fd)} whenever a pool thread gets to it); an IOCP or kqueue driver keeps
 * per-handle state that must be gone before the number is reused. So {@link #close()} only marks
 * the handle closing, cancels what is in flight on it (those operations fail with
 * {@link java.nio.channels.AsynchronousCloseException}, as the JDK's channels do), and the count
 * of operations dropping to zero detaches the handle from the loop's driver and submits the close.
 *
 * <p>Operations take a use with {@link EventLoop#submit(OwnedHandle, Operation)} (or the loop's
 * {@code read}/{@code write} on an owned handle) and give it back when the loop delivers their
 * completion, so no continuation is allocated per operation. Also the cleaning action of an owner
 * nobody closed (a {@link Runnable} holding no reference to it).
 */
public final class OwnedHandle implements Runnable {
    /** Set once closing: no new uses. The low bits count the uses in flight. */
    private static final long CLOSING = 1L << 62;
    /** Set when the handle was given away (to a child) instead of closed here. */
    private static final long MOVED = 1L << 61;
    private static final long COUNT = MOVED - 1;

    /** The loop the handle's operations run on; null until one does, for a handle made with {@link #OwnedHandle(long, HandleRole, LongFunction)}. */
    private volatile EventLoop loop;
    private final long handle;
    /** What the API made it as, told to the driver when the handle is attached. */
    private final HandleRole role;
    /** How the handle closes while no loop serves it: its failure, or null. */
    private final LongFunction<Throwable> directClose;
    private final AtomicLong state = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    /** The driver was told of this handle ({@code Driver.attach}); loop thread only. */
    boolean attached;
    /**
     * The operations in flight on it, linked through their {@code ownerNext}/{@code ownerPrev}, so
     * that a close cancels them without looking at the loop's other operations (a scan of every
     * operation in flight made each close of 10 000 connections cost 10 000 steps). Loop thread only.
     */
    private Operation inFlight;
    /** {@link #whenIdle} actions waiting for no use to be in flight; made by the first of them. */
    private volatile Queue<Runnable> idleActions;

    public OwnedHandle(EventLoop loop, long handle, HandleRole role) {
        if (handle < 0) {
            throw new IllegalArgumentException("no handle: " + handle);
        }
        this.loop = java.util.Objects.requireNonNull(loop);
        this.handle = handle;
        this.role = java.util.Objects.requireNonNull(role);
        this.directClose = null;
    }

    /**
     * A handle whose calls the owner makes on its own threads ({@code io.rusticated.spi.DirectCalls})
     * until an operation on a loop needs it ({@link EventLoop#submit(OwnedHandle, Operation)} binds
     * it to that loop, for good). Closed with {@code directClose} by the thread that gives back its
     * last use while it is bound to no loop; through its loop afterwards.
     */
    public OwnedHandle(long handle, HandleRole role, LongFunction<Throwable> directClose) {
        if (handle < 0) {
            throw new IllegalArgumentException("no handle: " + handle);
        }
        this.handle = handle;
        this.role = java.util.Objects.requireNonNull(role);
        this.directClose = java.util.Objects.requireNonNull(directClose);
    }

    public long handle() {
        return handle;
    }

    public HandleRole role() {
        return role;
    }

    /** The loop it is bound to, or null while none serves it. */
    public EventLoop loop() {
        return loop;
    }

    /** Binds a handle made for direct calls to the loop that serves its first operation; false if another loop serves it. */
    boolean bindTo(EventLoop l) {
        EventLoop current = loop;
        if (current == null && directClose != null) {
            synchronized (this) {
                if (loop == null) {
                    loop = l;
                }
                current = loop;
            }
        }
        return current == l;
    }

    /** True once {@link #close()} (or {@link #moveOut()}) was called: no new operation may start on it. */
    public boolean isClosing() {
        return (state.get() & CLOSING) != 0;
    }

    /** Takes a use of the handle for one operation; false once closing. */
    boolean acquire() {
        for (;;) {
            long s = state.get();
            if ((s & CLOSING) != 0) {
                return false;
            }
            if (state.compareAndSet(s, s + 1)) {
                return true;
            }
        }
    }

    /**
     * Takes a use of the handle for work outside the loop (a system call the JDK plug-ins make on
     * the calling thread, or their reopening the same file through it): the handle stays open
     * until {@link #releaseForCaller()}. False once closing.
     */
    public boolean acquireForCaller() {
        return acquire();
    }

    /** Gives back a use {@link #acquireForCaller()} took. */
    public void releaseForCaller() {
        release();
    }

    /** Gives a use back (loop thread at delivery, or a submitting thread that found the loop closed). */
    void release() {
        long s = state.decrementAndGet();
        if ((s & COUNT) == 0) {
            if (idleActions != null) {
                runIdleActions(); // also when closing: the action finds the handle closing, and its waiter is not left hanging
            }
            if ((s & CLOSING) != 0 && (s & MOVED) == 0) {
                closeNow();
            }
        }
    }

    /**
     * Runs {@code action} once no use of the handle is in flight: at once on this thread if none
     * is, else on the thread that gives the last one back (the loop's, for an operation). For what
     * must not overlap the handle's operations, as a datagram socket's disconnect must not overlap
     * a receive pending for the old peer. The count is the one every operation already keeps, so
     * nothing is added to an operation's path but a read of {@link #idleActions} when it is the last.
     */
    public void whenIdle(Runnable action) {
        Queue<Runnable> q = idleActions;
        if (q == null) {
            synchronized (this) {
                q = idleActions;
                if (q == null) {
                    idleActions = q = new ConcurrentLinkedQueue<>();
                }
            }
        }
        q.add(action);
        if ((state.get() & COUNT) == 0) {
            runIdleActions();
        }
    }

    /** Each waiting action runs once, by whichever thread takes it from the queue. */
    private void runIdleActions() {
        for (Runnable r; (r = idleActions.poll()) != null; ) {
            r.run();
        }
    }

    /**
     * Marks the handle closed; operations in flight on it are cancelled, and the handle closes
     * once the last of them completed. The stage completes when the OS has closed it. Idempotent.
     */
    public CompletableFuture<Void> close() {
        long before = state.getAndUpdate(s -> s | CLOSING);
        if ((before & CLOSING) != 0) {
            return closed;
        }
        if ((before & COUNT) == 0) {
            closeNow();
        } else {
            EventLoop l = loop;
            if (l != null) {
                l.cancelAll(this);
            } // else the direct calls in progress finish, and the last of them closes it
        }
        return closed;
    }

    /**
     * Gives the handle away (to a child being spawned) instead of closing it through the loop:
     * the caller closes this process's copy itself. Fails if an operation is in flight on it or
     * it is already closing.
     */
    public long moveOut() {
        for (;;) {
            long s = state.get();
            if ((s & CLOSING) != 0) {
                throw new IllegalStateException("handle " + handle + " is already " + ((s & MOVED) != 0 ? "moved" : "closed"));
            }
            if ((s & COUNT) != 0) {
                throw new IllegalStateException("handle " + handle + " has " + (s & COUNT) + " operations in flight; it cannot be moved");
            }
            if (state.compareAndSet(s, s | CLOSING | MOVED)) {
                closed.complete(null);
                return handle;
            }
        }
    }

    /** Loop thread: {@code op} is in flight on this handle. */
    void linkInFlight(Operation op) {
        op.ownerPrev = null;
        op.ownerNext = inFlight;
        if (inFlight != null) {
            inFlight.ownerPrev = op;
        }
        inFlight = op;
    }

    /** Loop thread: {@code op} is no longer in flight on it (nothing if it was not linked). */
    void unlinkInFlight(Operation op) {
        if (op.ownerPrev != null) {
            op.ownerPrev.ownerNext = op.ownerNext;
        } else if (inFlight == op) {
            inFlight = op.ownerNext;
        } else {
            return;
        }
        if (op.ownerNext != null) {
            op.ownerNext.ownerPrev = op.ownerPrev;
        }
        op.ownerPrev = null;
        op.ownerNext = null;
    }

    /** Loop thread: the operations in flight on it now (a copy: cancelling one may complete others). */
    Operation[] inFlightNow() {
        int n = 0;
        for (Operation op = inFlight; op != null; op = op.ownerNext) {
            n++;
        }
        Operation[] ops = new Operation[n];
        int i = 0;
        for (Operation op = inFlight; op != null; op = op.ownerNext) {
            ops[i++] = op;
        }
        return ops;
    }

    /** Cleaner action for an owner nobody closed. */
    @Override
    public void run() {
        close();
    }

    /** The stage {@link #close()} returns. */
    public CompletableFuture<Void> closedStage() {
        return closed;
    }

    private void closeNow() {
        EventLoop l = loop;
        if (l != null) {
            l.closeOwned(this);
        } else {
            closeDirectly();
        }
    }

    /** No loop serves it, or its loop is closed: no driver keeps state for the handle and nothing is in flight on it, so close it here. */
    void closeDirectly() {
        try {
            Throwable failure = null;
            if (directClose != null) {
                failure = directClose.apply(handle);
            } else {
                Platform.closeHandle(handle);
            }
            if (failure == null) {
                closed.complete(null);
            } else {
                closed.completeExceptionally(failure);
            }
        } catch (RuntimeException e) {
            closed.completeExceptionally(e);
        }
    }

    /** Loop thread: the close finished (the handle is gone whatever the outcome). */
    void closeDone(Throwable failure) {
        if (failure != null) {
            closed.completeExceptionally(failure);
        } else {
            closed.complete(null);
        }
    }

    @Override
    public String toString() {
        long s = state.get();
        return "OwnedHandle[" + handle + ", " + (s & COUNT) + " in flight" + ((s & MOVED) != 0 ? ", moved" : (s & CLOSING) != 0 ? ", closing" : "") + "]";
    }
}
