package io.rusticated.macos;

import io.rusticated.spi.Request;
import io.rusticated.unix.FileModes;
import io.rusticated.unix.IoBuffers;
import io.rusticated.unix.readiness.DescriptorOps;
import io.rusticated.unix.readiness.Strategy;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.rusticated.macos.MacAbi.*;

/**
 * What the shared readiness layer asks macOS about a descriptor. macOS has no RWF_NOWAIT and no
 * /proc reopen, so: a description that is O_NONBLOCK already (rusticated's own pipe ends, which the
 * loop alone uses) is read and written directly ({@link Strategy#NOWAIT}); a terminal that is not a
 * pty master is reopened with a description of its own through its name ({@code ttyname_r}, as
 * libuv's {@code uv_tty_init} does; a master answers TIOCPTYGNAME, a slave refuses it); anything
 * else, a description shared with other processes (an inherited pipe), waits for kqueue and then
 * makes its call on the pool, since O_NONBLOCK must never be set on a shared description. Regular
 * files, directories and block devices are never registered: kqueue reports them ready once and
 * forever (libuv's {@code uv__io_check_fd}). Owns the buffers these calls fill. Loop thread only.
 */
final class MacDescriptors implements DescriptorOps {
    private final Arena arena = Arena.ofShared();
    private final MemorySegment stat = arena.allocate(STAT);
    private final MemorySegment name = arena.allocate(MAXPATHLEN);

    @Override
    public int pollable(int fd) {
        int r = Darwin.fstat(fd, stat.address());
        if (r < 0) {
            return r;
        }
        return pollableType(Short.toUnsignedInt(stat.get(ValueLayout.JAVA_SHORT, STAT_MODE)));
    }

    /** 1 for what kqueue can watch (pipes, sockets, character devices), 0 for files, directories, block devices and links. */
    static int pollableType(int mode) {
        return FileModes.isPollable(mode) ? 1 : 0;
    }

    @Override
    public Strategy firstStrategy(int fd) {
        return strategyFor(Darwin.fcntl(fd, F_GETFL, 0), isReopenableTerminal(fd));
    }

    /**
     * The strategy for a description with these status flags (or a negated errno): NOWAIT if it is
     * O_NONBLOCK already, REOPENED for a terminal that can be opened again as itself, else readiness
     * then the pool (a pty master too: opening its name again would make a new pty).
     */
    static Strategy strategyFor(int statusFlags, boolean reopenableTerminal) {
        if (statusFlags >= 0 && (statusFlags & O_NONBLOCK) != 0) {
            return Strategy.NOWAIT;
        }
        return reopenableTerminal ? Strategy.REOPENED : Strategy.READINESS_THEN_POOL;
    }

    /** A plain read or write: it cannot block on an O_NONBLOCK description, the only kind NOWAIT and REOPENED use. */
    @Override
    public long transfer(Request op, boolean write, int fd, boolean nowait) {
        return write
                ? Darwin.write(fd, IoBuffers.writeAddress(op.buffer()), IoBuffers.writeLength(op.buffer()))
                : Darwin.read(fd, IoBuffers.readAddress(op.buffer()), IoBuffers.readLength(op.buffer()));
    }

    @Override
    public boolean isReopenableTerminal(int fd) {
        return Darwin.isatty(fd) == 1 && Darwin.ioctl(fd, TIOCPTYGNAME, name.address()) < 0;
    }

    @Override
    public int reopenNonBlocking(int fd, boolean write) {
        int errno = Darwin.ttynameR(fd, name);
        if (errno != 0) {
            return -errno;
        }
        int flags = (write ? O_WRONLY : O_RDONLY) | O_NONBLOCK | O_NOCTTY | O_CLOEXEC;
        return Darwin.openat(AT_FDCWD, name.address(), flags, 0);
    }

    @Override
    public void closePrivate(int fd) {
        Darwin.close(fd);
    }

    @Override
    public void close() {
        arena.close();
    }
}
