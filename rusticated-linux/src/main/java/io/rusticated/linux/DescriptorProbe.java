package io.rusticated.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * What the epoll driver asks about a descriptor before waiting on it: whether readiness means
 * anything for it (a pipe, socket, terminal, eventfd: yes; a regular file, directory or block
 * device: no, those always poll ready and are read on the blocking pool), whether it is a terminal
 * that can be reopened, and the reopening itself. Owns the small buffers these calls fill.
 * Loop thread only.
 */
final class DescriptorProbe implements AutoCloseable {
    /** Room for the kernel's struct termios that TCGETS fills (36 bytes on x86_64). */
    private static final long TERMIOS_BUFFER = 64;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment statx = arena.allocate(STATX.byteSize(), 8);
    private final MemorySegment termios = arena.allocate(TERMIOS_BUFFER, 8);
    private final MemorySegment ptyNumber = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment procPath = arena.allocate(32);
    private final MemorySegment emptyPath = arena.allocate(1);

    /** 1 if epoll can tell when the descriptor is ready, 0 if not, else a negated errno (EBADF). */
    int pollable(int fd) {
        int r = Libc.statx(fd, emptyPath.address(), AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_TYPE, statx.address());
        if (r < 0) {
            return r;
        }
        int type = Short.toUnsignedInt(statx.get(ValueLayout.JAVA_SHORT, STATX_MODE)) & S_IFMT;
        // Anonymous inodes (eventfd, timerfd, pidfd, signalfd) have type 0 and are pollable.
        return type == S_IFREG || type == S_IFDIR || type == S_IFBLK || type == S_IFLNK ? 0 : 1;
    }

    /**
     * A terminal that is not a pty master: reopening its /proc/self/fd link gives the same terminal
     * (reopening a master would allocate a new pty instead).
     */
    boolean isReopenableTerminal(int fd) {
        return Libc.ioctl(fd, TCGETS, termios.address()) == 0 && Libc.ioctl(fd, TIOCGPTN, ptyNumber.address()) < 0;
    }

    /**
     * Opens the file behind {@code fd} again, read-only or write-only, with a file description of
     * its own on which O_NONBLOCK can be set without touching the one shared with other processes.
     * Returns the new descriptor or a negated errno.
     */
    int reopenNonBlocking(int fd, boolean write) {
        byte[] path = ("/proc/self/fd/" + fd).getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(path, 0, procPath, ValueLayout.JAVA_BYTE, 0, path.length);
        procPath.set(ValueLayout.JAVA_BYTE, path.length, (byte) 0);
        int flags = (write ? O_WRONLY : O_RDONLY) | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
        return Libc.openat(AT_FDCWD, procPath.address(), flags, 0);
    }

    @Override
    public void close() {
        arena.close();
    }
}
