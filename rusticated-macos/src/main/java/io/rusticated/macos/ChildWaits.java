package io.rusticated.macos;

import io.rusticated.spi.DriverContext;
import io.rusticated.spi.Request;

import java.lang.foreign.Arena;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static io.rusticated.macos.MacAbi.*;

/**
 * WAIT_CHILD on macOS: a child has no descriptor, so its exit is an EVFILT_PROC knote on its pid
 * (the process handle macOS's process support gives is the pid), {@code EV_ADD|EV_ONESHOT} with
 * {@code NOTE_EXIT|NOTE_EXITSTATUS}. One knote per pid ("An (ident, filter...) tuple can only appear
 * once in a given kqueue"), so the waits for one child share it. Both races of kqueue are handled:
 * a child gone before the knote was added makes kevent answer ESRCH ("The specified process to
 * attach to does not exist"), which completes the wait at once; either way the pid is recorded in
 * {@link ExitedChildren} so its collection waits for the zombie. Loop thread only.
 */
final class ChildWaits {
    private final DriverContext ctx;
    private final Kevents kq;
    private final KeventList change;
    private final KeventList receipt;
    private final Map<Integer, ArrayDeque<Request>> byPid = new HashMap<>();

    ChildWaits(DriverContext ctx, Kevents kq, Arena arena) {
        this.ctx = ctx;
        this.kq = kq;
        this.change = new KeventList(arena, 1);
        this.receipt = new KeventList(arena, 1);
    }

    void submit(Request op) {
        long handle = op.handle();
        if (handle <= 0 || handle > Integer.MAX_VALUE) {
            ctx.completeLater(op, -ESRCH); // no such process could ever be waited for
            return;
        }
        int pid = (int) handle;
        ArrayDeque<Request> waiting = byPid.get(pid);
        if (waiting != null) {
            waiting.addLast(op);
            return;
        }
        int errno = apply(pid, (short) (EV_ADD | EV_ONESHOT | EV_RECEIPT), NOTE_EXIT | NOTE_EXITSTATUS);
        if (errno == ESRCH) {
            ExitedChildren.mark(pid); // race 1: it exited (and may be reapable or not yet)
            ctx.completeLater(op, 0);
        } else if (errno != 0) {
            ctx.completeLater(op, -errno);
        } else {
            waiting = new ArrayDeque<>(1);
            waiting.addLast(op);
            byPid.put(pid, waiting);
        }
    }

    /** NOTE_EXIT fired for {@code pid} (its one-shot knote is gone): every wait on it completes. */
    void exited(int pid) {
        ExitedChildren.mark(pid); // race 2: waitpid(WNOHANG) may still answer 0 for a moment
        ArrayDeque<Request> waiting = byPid.remove(pid);
        if (waiting != null) {
            for (Request op : waiting) {
                ctx.completeLater(op, 0);
            }
        }
    }

    /** A wait not completed yet is withdrawn; the knote goes with the last one (ENOENT, ESRCH: it fired or the process is gone). */
    boolean cancel(Request op) {
        long handle = op.handle();
        ArrayDeque<Request> waiting = handle > 0 && handle <= Integer.MAX_VALUE ? byPid.get((int) handle) : null;
        if (waiting == null || !waiting.remove(op)) {
            return false;
        }
        if (waiting.isEmpty()) {
            byPid.remove((int) handle);
            apply((int) handle, (short) (EV_DELETE | EV_RECEIPT), 0);
        }
        ctx.failLater(op, new CancellationException("WAIT_CHILD cancelled before child " + handle + " exited"));
        return true;
    }

    int size() {
        return byPid.size();
    }

    /** One change with its receipt: 0 or the receipt's errno (a failed call's errno likewise). */
    private int apply(int pid, short flags, int fflags) {
        change.set(0, pid, EVFILT_PROC, flags, fflags, 0, 0);
        int r;
        do {
            r = kq.kevent(change, 1, receipt, 1, 0);
        } while (r == -EINTR);
        if (r < 0) {
            return -r;
        }
        return r == 1 && receipt.isError(0) ? (int) receipt.data(0) : 0;
    }
}
