package io.rusticated.macos;

import io.rusticated.spi.Backend;
import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.ScratchPool;
import io.rusticated.unix.readiness.DescriptorOps;
import io.rusticated.unix.readiness.NonBlockingSockets;
import io.rusticated.unix.readiness.Readiness;
import io.rusticated.unix.readiness.ReadinessDriver;
import io.rusticated.unix.readiness.SocketSyscalls;

import java.lang.foreign.Arena;

import static io.rusticated.macos.MacAbi.*;

/**
 * The kqueue backend: a {@link KqueuePoller} driving the shared {@link Readiness} layer, plus what
 * is macOS's own. Reads, writes and POLLs of pipes, sockets and terminals, and every socket
 * operation (non-blocking sockets, SO_NOSIGPIPE, accept then FD_CLOEXEC, connect then SO_ERROR:
 * {@link NonBlockingSockets}), wait in the readiness layer on one-shot EVFILT_READ/EVFILT_WRITE
 * knotes; a multishot accept is one accept after another while the listener's EVFILT_READ says
 * connections wait; a WAIT_CHILD is an EVFILT_PROC knote on the
 * child's pid ({@link ChildWaits}); files, directories and every path operation run on the blocking
 * pool ({@link MacFileOps}); timers are the loop's (the kevent wait takes the heap's next deadline
 * as its timespec); another thread's {@link #wakeup} triggers one EVFILT_USER knote (EV_CLEAR, so
 * triggers before the loop looks coalesce into one event: "Multiple events which trigger the
 * filter do not result in multiple kevents being placed on the kqueue").
 *
 * <p>Completions found while submitting go through {@link DriverContext#completeLater}. Loop
 * thread only, except {@link #wakeup()}.
 */
final class KqueueDriver extends ReadinessDriver {
    /** The EVFILT_USER knote's ident: filters have idents of their own, so it cannot meet a descriptor's. */
    static final long WAKE_IDENT = 0x7275737463L; // "rustc"
    static final int EVENTS_PER_WAIT = 256;

    private final ErrnoTable errors;
    private final Kevents kq;
    private final ChildWaits children;
    private final Arena arena;
    private final KeventList events;
    /** Per waking thread: the trigger and its receipt. */
    private final ThreadLocal<KeventList[]> wakeLists = ThreadLocal.withInitial(() -> new KeventList[] {
            new KeventList(Arena.ofAuto(), 1), new KeventList(Arena.ofAuto(), 1)});

    /**
     * A driver on {@code kq} for the descriptors {@code descriptors} describes, with socket calls
     * {@code sockets}, running file operations as {@code files} on the pool and decoding their
     * payloads with {@code decoder}.
     */
    KqueueDriver(DriverContext ctx, Kevents kq, DescriptorOps descriptors, SocketSyscalls sockets, ErrnoTable errors, BlockingWork files,
                 ScratchPool scratch, ScratchPool.Decoder decoder, String why) {
        this(ctx, kq, Arena.ofShared(), descriptors, sockets, errors, files, scratch, decoder, why);
    }

    private KqueueDriver(DriverContext ctx, Kevents kq, Arena arena, DescriptorOps descriptors, SocketSyscalls sockets, ErrnoTable errors,
                         BlockingWork files, ScratchPool scratch, ScratchPool.Decoder decoder, String why) {
        super(ctx, new Readiness(ctx, new KqueuePoller(kq, arena), descriptors, new NonBlockingSockets(sockets, MacAbi.SOCKET_ABI, errors), errors),
                descriptors, errors, scratch, files, decoder,
                new Backend("kqueue",
                        "kevent with one-shot EVFILT_READ/EVFILT_WRITE, EVFILT_PROC for children, EVFILT_USER wakeup;"
                                + " O_NONBLOCK pipes read directly, terminals reopened, shared pipes readiness then pool;"
                                + " non-blocking SO_NOSIGPIPE sockets;"
                                + " files, directories and path ops on the blocking pool",
                        why.isEmpty() ? "first backend that opened" : why));
        this.kq = kq;
        this.errors = errors;
        this.arena = arena;
        this.events = new KeventList(arena, EVENTS_PER_WAIT);
        this.children = new ChildWaits(ctx, kq, arena);
        KeventList add = new KeventList(arena, 1);
        add.set(0, WAKE_IDENT, EVFILT_USER, (short) (EV_ADD | EV_CLEAR | EV_RECEIPT), 0, 0, 0);
        int errno = receiptErrno(kq.kevent(add, 1, add, 1, 0), add);
        if (errno != 0) {
            throw new IllegalStateException("kevent could not add the EVFILT_USER wakeup: " + errors.describe(errno));
        }
    }

    private static int receiptErrno(int r, KeventList receipt) {
        if (r < 0) {
            return -r;
        }
        return r == 1 && receipt.isError(0) ? (int) receipt.data(0) : 0;
    }

    // ---- submission ----

    /** A WAIT_CHILD is an EVFILT_PROC knote; the rest as every readiness driver does. */
    @Override
    public void submit(Request op) {
        if (op.opcode() == Opcode.WAIT_CHILD) {
            children.submit(op);
        } else {
            super.submit(op); // closing a descriptor also removes its knotes (kqueue(2))
        }
    }

    // ---- waiting ----

    @Override
    protected void await(long timeout) {
        int n = kq.kevent(null, 0, events, EVENTS_PER_WAIT, timeout);
        if (n < 0) {
            if (n != -EINTR) {
                throw new IllegalStateException("kevent failed: " + errors.describe(-n));
            }
            n = 0;
        }
        for (int i = 0; i < n; i++) {
            dispatch(events.ident(i), events.filter(i), events.flags(i), events.fflags(i));
        }
    }

    /** One event the kqueue returned. */
    private void dispatch(long ident, short filter, int flags, int fflags) {
        switch (filter) {
            case EVFILT_READ, EVFILT_WRITE ->
                    // EV_ONESHOT: this filter's knote is deleted now; the other direction's stays
                    readiness.onReady((int) ident, KqueuePoller.readiness(filter, flags, fflags), KqueuePoller.bitOf(filter));
            case EVFILT_PROC -> {
                if ((fflags & NOTE_EXIT) != 0) {
                    children.exited((int) ident);
                }
            }
            default -> {
                // EVFILT_USER: the wakeup; EV_CLEAR has reset it, and the loop runs its tasks after this poll
            }
        }
    }

    // ---- cancellation ----

    @Override
    public void cancel(Request op) {
        if (!readiness.cancel(op)) {
            children.cancel(op);
        }
    }

    /** NOTE_TRIGGER on the EVFILT_USER knote, with a receipt, so the call returns at once. Any thread: kevent is thread-safe. */
    @Override
    public void wakeup() {
        KeventList[] lists = wakeLists.get();
        lists[0].set(0, WAKE_IDENT, EVFILT_USER, EV_RECEIPT, NOTE_TRIGGER, 0, 0);
        kq.kevent(lists[0], 1, lists[1], 1, 0);
    }

    @Override
    protected void closePoller() {
        kq.close();
        arena.close();
    }

    @Override
    public String toString() {
        return "KqueueDriver[" + kq + ", descriptors waiting " + readiness.size() + ", children waited for " + children.size() + "]";
    }
}
