package io.rusticated.linux;

import io.rusticated.io.Buffer;
import io.rusticated.spi.Request;
import io.rusticated.unix.FileModes;
import io.rusticated.unix.IoBuffers;
import io.rusticated.unix.readiness.DescriptorOps;
import io.rusticated.unix.readiness.Strategy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * What the shared readiness layer asks Linux about a descriptor: whether readiness means anything
 * for it (a pipe, socket, terminal, eventfd: yes; a regular file, directory or block device: no,
 * those always poll ready and are read on the blocking pool), the non-blocking call itself, and
 * a terminal's reopening.
 *
 * <p>O_NONBLOCK is a flag of the open file description, shared with every process that inherited
 * it: setting it on stdin would make the parent shell's reads fail with EAGAIN. Measured on Linux
 * 6.18: {@code preadv2/pwritev2(..., offset -1, RWF_NOWAIT)} works per call on pipes, sockets and
 * eventfds (EAGAIN when it would block), but terminals and pty masters answer EOPNOTSUPP. So every
 * descriptor starts with RWF_NOWAIT; a terminal (not a pty master) is then reopened through
 * /proc/self/fd/N, which gives a file description of our own that may be O_NONBLOCK. Owns the
 * small buffers these calls fill. Loop thread only.
 */
final class LinuxDescriptors implements DescriptorOps {
    /** Room for the kernel's struct termios that TCGETS fills (36 bytes on x86_64). */
    private static final long TERMIOS_BUFFER = 64;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment statx = arena.allocate(STATX.byteSize(), 8);
    private final MemorySegment termios = arena.allocate(TERMIOS_BUFFER, 8);
    private final MemorySegment ptyNumber = arena.allocate(ValueLayout.JAVA_INT);
    private final MemorySegment procPath = arena.allocate(32);
    private final MemorySegment emptyPath = arena.allocate(1);
    private final MemorySegment iovec = arena.allocate(IOVEC);

    @Override
    public int pollable(int fd) {
        int r = Libc.statx(fd, emptyPath.address(), AT_EMPTY_PATH | AT_STATX_DONT_SYNC, STATX_TYPE, statx.address());
        if (r < 0) {
            return r;
        }
        return FileModes.isPollable(Short.toUnsignedInt(statx.get(ValueLayout.JAVA_SHORT, STATX_MODE))) ? 1 : 0;
    }

    @Override
    public Strategy firstStrategy(int fd) {
        return Strategy.NOWAIT;
    }

    /** preadv2/pwritev2 of the request's buffer at no position (-1), with RWF_NOWAIT when asked. */
    @Override
    public long transfer(Request op, boolean write, int fd, boolean nowait) {
        Buffer b = op.buffer();
        int flags = nowait ? RWF_NOWAIT : 0;
        if (write) {
            iovec.set(ValueLayout.JAVA_LONG, IOVEC_BASE, IoBuffers.writeAddress(b));
            iovec.set(ValueLayout.JAVA_LONG, IOVEC_LEN, IoBuffers.writeLength(b));
            return Libc.pwritev2(fd, iovec.address(), 1, -1, flags);
        }
        iovec.set(ValueLayout.JAVA_LONG, IOVEC_BASE, IoBuffers.readAddress(b));
        iovec.set(ValueLayout.JAVA_LONG, IOVEC_LEN, IoBuffers.readLength(b));
        return Libc.preadv2(fd, iovec.address(), 1, -1, flags);
    }

    /**
     * A terminal that is not a pty master: reopening its /proc/self/fd link gives the same terminal
     * (reopening a master would allocate a new pty instead).
     */
    @Override
    public boolean isReopenableTerminal(int fd) {
        return Libc.ioctl(fd, TCGETS, termios.address()) == 0 && Libc.ioctl(fd, TIOCGPTN, ptyNumber.address()) < 0;
    }

    @Override
    public int reopenNonBlocking(int fd, boolean write) {
        byte[] path = ("/proc/self/fd/" + fd).getBytes(StandardCharsets.US_ASCII);
        MemorySegment.copy(path, 0, procPath, ValueLayout.JAVA_BYTE, 0, path.length);
        procPath.set(ValueLayout.JAVA_BYTE, path.length, (byte) 0);
        int flags = (write ? O_WRONLY : O_RDONLY) | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
        return Libc.openat(AT_FDCWD, procPath.address(), flags, 0);
    }

    @Override
    public void closePrivate(int fd) {
        Libc.close(fd);
    }

    @Override
    public void close() {
        arena.close();
    }
}
