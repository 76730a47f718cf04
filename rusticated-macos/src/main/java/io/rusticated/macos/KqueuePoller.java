package io.rusticated.macos;

import io.rusticated.unix.readiness.Poller;
import io.rusticated.unix.readiness.Readiness;

import java.lang.foreign.Arena;

import static io.rusticated.macos.MacAbi.*;

/**
 * kqueue as the shared readiness layer's {@link Poller}. A descriptor's interest is one knote per
 * direction, {@code (fd, EVFILT_READ)} and {@code (fd, EVFILT_WRITE)}, each EV_ADD|EV_ONESHOT:
 * added, it fires at once if the descriptor is ready already (kqueue(2): "The filter ... is executed
 * upon the initial registration ... to detect whether a preexisting condition is present") and is
 * deleted once it fired ("After the user retrieves the event from the kqueue, it is deleted"), so
 * only the interest that fired is disarmed. Every change carries EV_RECEIPT and is applied at once
 * in a kevent call of its own whose event list has room for exactly the receipts ("it forces EV_ERROR
 * to always be returned. When a filter is successfully added, the data field will be zero"), so
 * its result is known when {@link #arm} returns and no pending event is drained by it. Loop thread only.
 */
final class KqueuePoller implements Poller {
    private final Kevents kq;
    private final KeventList changes;
    private final KeventList receipts;

    KqueuePoller(Kevents kq, Arena arena) {
        this.kq = kq;
        this.changes = new KeventList(arena, 2);
        this.receipts = new KeventList(arena, 2);
    }

    /**
     * Adds a one-shot knote for each direction newly wanted and deletes those no longer wanted.
     * An errno in a receipt: EPIPE on adding is no error (a pipe whose other end closed: macOS 10.10
     * and 10.11 say so, yet report its events, mio #582); EINVAL, ENOTSUP or ENODEV on adding mean
     * kqueue cannot watch this descriptor (a device without a byte count: "it will not allow the
     * filter to be attached"; some /dev ttys), which is {@link #NOT_POLLABLE}; ENOENT on deleting is
     * a knote that already fired.
     */
    @Override
    public int arm(int fd, int want, int armed, boolean registered) {
        int n = 0;
        n = change(n, fd, EVFILT_READ, Readiness.IN, want, armed);
        n = change(n, fd, EVFILT_WRITE, Readiness.OUT, want, armed);
        int r = apply(n);
        if (r < 0) {
            return r;
        }
        int added = 0;
        int failure = 0;
        for (int i = 0; i < r; i++) {
            int errno = receipts.isError(i) ? (int) receipts.data(i) : 0;
            boolean adding = (receipts.flags(i) & EV_ADD) != 0; // a receipt carries its change's ident, filter and flags
            if (errno == 0 || (adding && errno == EPIPE) || (!adding && errno == ENOENT)) {
                if (adding) {
                    added |= bitOf(receipts.filter(i));
                }
                continue;
            }
            if (failure == 0 || failure == NOT_POLLABLE) {
                failure = adding && (errno == EINVAL || errno == ENOTSUP || errno == ENODEV) ? NOT_POLLABLE : -errno;
            }
        }
        if (failure != 0 && added != 0) {
            forget(fd, added, true); // all or nothing: the layer keeps no interest it does not know of
        }
        return failure;
    }

    /** Deletes the knotes still armed; ENOENT (already fired) and EBADF (the descriptor closed, taking them along) are no error. */
    @Override
    public void forget(int fd, int armed, boolean registered) {
        int n = 0;
        n = change(n, fd, EVFILT_READ, Readiness.IN, 0, armed);
        n = change(n, fd, EVFILT_WRITE, Readiness.OUT, 0, armed);
        apply(n);
    }

    private int change(int n, int fd, short filter, int bit, int want, int armed) {
        if ((want & bit) != 0 && (armed & bit) == 0) {
            changes.set(n, fd, filter, (short) (EV_ADD | EV_ONESHOT | EV_RECEIPT), 0, 0, 0);
            return n + 1;
        }
        if ((want & bit) == 0 && (armed & bit) != 0) {
            changes.set(n, fd, filter, (short) (EV_DELETE | EV_RECEIPT), 0, 0, 0);
            return n + 1;
        }
        return n;
    }

    /** kevent with the changes and room for their receipts only; EINTR: "all changes in the changelist have been applied" is FreeBSD's word, so the call is simply made again (an EV_ADD again modifies, an EV_DELETE again answers ENOENT). */
    private int apply(int n) {
        if (n == 0) {
            return 0;
        }
        int r;
        do {
            r = kq.kevent(changes, n, receipts, n, 0);
        } while (r == -EINTR);
        return r;
    }

    static int bitOf(short filter) {
        return filter == EVFILT_READ ? Readiness.IN : filter == EVFILT_WRITE ? Readiness.OUT : 0;
    }

    /**
     * What a fired EVFILT_READ or EVFILT_WRITE knote says, in poll(2)'s bits: readable or
     * writable, with HUP for EV_EOF ("When the last writer disconnects, the filter will set EV_EOF";
     * for writes, "when the reader disconnects"), ERR for EV_ERROR, and ERR for an EV_EOF that
     * carries a socket's error in fflags ("If the read direction of the socket has shutdown, then
     * the filter also sets EV_EOF in flags, and returns the socket error (if any) in fflags"): the
     * socket's next call reports that error.
     */
    static int readiness(short filter, int flags, int fflags) {
        int events = bitOf(filter);
        if ((flags & (EV_EOF & 0xffff)) != 0) {
            events |= Readiness.HUP;
            if (fflags != 0) {
                events |= Readiness.ERR;
            }
        }
        if ((flags & EV_ERROR) != 0) {
            events |= Readiness.ERR;
        }
        return events;
    }
}
