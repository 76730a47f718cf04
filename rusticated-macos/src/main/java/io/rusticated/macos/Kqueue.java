package io.rusticated.macos;

import io.rusticated.io.NativeMemory;
import io.rusticated.spi.DriverUnavailableException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.rusticated.macos.MacAbi.*;

/**
 * The kernel's kqueue: its descriptor (close-on-exec, as libuv sets it; a kqueue is not inherited
 * by fork(2) anyway) and kevent(2) with a struct timespec built per call. Compiled and probed
 * here; it runs only on a Mac.
 */
final class Kqueue implements Kevents {
    final int fd;
    /** Per calling thread: the loop waits while other threads post wakeups through the same queue. */
    private final ThreadLocal<MemorySegment> timespec = ThreadLocal.withInitial(() -> NativeMemory.allocate(TIMESPEC.byteSize(), TIMESPEC.byteAlignment()));

    private Kqueue(int fd) {
        this.fd = fd;
    }

    static Kqueue open() throws DriverUnavailableException {
        int fd = Darwin.kqueue();
        if (fd < 0) {
            throw new DriverUnavailableException("kqueue() failed: " + MacErrors.TABLE.describe(-fd));
        }
        Darwin.fcntl(fd, F_SETFD, FD_CLOEXEC);
        return new Kqueue(fd);
    }

    @Override
    public int kevent(KeventList changes, int nchanges, KeventList events, int nevents, long timeoutNanos) {
        long timeout = 0; // NULL: wait without limit
        if (timeoutNanos >= 0) {
            MemorySegment ts = timespec.get();
            ts.set(ValueLayout.JAVA_LONG, TIMESPEC_SEC, timeoutNanos / 1_000_000_000L);
            ts.set(ValueLayout.JAVA_LONG, TIMESPEC_NSEC, timeoutNanos % 1_000_000_000L);
            timeout = ts.address();
        }
        return Darwin.kevent(fd, changes == null ? 0 : changes.memory.address(), nchanges,
                events == null ? 0 : events.memory.address(), nevents, timeout);
    }

    @Override
    public void close() {
        Darwin.close(fd);
    }
}
