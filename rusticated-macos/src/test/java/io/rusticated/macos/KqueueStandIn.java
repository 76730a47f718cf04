package io.rusticated.macos;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import static io.rusticated.macos.MacAbi.*;

/**
 * A stand-in for one kqueue and the few kernel objects the kqueue driver's tests need (pipes,
 * terminals, child processes), written from the documented semantics, since no Mac is at hand.
 * Each behaviour cites its rule; "kqueue(2)" is Apple's manual page as published in
 * apple-oss-distributions/xnu, {@code bsd/man/man2/kqueue.2}; "event.h" is {@code <sys/event.h>} of
 * the macOS SDK (zig 0.11's copy). Where a documented rule is silent, the behaviour is the one an
 * anchor observed on real Macs, named too (libuv, mio). It reads and writes real
 * {@code struct kevent} arrays ({@link KeventList}, the layout the probe checks), so the driver's
 * encoding is exercised as well. Thread-safe: waits block on a condition, as kevent(2) is called
 * from any thread.
 */
final class KqueueStandIn implements Kevents {
    /** A descriptor's open file description. */
    static final class File {
        final String kind; // "pipe-read", "pipe-write", "tty", "file"
        File peer; // a pipe's other end
        final StringBuilder buffer; // a pipe's bytes, shared by both ends
        final int capacity;
        boolean open = true;
        boolean nonBlocking;
        /** kqueue refuses to attach to it (a device without a byte count, kqueue(2) "Device nodes"; some /dev ttys, libuv). */
        boolean refusesKqueue;
        boolean ptyMaster;
        /** An errno adding a knote for it answers (kqueue(2) ERRORS, e.g. EACCES "The process does not have permission to register a filter"). */
        int addError;

        File(String kind, StringBuilder buffer, int capacity) {
            this.kind = kind;
            this.buffer = buffer;
            this.capacity = capacity;
        }
    }

    /** A child: running, exited (a zombie, or not yet one), or collected. */
    static final class Child {
        boolean exited;
        /** waitpid can collect it: false between NOTE_EXIT and the zombie's making (libuv #3504). */
        boolean reapable;
        boolean collected;
        int status;
    }

    private record Key(long ident, short filter) {
    }

    private static final class Knote {
        final Key key;
        int flags;
        int fflags;
        long udata;
        /** EVFILT_USER: NOTE_TRIGGER seen and not yet retrieved. */
        boolean triggered;
        /** On the queue, waiting to be retrieved. */
        boolean active;

        Knote(Key key) {
            this.key = key;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Map<Integer, File> files = new HashMap<>();
    private final Map<Integer, Child> children = new HashMap<>();
    private final Map<Key, Knote> knotes = new LinkedHashMap<>();
    private final List<String> changes = new ArrayList<>();
    private int nextFd = 10;
    private int nextPid = 500;
    /** macOS 10.10/10.11: adding a knote on a pipe whose other end is closed answers EPIPE, yet the knote is added (mio #582). */
    boolean oldDarwinEpipe;
    boolean closed;

    // ---- kernel objects, as the tests set them up ----

    /** A pipe: [read end, write end]; {@code nonBlocking} sets O_NONBLOCK on both descriptions. */
    int[] pipe(boolean nonBlocking, int capacity) {
        lock.lock();
        try {
            StringBuilder b = new StringBuilder();
            File r = new File("pipe-read", b, capacity);
            File w = new File("pipe-write", b, capacity);
            r.peer = w;
            w.peer = r;
            r.nonBlocking = nonBlocking;
            w.nonBlocking = nonBlocking;
            int rfd = nextFd++;
            int wfd = nextFd++;
            files.put(rfd, r);
            files.put(wfd, w);
            return new int[] {rfd, wfd};
        } finally {
            lock.unlock();
        }
    }

    int open(String kind) {
        lock.lock();
        try {
            int fd = nextFd++;
            files.put(fd, new File(kind, new StringBuilder(), 4096));
            return fd;
        } finally {
            lock.unlock();
        }
    }

    File file(int fd) {
        lock.lock();
        try {
            return files.get(fd);
        } finally {
            lock.unlock();
        }
    }

    /** Another process writes to the pipe end {@code fd}. */
    void write(int fd, String text) {
        lock.lock();
        try {
            files.get(fd).buffer.append(text);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * close(2): "Calling close() on a file descriptor will remove any kevents that reference the
     * descriptor" (kqueue(2)); the peer sees EOF.
     */
    void close(int fd) {
        lock.lock();
        try {
            File f = files.remove(fd);
            if (f != null) {
                f.open = false;
            }
            knotes.keySet().removeIf(k -> k.ident() == fd && (k.filter() == EVFILT_READ || k.filter() == EVFILT_WRITE));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    int spawn() {
        lock.lock();
        try {
            int pid = nextPid++;
            children.put(pid, new Child());
            return pid;
        } finally {
            lock.unlock();
        }
    }

    /** The child exits; {@code reapable} false: NOTE_EXIT comes before waitpid can collect it (libuv #3504). */
    void exit(int pid, int status, boolean reapable) {
        lock.lock();
        try {
            Child c = children.get(pid);
            c.exited = true;
            c.reapable = reapable;
            c.status = status;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * waitpid(2) for one child: with WNOHANG, 0 while it has no state to report (running, or exited
     * but not yet a zombie); without, the wait ends when the zombie is made (here: at once); ECHILD
     * once collected.
     */
    int waitpid(int pid, int options, int[] status) {
        lock.lock();
        try {
            Child c = children.get(pid);
            if (c == null || c.collected) {
                return -ECHILD;
            }
            if (!c.exited || (!c.reapable && (options & WNOHANG) != 0)) {
                if ((options & WNOHANG) != 0) {
                    return 0;
                }
                throw new AssertionError("a blocking waitpid on a running child would hang this test");
            }
            c.reapable = true;
            c.collected = true;
            status[0] = c.status;
            return pid;
        } finally {
            lock.unlock();
        }
    }

    /** Every change applied so far, as "ident filter flags fflags" (for the tests' assertions). */
    List<String> changes() {
        lock.lock();
        try {
            return List.copyOf(changes);
        } finally {
            lock.unlock();
        }
    }

    boolean hasKnote(long ident, short filter) {
        lock.lock();
        try {
            return knotes.containsKey(new Key(ident, filter));
        } finally {
            lock.unlock();
        }
    }

    // ---- descriptor calls the stand-in descriptors make ----

    /** read(2) of a pipe: the bytes there, 0 at EOF, EAGAIN on an empty O_NONBLOCK description. */
    long read(int fd, MemorySegment into, long at, int max) {
        lock.lock();
        try {
            File f = files.get(fd);
            if (f == null) {
                return -EBADF;
            }
            if (f.buffer.isEmpty()) {
                if (f.peer != null && !f.peer.open) {
                    return 0;
                }
                if (f.nonBlocking || f.kind.equals("tty")) {
                    return -EAGAIN;
                }
                throw new AssertionError("a blocking read on an empty pipe would hang this test");
            }
            int n = Math.min(max, f.buffer.length());
            byte[] bytes = f.buffer.substring(0, n).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            MemorySegment.copy(bytes, 0, into, ValueLayout.JAVA_BYTE, at, n);
            f.buffer.delete(0, n);
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** write(2) to a pipe: EPIPE without a reader, EAGAIN when full (O_NONBLOCK), else what fits. */
    long write(int fd, MemorySegment from, int length) {
        lock.lock();
        try {
            File f = files.get(fd);
            if (f == null) {
                return -EBADF;
            }
            if (f.peer != null && !f.peer.open) {
                return -EPIPE;
            }
            int room = f.capacity - f.buffer.length();
            if (room == 0) {
                return -EAGAIN;
            }
            int n = Math.min(room, length);
            f.buffer.append(new String(from.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE), java.nio.charset.StandardCharsets.ISO_8859_1));
            changed.signalAll();
            return n;
        } finally {
            lock.unlock();
        }
    }

    // ---- kevent(2) ----

    @Override
    public int kevent(KeventList changeList, int nchanges, KeventList eventList, int nevents, long timeoutNanos) {
        lock.lock();
        try {
            int out = 0;
            // "All changes contained in the changelist are applied before any pending events are read from the queue." (kqueue(2))
            for (int i = 0; i < nchanges; i++) {
                long ident = changeList.ident(i);
                short filter = changeList.filter(i);
                int flags = changeList.flags(i);
                int fflags = changeList.fflags(i);
                changes.add(ident + " " + filterName(filter) + " " + flagNames(flags) + (fflags != 0 ? " 0x" + Integer.toHexString(fflags) : ""));
                int errno = apply(ident, filter, flags, fflags, changeList.udata(i));
                // EV_RECEIPT "forces EV_ERROR to always be returned. When a filter is successfully
                // added, the data field will be zero." Otherwise "If an error occurs while processing
                // an element of the changelist and there is enough room in the eventlist, then the
                // event will be placed in the eventlist with EV_ERROR set in flags and the system
                // error in data. Otherwise, -1 will be returned, and errno will be set." (kqueue(2))
                if ((flags & EV_RECEIPT) != 0 || errno != 0) {
                    if (out < nevents) {
                        eventList.set(out++, ident, filter, (short) (flags | EV_ERROR), fflags, errno, changeList.udata(i));
                    } else if (errno != 0) {
                        return -errno;
                    }
                }
            }
            if (out > 0 || nevents == 0) {
                return out; // receipts fill the list; the pending events stay queued ("without draining any pending events")
            }
            long deadline = timeoutNanos < 0 ? Long.MAX_VALUE : System.nanoTime() + timeoutNanos;
            for (;;) {
                out = retrieve(eventList, nevents);
                // "If the time limit expires, then kevent ... return 0"; NULL: "wait indefinitely" (kqueue(2))
                if (out > 0 || closed) {
                    return out;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return 0;
                }
                try {
                    changed.awaitNanos(Math.min(left, TimeUnit.SECONDS.toNanos(1)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -EINTR;
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** One change; returns 0 or the errno it fails with. */
    private int apply(long ident, short filter, int flags, int fflags, long udata) {
        Key key = new Key(ident, filter);
        if ((flags & EV_DELETE) != 0) {
            // "EV_DELETE Removes the event from the kqueue"; ENOENT: "The event could not be found to be modified or deleted." (kqueue(2))
            return knotes.remove(key) != null ? 0 : ENOENT;
        }
        Knote existing = knotes.get(key);
        if ((flags & EV_ADD) == 0) {
            if (existing == null) {
                return ENOENT;
            }
            if (filter == EVFILT_USER && (fflags & NOTE_TRIGGER) != 0) {
                // event.h: "On input, NOTE_TRIGGER causes the event to be triggered for output."
                existing.triggered = true;
                changed.signalAll();
            }
            return 0;
        }
        int errno = 0;
        switch (filter) {
            case EVFILT_READ, EVFILT_WRITE -> {
                File f = files.get((int) ident);
                if (f == null) {
                    return EBADF; // "The specified descriptor is invalid." (kqueue(2))
                }
                if (f.addError != 0) {
                    return f.addError;
                }
                if (f.refusesKqueue) {
                    return EINVAL; // "If the device does not support returning number of bytes, it will not allow the filter to be attached." (kqueue(2)); EINVAL as libuv meets it for /dev ttys
                }
                if (oldDarwinEpipe && f.peer != null && !f.peer.open) {
                    errno = EPIPE; // mio #582: macOS 10.10/10.11 answer EPIPE, "kevent will still report events on the file descriptor"
                }
            }
            case EVFILT_PROC -> {
                Child c = children.get((int) ident);
                if (c == null || c.exited) {
                    // "ESRCH The specified process to attach to does not exist." (kqueue(2)); an exited
                    // child counts as gone (libuv PR #3451: "The kernel may return ESRCH if the child has already exited")
                    return ESRCH;
                }
            }
            case EVFILT_USER -> {
            }
            default -> {
                return EINVAL; // "The specified time limit or filter is invalid." (kqueue(2))
            }
        }
        // "Re-adding an existing event will modify the parameters of the original event, and not
        // result in a duplicate entry." (kqueue(2))
        Knote k = existing != null ? existing : new Knote(key);
        k.flags = flags & ~(EV_ADD | EV_RECEIPT);
        k.fflags = fflags;
        k.udata = udata;
        if (filter == EVFILT_USER && (fflags & NOTE_TRIGGER) != 0) {
            k.triggered = true;
        }
        knotes.put(key, k);
        changed.signalAll();
        return errno;
    }

    /**
     * Moves knotes whose condition holds onto the list. "The filter is also run when the user
     * attempts to retrieve the kevent from the kqueue. If the filter indicates that the condition
     * that triggered the event no longer holds, the kevent is removed from the kqueue and is not
     * returned." One entry per knote: "Multiple events which trigger the filter do not result in
     * multiple kevents being placed on the kqueue; instead, the filter will aggregate the events
     * into a single struct kevent." (kqueue(2))
     */
    private int retrieve(KeventList list, int capacity) {
        int out = 0;
        Iterator<Knote> it = knotes.values().iterator();
        while (it.hasNext() && out < capacity) {
            Knote k = it.next();
            long[] dataAndFlags = condition(k);
            if (dataAndFlags == null) {
                continue;
            }
            list.set(out++, k.key.ident(), k.key.filter(), (short) (k.flags | (int) dataAndFlags[1]), k.key.filter() == EVFILT_PROC ? NOTE_EXIT | (k.fflags & NOTE_EXITSTATUS) : 0,
                    dataAndFlags[0], k.udata);
            if ((k.flags & EV_ONESHOT) != 0) {
                it.remove(); // "After the user retrieves the event from the kqueue, it is deleted." (EV_ONESHOT)
            } else if ((k.flags & EV_CLEAR) != 0) {
                k.triggered = false; // "After the event is retrieved by the user, its state is reset." (EV_CLEAR); without it a triggered user event stays triggered
            }
        }
        return out;
    }

    /** {data, extra flags} when the knote's condition holds, else null. */
    private long[] condition(Knote k) {
        switch (k.key.filter()) {
            case EVFILT_READ -> {
                // Pipes: "Returns when there is data to read; data contains the number of bytes
                // available. When the last writer disconnects, the filter will set EV_EOF" (kqueue(2))
                File f = files.get((int) k.key.ident());
                if (f == null) {
                    return null;
                }
                boolean eof = f.peer != null && !f.peer.open;
                return !f.buffer.isEmpty() || eof ? new long[] {f.buffer.length(), eof ? EV_EOF & 0xffff : 0} : null;
            }
            case EVFILT_WRITE -> {
                // "returns whenever it is possible to write to the descriptor. For sockets, pipes and
                // fifos, data will contain the amount of space remaining in the write buffer. The
                // filter will set EV_EOF when the reader disconnects" (kqueue(2))
                File f = files.get((int) k.key.ident());
                if (f == null) {
                    return null;
                }
                boolean eof = f.peer != null && !f.peer.open;
                int room = f.capacity - f.buffer.length();
                return room > 0 || eof ? new long[] {room, eof ? EV_EOF & 0xffff : 0} : null;
            }
            case EVFILT_PROC -> {
                // NOTE_EXIT "The process has exited."; NOTE_EXITSTATUS "its exit status is in filter specific data" (kqueue(2))
                Child c = children.get((int) k.key.ident());
                return c != null && c.exited ? new long[] {(k.fflags & NOTE_EXITSTATUS) != 0 ? c.status : 0, 0} : null;
            }
            case EVFILT_USER -> {
                return k.triggered ? new long[] {0, 0} : null;
            }
            default -> {
                return null;
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            knotes.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    static String filterName(short filter) {
        return switch (filter) {
            case EVFILT_READ -> "EVFILT_READ";
            case EVFILT_WRITE -> "EVFILT_WRITE";
            case EVFILT_PROC -> "EVFILT_PROC";
            case EVFILT_USER -> "EVFILT_USER";
            default -> "filter" + filter;
        };
    }

    static String flagNames(int flags) {
        StringBuilder s = new StringBuilder();
        String[] names = {"EV_ADD", "EV_DELETE", "EV_ONESHOT", "EV_CLEAR", "EV_RECEIPT"};
        int[] bits = {EV_ADD, EV_DELETE, EV_ONESHOT, EV_CLEAR, EV_RECEIPT};
        for (int i = 0; i < bits.length; i++) {
            if ((flags & bits[i]) != 0) {
                s.append(s.isEmpty() ? "" : "|").append(names[i]);
            }
        }
        return s.isEmpty() ? "0" : s.toString();
    }

    @Override
    public String toString() {
        return "KqueueStandIn";
    }
}
