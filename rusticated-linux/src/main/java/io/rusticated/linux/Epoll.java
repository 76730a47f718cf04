package io.rusticated.linux;

import io.rusticated.spi.DriverUnavailableException;
import io.rusticated.unix.readiness.Poller;
import io.rusticated.unix.readiness.Readiness;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.rusticated.linux.IoUringAbi.KERNEL_TIMESPEC;
import static io.rusticated.linux.IoUringAbi.TIMESPEC_NSEC;
import static io.rusticated.linux.IoUringAbi.TIMESPEC_SEC;
import static io.rusticated.linux.LinuxAbi.*;

/**
 * One epoll instance: its descriptor, the array the kernel writes ready events into, and a wait
 * that takes nanoseconds. The wait uses epoll_pwait2 (a timespec) where the kernel and seccomp
 * allow it, else epoll_wait with the timeout rounded up to whole milliseconds, so a timer never
 * fires early. As the shared readiness layer's {@link Poller}, a descriptor's interest is one
 * EPOLLONESHOT registration, re-armed with EPOLL_CTL_MOD, whose firing disables all of it.
 * Loop thread only.
 */
final class Epoll implements Poller, AutoCloseable {
    private static final long NANOS_PER_MILLI = 1_000_000L;

    final int fd;
    final boolean nanosecondWait;
    private final Arena arena = Arena.ofShared();
    private final int capacity;
    private final MemorySegment events;
    private final MemorySegment ctlEvent;
    private final MemorySegment timeout;

    private Epoll(int fd, int capacity) {
        this.fd = fd;
        this.capacity = capacity;
        this.events = arena.allocate(EPOLL_EVENT.byteSize() * capacity, 8);
        this.ctlEvent = arena.allocate(EPOLL_EVENT.byteSize(), 8);
        this.timeout = arena.allocate(KERNEL_TIMESPEC);
        this.nanosecondWait = Libc.epollPwait2(fd, events.address(), capacity, timeout.address()) >= 0;
    }

    /** A new epoll set able to report {@code capacity} events per wait. */
    static Epoll open(int capacity) throws DriverUnavailableException {
        int fd = Libc.epollCreate1(EPOLL_CLOEXEC);
        if (fd < 0) {
            throw new DriverUnavailableException("epoll_create1 failed with " + LinuxErrors.name(-fd) + " (" + LinuxErrors.message(-fd) + ")");
        }
        return new Epoll(fd, capacity);
    }

    /** EPOLL_CTL_ADD; 0 or a negated errno. */
    int add(int target, int interest, long data) {
        return control(EPOLL_CTL_ADD, target, interest, data);
    }

    /** EPOLL_CTL_MOD (re-arms a one-shot registration); 0 or a negated errno. */
    int modify(int target, int interest, long data) {
        return control(EPOLL_CTL_MOD, target, interest, data);
    }

    /** EPOLL_CTL_DEL; 0 or a negated errno (ENOENT/EBADF when the descriptor was closed meanwhile). */
    int delete(int target) {
        return Libc.epollCtl(fd, EPOLL_CTL_DEL, target, 0);
    }

    /**
     * ADD or MOD of a one-shot registration for {@code want}, with the descriptor as its data;
     * EPERM (the file has no poll support, as for regular files) is {@link #NOT_POLLABLE}.
     */
    @Override
    public int arm(int target, int want, int armed, boolean registered) {
        int interest = toEpoll(want) | EPOLLONESHOT;
        int r;
        if (registered) {
            r = modify(target, interest, target);
            if (r == -ENOENT) {
                r = add(target, interest, target);
            }
        } else {
            r = add(target, interest, target);
            if (r == -EEXIST) {
                r = modify(target, interest, target);
            }
        }
        return r == -EPERM ? NOT_POLLABLE : r;
    }

    /** EPOLL_CTL_DEL (ENOENT/EBADF: the descriptor was closed behind our back; nothing to undo). */
    @Override
    public void forget(int target, int armed, boolean registered) {
        if (registered) {
            delete(target);
        }
    }

    private static int toEpoll(int readiness) {
        return ((readiness & Readiness.IN) != 0 ? EPOLLIN : 0) | ((readiness & Readiness.OUT) != 0 ? EPOLLOUT : 0);
    }

    /** An event's EPOLL* bits in the readiness layer's (poll(2)'s) terms. */
    static int toReadiness(int epollEvents) {
        return ((epollEvents & EPOLLIN) != 0 ? Readiness.IN : 0) | ((epollEvents & EPOLLOUT) != 0 ? Readiness.OUT : 0)
                | ((epollEvents & EPOLLERR) != 0 ? Readiness.ERR : 0) | ((epollEvents & EPOLLHUP) != 0 ? Readiness.HUP : 0);
    }

    private int control(int op, int target, int interest, long data) {
        ctlEvent.set(ValueLayout.JAVA_INT, EPOLL_EVENT_EVENTS, interest);
        ctlEvent.set(ValueLayout.JAVA_LONG_UNALIGNED, EPOLL_EVENT_DATA, data);
        return Libc.epollCtl(fd, op, target, ctlEvent.address());
    }

    /**
     * Waits up to {@code timeoutNanos} (0: don't wait, negative: no limit); returns how many events
     * are ready to read with {@link #events(int)} and {@link #data(int)}, or a negated errno.
     */
    int await(long timeoutNanos) {
        if (nanosecondWait) {
            long ts = 0;
            if (timeoutNanos >= 0) {
                timeout.set(ValueLayout.JAVA_LONG, TIMESPEC_SEC, timeoutNanos / 1_000_000_000L);
                timeout.set(ValueLayout.JAVA_LONG, TIMESPEC_NSEC, timeoutNanos % 1_000_000_000L);
                ts = timeout.address();
            }
            return Libc.epollPwait2(fd, events.address(), capacity, ts);
        }
        int millis;
        if (timeoutNanos < 0) {
            millis = -1;
        } else {
            long rounded = timeoutNanos / NANOS_PER_MILLI + (timeoutNanos % NANOS_PER_MILLI != 0 ? 1 : 0);
            millis = (int) Math.min(rounded, Integer.MAX_VALUE);
        }
        return Libc.epollWait(fd, events.address(), capacity, millis);
    }

    int events(int index) {
        return events.get(ValueLayout.JAVA_INT, index * EPOLL_EVENT.byteSize() + EPOLL_EVENT_EVENTS);
    }

    long data(int index) {
        return events.get(ValueLayout.JAVA_LONG_UNALIGNED, index * EPOLL_EVENT.byteSize() + EPOLL_EVENT_DATA);
    }

    @Override
    public void close() {
        Libc.close(fd);
        arena.close();
    }
}
