package io.rusticated.jdk;

import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OS handle shared by the operations in flight on it, closed exactly once, after the last of
 * them has completed. Closing a descriptor while an operation still names it would let the next
 * {@code open} reuse the number and the operation read or write the wrong file; so a close only
 * marks the lease, and the count of operations dropping to zero submits the close.
 *
 * <p>Also the cleaning action of a channel that was never closed (a {@link Runnable} holding no
 * reference to the channel).
 */
final class HandleLease implements Runnable {
    private static final long CLOSED = 1L << 62;

    private final EventLoop loop;
    private final long handle;
    private final AtomicLong state = new AtomicLong();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    HandleLease(EventLoop loop, long handle) {
        this.loop = loop;
        this.handle = handle;
    }

    long handle() {
        return handle;
    }

    /** Takes a use of the handle for one operation; false once the lease is closed. */
    boolean acquire() {
        for (;;) {
            long s = state.get();
            if ((s & CLOSED) != 0) {
                return false;
            }
            if (state.compareAndSet(s, s + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (state.decrementAndGet() == CLOSED) {
            closeHandle();
        }
    }

    boolean isClosed() {
        return (state.get() & CLOSED) != 0;
    }

    /** Marks the lease closed; the handle closes now if idle, else when its last operation completes. */
    CompletableFuture<Void> close() {
        long before = state.getAndUpdate(s -> s | CLOSED);
        if (before == 0) {
            closeHandle();
        }
        return closed;
    }

    /** Cleaner action for a channel nobody closed. */
    @Override
    public void run() {
        close();
    }

    private void closeHandle() {
        FutureOperation<Void> op = Ops.done();
        op.prepareClose(handle);
        loop.submit(op); // on a closed loop this fails at once: the descriptor then stays open, nothing else can close it
        op.future().whenComplete((v, e) -> {
            if (e != null) {
                closed.completeExceptionally(e);
            } else {
                closed.complete(null);
            }
        });
    }
}
