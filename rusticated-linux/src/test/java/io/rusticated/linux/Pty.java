package io.rusticated.linux;

import io.rusticated.unix.testing.TestPosix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A pseudo-terminal pair for tests: posix_openpt, grantpt, unlockpt, ptsname_r, then the slave opened without becoming our controlling terminal. */
final class Pty implements AutoCloseable {
    final int master;
    final int slave;
    final String slaveName;

    private Pty(int master, int slave, String slaveName) {
        this.master = master;
        this.slave = slave;
        this.slaveName = slaveName;
    }

    static Pty open() {
        int m = check(TestPosix.posixOpenpt(LinuxAbi.O_RDWR | LinuxAbi.O_NOCTTY | LinuxAbi.O_CLOEXEC), "posix_openpt");
        check(TestPosix.grantpt(m), "grantpt");
        check(TestPosix.unlockpt(m), "unlockpt");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(128);
            int rc = TestPosix.ptsnameR(m, buf);
            if (rc != 0) {
                throw new IllegalStateException("ptsname_r failed: " + LinuxErrors.message(rc));
            }
            String name = buf.getString(0);
            int s = check(Libc.openat(LinuxAbi.AT_FDCWD, a.allocateFrom(name).address(),
                    LinuxAbi.O_RDWR | LinuxAbi.O_NOCTTY | LinuxAbi.O_CLOEXEC, 0), "open " + name);
            return new Pty(m, s, name);
        }
    }

    void setWindowSize(int columns, int rows) {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment ws = a.allocate(LinuxAbi.WINSIZE);
            ws.set(ValueLayout.JAVA_SHORT, LinuxAbi.WINSIZE_COL, (short) columns);
            ws.set(ValueLayout.JAVA_SHORT, LinuxAbi.WINSIZE_ROW, (short) rows);
            check(Libc.ioctl(master, LinuxAbi.TIOCSWINSZ, ws.address()), "TIOCSWINSZ");
        }
    }

    /** c_lflag of the slave's termios, read straight from the kernel. */
    int localFlags() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(LinuxAbi.TERMIOS);
            check(Libc.tcgetattr(slave, t), "tcgetattr");
            return t.get(ValueLayout.JAVA_INT, LinuxAbi.TERMIOS_LFLAG);
        }
    }

    int outputFlags() {
        try (Arena a = Arena.ofConfined()) {
            MemorySegment t = a.allocate(LinuxAbi.TERMIOS);
            check(Libc.tcgetattr(slave, t), "tcgetattr");
            return t.get(ValueLayout.JAVA_INT, LinuxAbi.TERMIOS_OFLAG);
        }
    }

    static int check(int rc, String what) {
        if (rc < 0) {
            throw new IllegalStateException(what + " failed: " + LinuxErrors.message(-rc));
        }
        return rc;
    }

    @Override
    public void close() {
        Libc.close(slave);
        Libc.close(master);
    }
}
