package io.rusticated.linux;

import io.rusticated.unix.FileModes;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.rusticated.linux.LinuxAbi.*;

/** Plain blocking system calls tests use to set up and drive pipes and ptys from outside a loop. */
public final class NativeTestSupport {
    /** {@code <fcntl.h>}. */
    static final int F_GETFL = 3;
    /** {@code <asm/unistd.h>} on x86_64 and aarch64 (checked with gcc and aarch64-linux-gnu-gcc when written). */
    static final int SYS_MKNODAT = LinuxAbi.ARCH == LinuxArch.X86_64 ? 259 : 33;

    private NativeTestSupport() {
    }

    /** A pipe's read and write ends, close-on-exec. */
    record Pipe(int readFd, int writeFd) implements AutoCloseable {
        @Override
        public void close() {
            closeQuietly(readFd);
            closeQuietly(writeFd);
        }
    }

    /** A pty: the master (terminal emulator) side and the slave (the program's terminal). */
    record Pty(int master, int slave) implements AutoCloseable {
        @Override
        public void close() {
            closeQuietly(slave);
            closeQuietly(master);
        }
    }

    static Pipe pipe() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            check(Libc.pipe2(fds, O_CLOEXEC), "pipe2");
            return new Pipe(fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1));
        }
    }

    /**
     * The command that runs {@code main} in a child JVM on this JVM's class path, on the backend
     * this run forces (the epoll execution passes {@code rusticated.backend} on), quick to start.
     */
    public static List<String> javaCommand(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1"));
        String backend = System.getProperty("rusticated.backend");
        if (backend != null) {
            cmd.add("-Drusticated.backend=" + backend);
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static Pty openPty() {
        try (Arena arena = Arena.ofConfined()) {
            int master = check(Libc.openat(AT_FDCWD, arena.allocateFrom("/dev/ptmx").address(), O_RDWR | O_NOCTTY | O_CLOEXEC, 0), "open /dev/ptmx");
            MemorySegment n = arena.allocate(ValueLayout.JAVA_INT);
            check(Libc.ioctl(master, TIOCSPTLCK, n.address()), "unlockpt"); // n is 0: unlock
            check(Libc.ioctl(master, TIOCGPTN, n.address()), "ptsname");
            String slavePath = "/dev/pts/" + n.get(ValueLayout.JAVA_INT, 0);
            int slave = check(Libc.openat(AT_FDCWD, arena.allocateFrom(slavePath).address(), O_RDWR | O_NOCTTY | O_CLOEXEC, 0), "open " + slavePath);
            return new Pty(master, slave);
        }
    }

    /** Blocking write of the whole text. */
    static void writeFully(int fd, String text) {
        writeFully(fd, text.getBytes(StandardCharsets.UTF_8));
    }

    static void writeFully(int fd, byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            long done = 0;
            while (done < bytes.length) {
                long n = Libc.write(fd, m.address() + done, bytes.length - done);
                if (n == -EINTR) {
                    continue;
                }
                check(n, "write");
                done += n;
            }
        }
    }

    /** One blocking read of up to {@code max} bytes; empty at end of file. */
    static byte[] readSome(int fd, int max) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(max);
            long n;
            do {
                n = Libc.read(fd, m.address(), max);
            } while (n == -EINTR);
            check(n, "read");
            return m.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    /** The file status flags of the open file description (O_NONBLOCK, O_APPEND, ...). */
    static int statusFlags(int fd) {
        return check(Libc.fcntl(fd, F_GETFL, 0), "fcntl(F_GETFL)");
    }

    /** mkfifo(3) through mknodat(2). */
    static void mkfifo(java.nio.file.Path path) {
        try (Arena arena = Arena.ofConfined()) {
            check(Libc.syscall(SYS_MKNODAT, AT_FDCWD, arena.allocateFrom(path.toString()).address(), FileModes.S_IFIFO | 0600, 0, 0, 0), "mknodat " + path);
        }
    }

    static int open(java.nio.file.Path path, int flags) {
        try (Arena arena = Arena.ofConfined()) {
            return check(Libc.openat(AT_FDCWD, arena.allocateFrom(path.toString()).address(), flags | O_CLOEXEC, 0), "open " + path);
        }
    }

    static void closeQuietly(int fd) {
        if (fd >= 0) {
            Libc.close(fd);
        }
    }

    static int check(int r, String what) {
        return (int) check((long) r, what);
    }

    static long check(long r, String what) {
        if (r < 0) {
            throw new IllegalStateException(what + " failed: " + LinuxErrors.name((int) -r) + " (" + LinuxErrors.message((int) -r) + ")");
        }
        return r;
    }
}
