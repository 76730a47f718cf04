package io.rusticated.linux;

import io.rusticated.io.NativeMemory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Every libc function rusticated calls on Linux, in one place (as the JDK's
 * {@code UnixNativeDispatcher}). Each returns the raw result, or a negated errno on failure, so
 * callers handle kernel results and io_uring completions the same way. errno is captured by the
 * linker into a per-thread segment, never read from a global.
 */
public final class Libc {
    private Libc() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> ERRNO_SLOT = ThreadLocal.withInitial(() -> NativeMemory.allocate(CAPTURE.byteSize(), CAPTURE.byteAlignment()));

    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /**
     * long syscall(long number, ...): all six arguments passed as longs, as glibc reads them with
     * va_arg(long); the numbers are this CPU's (LinuxAbi's, from LinuxArch), and only calls that
     * exist on every supported CPU go this way (aarch64 has no open, pipe or epoll_wait: those
     * are called by name). The only downcall linked when Libc initialises: the calls an io_uring
     * loop needs to open and run (mmap, munmap, close, read, write, eventfd2) and every file call
     * (pread64, openat, statx, lseek, copy_file_range, ...) go through it too, so a loop or a
     * program's first file call costs one downcall stub, not one per function shape.
     */
    private static final MethodHandle SYSCALL = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), CAPTURE_ERRNO);

    private static MethodHandle optionalDowncall(String name, FunctionDescriptor fd, Linker.Option... options) {
        return LINKER.defaultLookup().find(name).map(symbol -> LINKER.downcallHandle(symbol, fd, options)).orElse(null);
    }

    /** Descriptor calls of processes and pipes. Linked on first use: each distinct downcall shape costs milliseconds at start-up. */
    private static final class FileCalls {
        private static final MethodHandle PIPE2 = downcall("pipe2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle DUP = downcall("dup", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle DUP3 = downcall("dup3", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        /** int fcntl(int fd, int cmd, ...): the int argument is the variadic one. */
        private static final MethodHandle FCNTL_INT = downcall("fcntl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    }

    /** The epoll backend's own calls. Linked on first use: each distinct downcall shape costs milliseconds at start-up. */
    private static final class EpollCalls {
        private static final MethodHandle EPOLL_CREATE1 = downcall("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle EPOLL_CTL = downcall("epoll_ctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
        private static final MethodHandle EPOLL_WAIT = downcall("epoll_wait",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    }

    /** posix_spawn and its attributes, waiting, signals, process groups. Linked on first use: each distinct downcall shape costs milliseconds at start-up. */
    private static final class ProcessCalls {
        /** int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *, const posix_spawnattr_t *, char *const argv[], char *const envp[]): returns an errno value, not -1. */
        private static final MethodHandle POSIX_SPAWN = downcall("posix_spawn",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        private static final MethodHandle SPAWN_FILE_ACTIONS_INIT = downcall("posix_spawn_file_actions_init", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        private static final MethodHandle SPAWN_FILE_ACTIONS_DESTROY = downcall("posix_spawn_file_actions_destroy", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        private static final MethodHandle SPAWN_FILE_ACTIONS_ADDDUP2 = downcall("posix_spawn_file_actions_adddup2",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));
        private static final MethodHandle SPAWN_FILE_ACTIONS_ADDCLOSE = downcall("posix_spawn_file_actions_addclose",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        private static final MethodHandle SPAWN_FILE_ACTIONS_ADDOPEN = downcall("posix_spawn_file_actions_addopen",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));
        /** glibc 2.29+. */
        private static final MethodHandle SPAWN_FILE_ACTIONS_ADDCHDIR = optionalDowncall("posix_spawn_file_actions_addchdir_np",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        /** glibc 2.34+. */
        private static final MethodHandle SPAWN_FILE_ACTIONS_ADDCLOSEFROM = optionalDowncall("posix_spawn_file_actions_addclosefrom_np",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        /** glibc 2.35+. */
        private static final MethodHandle SPAWN_FILE_ACTIONS_ADDTCSETPGRP = optionalDowncall("posix_spawn_file_actions_addtcsetpgrp_np",
                FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        private static final MethodHandle SPAWNATTR_INIT = downcall("posix_spawnattr_init", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        private static final MethodHandle SPAWNATTR_DESTROY = downcall("posix_spawnattr_destroy", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        private static final MethodHandle SPAWNATTR_SETFLAGS = downcall("posix_spawnattr_setflags", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_SHORT));
        private static final MethodHandle SPAWNATTR_SETPGROUP = downcall("posix_spawnattr_setpgroup", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        private static final MethodHandle SPAWNATTR_SETSIGMASK = downcall("posix_spawnattr_setsigmask", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        private static final MethodHandle SPAWNATTR_SETSIGDEFAULT = downcall("posix_spawnattr_setsigdefault", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG));
        private static final MethodHandle SIGEMPTYSET = downcall("sigemptyset", FunctionDescriptor.of(JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
        private static final MethodHandle SIGADDSET = downcall("sigaddset", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
        /** int waitid(idtype_t idtype, id_t id, siginfo_t *infop, int options). */
        private static final MethodHandle WAITID = downcall("waitid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle KILL = downcall("kill", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle KILLPG = downcall("killpg", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle GETPGID = downcall("getpgid", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle SETPGID = downcall("setpgid", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    }

    /** Terminals and pseudo-terminals. Linked on first use: each distinct downcall shape costs milliseconds at start-up. */
    private static final class TerminalCalls {
        private static final MethodHandle ISATTY = downcall("isatty", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle TCGETATTR = downcall("tcgetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
        private static final MethodHandle TCSETATTR = downcall("tcsetattr", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
        private static final MethodHandle CFMAKERAW = downcall("cfmakeraw", FunctionDescriptor.ofVoid(JAVA_LONG));
        private static final MethodHandle TCGETPGRP = downcall("tcgetpgrp", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle TCSETPGRP = downcall("tcsetpgrp", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle POSIX_OPENPT = downcall("posix_openpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle GRANTPT = downcall("grantpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle UNLOCKPT = downcall("unlockpt", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        /** int ptsname_r(int fd, char *buf, size_t buflen): returns an errno value. */
        private static final MethodHandle PTSNAME_R = downcall("ptsname_r", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
        /** int ioctl(int fd, unsigned long request, ...): the pointer argument is the variadic one. */
        private static final MethodHandle IOCTL = downcall("ioctl",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);
    }

    /** Socket calls that never block (io_uring or the epoll backend serves accept, connect, send and receive). Linked on first use. */
    private static final class SocketCalls {
        private static final MethodHandle SOCKET = downcall("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        /** int bind(int fd, const struct sockaddr *addr, socklen_t len); connect, getsockname and getpeername share shapes. */
        private static final MethodHandle BIND = downcall("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle LISTEN = downcall("listen", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle GETSOCKNAME = downcall("getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
        private static final MethodHandle GETPEERNAME = downcall("getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
        private static final MethodHandle SETSOCKOPT = downcall("setsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
        private static final MethodHandle GETSOCKOPT = downcall("getsockopt",
                FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
        private static final MethodHandle SHUTDOWN = downcall("shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    }

    private static MemorySegment errnoSlot() {
        return ERRNO_SLOT.get();
    }

    private static long orErrno(long result, MemorySegment slot) {
        return result == -1 ? -(int) ERRNO.get(slot, 0L) : result;
    }

    public static long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        MemorySegment slot = errnoSlot();
        try {
            return orErrno((long) SYSCALL.invokeExact(slot, number, a1, a2, a3, a4, a5, a6), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** mmap returning the address, or a negated errno (MAP_FAILED is -1). */
    public static long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        return syscall(LinuxAbi.SYS_MMAP, addr, length, prot, flags, fd, offset);
    }

    public static int munmap(long addr, long length) {
        return (int) syscall(LinuxAbi.SYS_MUNMAP, addr, length, 0, 0, 0, 0);
    }

    public static int close(int fd) {
        return (int) syscall(LinuxAbi.SYS_CLOSE, fd, 0, 0, 0, 0, 0);
    }

    public static long read(int fd, long address, long count) {
        return syscall(LinuxAbi.SYS_READ, fd, address, count, 0, 0, 0);
    }

    public static long write(int fd, long address, long count) {
        return syscall(LinuxAbi.SYS_WRITE, fd, address, count, 0, 0, 0);
    }

    public static long pread(int fd, long address, long count, long offset) {
        return syscall(LinuxAbi.SYS_PREAD64, fd, address, count, offset, 0, 0);
    }

    public static long pwrite(int fd, long address, long count, long offset) {
        return syscall(LinuxAbi.SYS_PWRITE64, fd, address, count, offset, 0, 0);
    }

    public static int eventfd(int initval, int flags) {
        return (int) syscall(LinuxAbi.SYS_EVENTFD2, initval, flags, 0, 0, 0, 0);
    }

    /** pipe2 into {@code fds} (two ints). */
    public static int pipe2(MemorySegment fds, int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) FileCalls.PIPE2.invokeExact(slot, fds.address(), flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int ftruncate(int fd, long length) {
        return (int) syscall(LinuxAbi.SYS_FTRUNCATE, fd, length, 0, 0, 0, 0);
    }

    public static int fsync(int fd, boolean dataOnly) {
        return (int) syscall(dataOnly ? LinuxAbi.SYS_FDATASYNC : LinuxAbi.SYS_FSYNC, fd, 0, 0, 0, 0, 0);
    }

    public static int openat(int dirfd, long path, int flags, int mode) {
        return (int) syscall(LinuxAbi.SYS_OPENAT, dirfd, path, flags, mode, 0, 0);
    }

    public static int statx(int dirfd, long path, int flags, int mask, long statxbuf) {
        return (int) syscall(LinuxAbi.SYS_STATX, dirfd, path, flags, mask, statxbuf, 0);
    }

    public static int mkdirat(int dirfd, long path, int mode) {
        return (int) syscall(LinuxAbi.SYS_MKDIRAT, dirfd, path, mode, 0, 0, 0);
    }

    public static int unlinkat(int dirfd, long path, int flags) {
        return (int) syscall(LinuxAbi.SYS_UNLINKAT, dirfd, path, flags, 0, 0, 0);
    }

    /** faccessat(dirfd, path, mode, flags): 0, or a negated errno. */
    public static int faccessat(int dirfd, long path, int mode, int flags) {
        if (flags != 0) {
            throw new IllegalArgumentException("the faccessat system call takes no flags (faccessat2 does): " + flags);
        }
        return (int) syscall(LinuxAbi.SYS_FACCESSAT, dirfd, path, mode, 0, 0, 0);
    }

    public static int renameat2(int olddirfd, long oldpath, int newdirfd, long newpath, int flags) {
        return (int) syscall(LinuxAbi.SYS_RENAMEAT2, olddirfd, oldpath, newdirfd, newpath, flags, 0);
    }

    public static int symlinkat(long target, int newdirfd, long linkpath) {
        return (int) syscall(LinuxAbi.SYS_SYMLINKAT, target, newdirfd, linkpath, 0, 0, 0);
    }

    public static int linkat(int olddirfd, long oldpath, int newdirfd, long newpath, int flags) {
        return (int) syscall(LinuxAbi.SYS_LINKAT, olddirfd, oldpath, newdirfd, newpath, flags, 0);
    }

    public static int epollCreate1(int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) EpollCalls.EPOLL_CREATE1.invokeExact(slot, flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** epoll_ctl with {@code event} the address of one struct epoll_event (0 for EPOLL_CTL_DEL). */
    public static int epollCtl(int epfd, int op, int fd, long event) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) EpollCalls.EPOLL_CTL.invokeExact(slot, epfd, op, fd, event), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** epoll_wait: the number of events written at {@code events}, or a negated errno. */
    public static int epollWait(int epfd, long events, int maxEvents, int timeoutMillis) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) EpollCalls.EPOLL_WAIT.invokeExact(slot, epfd, events, maxEvents, timeoutMillis), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * epoll_pwait2(epfd, events, maxevents, timeout, NULL, 0) through syscall(2) (Linux 5.11):
     * {@code timeout} is the address of a struct __kernel_timespec, or 0 to wait without limit.
     */
    public static int epollPwait2(int epfd, long events, int maxEvents, long timeout) {
        return (int) syscall(LinuxAbi.SYS_EPOLL_PWAIT2, epfd, events, maxEvents, timeout, 0, 0);
    }

    /**
     * preadv2 through syscall(2): the kernel takes the offset as two longs, low and high, and on a
     * 64-bit CPU the low one is all of it (-1: the file position).
     */
    public static long preadv2(int fd, long iov, int iovcnt, long offset, int flags) {
        return syscall(LinuxAbi.SYS_PREADV2, fd, iov, iovcnt, offset, 0, flags);
    }

    public static long pwritev2(int fd, long iov, int iovcnt, long offset, int flags) {
        return syscall(LinuxAbi.SYS_PWRITEV2, fd, iov, iovcnt, offset, 0, flags);
    }

    /** lseek: the new position, or a negated errno (ESPIPE for a pipe, socket or terminal). */
    public static long lseek(int fd, long offset, int whence) {
        return syscall(LinuxAbi.SYS_LSEEK, fd, offset, whence, 0, 0, 0);
    }

    /**
     * copy_file_range(in, inOffset, out, outOffset, count, 0) (Linux 4.5; across file systems 5.19):
     * the offsets are addresses of loff_t values the kernel reads and advances, or 0 for the file
     * position. Bytes copied, 0 at the end of the source, or a negated errno.
     */
    public static long copyFileRange(int in, long inOffset, int out, long outOffset, long count) {
        return syscall(LinuxAbi.SYS_COPY_FILE_RANGE, in, inOffset, out, outOffset, count, 0);
    }

    /** sendfile(out, in, offset, count): {@code offset} as for {@link #copyFileRange}. */
    public static long sendfile(int out, int in, long offset, long count) {
        return syscall(LinuxAbi.SYS_SENDFILE, out, in, offset, count, 0, 0);
    }

    /** ioctl whose third argument is a pointer or an integer (TIOCGWINSZ, TIOCSWINSZ, TIOCSCTTY, TCGETS...). */
    public static int ioctl(int fd, long request, long arg) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) TerminalCalls.IOCTL.invokeExact(slot, fd, request, arg), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** getdents64(fd, buf, count) through syscall(2): glibc only gained a wrapper in 2.30. */
    public static long getdents64(int fd, long address, long count) {
        return syscall(LinuxAbi.SYS_GETDENTS64, fd, address, count, 0, 0, 0);
    }

    // ---- processes ----

    /** posix_spawn: 0, or the errno value (it does not set errno). */
    public static int posixSpawn(MemorySegment pid, MemorySegment path, MemorySegment fileActions, MemorySegment attr,
                                 MemorySegment argv, MemorySegment envp) {
        try {
            return (int) ProcessCalls.POSIX_SPAWN.invokeExact(pid.address(), path.address(), fileActions.address(), attr.address(), argv.address(), envp.address());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** The posix_spawn_file_actions_* and posix_spawnattr_* calls return 0 or an errno value. */
    public static int posixSpawnFileActionsInit(MemorySegment fa) {
        return invokeErrnoValue(ProcessCalls.SPAWN_FILE_ACTIONS_INIT, fa);
    }

    public static int posixSpawnFileActionsDestroy(MemorySegment fa) {
        return invokeErrnoValue(ProcessCalls.SPAWN_FILE_ACTIONS_DESTROY, fa);
    }

    public static int posixSpawnFileActionsAddDup2(MemorySegment fa, int fd, int newFd) {
        try {
            return (int) ProcessCalls.SPAWN_FILE_ACTIONS_ADDDUP2.invokeExact(fa.address(), fd, newFd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int posixSpawnFileActionsAddClose(MemorySegment fa, int fd) {
        try {
            return (int) ProcessCalls.SPAWN_FILE_ACTIONS_ADDCLOSE.invokeExact(fa.address(), fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int posixSpawnFileActionsAddOpen(MemorySegment fa, int fd, MemorySegment path, int flags, int mode) {
        try {
            return (int) ProcessCalls.SPAWN_FILE_ACTIONS_ADDOPEN.invokeExact(fa.address(), fd, path.address(), flags, mode);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static boolean hasPosixSpawnFileActionsAddChdir() {
        return ProcessCalls.SPAWN_FILE_ACTIONS_ADDCHDIR != null;
    }

    public static int posixSpawnFileActionsAddChdir(MemorySegment fa, MemorySegment path) {
        try {
            return (int) ProcessCalls.SPAWN_FILE_ACTIONS_ADDCHDIR.invokeExact(fa.address(), path.address());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static boolean hasPosixSpawnFileActionsAddClosefrom() {
        return ProcessCalls.SPAWN_FILE_ACTIONS_ADDCLOSEFROM != null;
    }

    public static int posixSpawnFileActionsAddClosefrom(MemorySegment fa, int from) {
        try {
            return (int) ProcessCalls.SPAWN_FILE_ACTIONS_ADDCLOSEFROM.invokeExact(fa.address(), from);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static boolean hasPosixSpawnFileActionsAddTcsetpgrp() {
        return ProcessCalls.SPAWN_FILE_ACTIONS_ADDTCSETPGRP != null;
    }

    public static int posixSpawnFileActionsAddTcsetpgrp(MemorySegment fa, int ttyFd) {
        try {
            return (int) ProcessCalls.SPAWN_FILE_ACTIONS_ADDTCSETPGRP.invokeExact(fa.address(), ttyFd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int posixSpawnattrInit(MemorySegment attr) {
        return invokeErrnoValue(ProcessCalls.SPAWNATTR_INIT, attr);
    }

    public static int posixSpawnattrDestroy(MemorySegment attr) {
        return invokeErrnoValue(ProcessCalls.SPAWNATTR_DESTROY, attr);
    }

    public static int posixSpawnattrSetflags(MemorySegment attr, short flags) {
        try {
            return (int) ProcessCalls.SPAWNATTR_SETFLAGS.invokeExact(attr.address(), flags);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int posixSpawnattrSetpgroup(MemorySegment attr, int pgroup) {
        try {
            return (int) ProcessCalls.SPAWNATTR_SETPGROUP.invokeExact(attr.address(), pgroup);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int posixSpawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) {
        try {
            return (int) ProcessCalls.SPAWNATTR_SETSIGMASK.invokeExact(attr.address(), sigset.address());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int posixSpawnattrSetsigdefault(MemorySegment attr, MemorySegment sigset) {
        try {
            return (int) ProcessCalls.SPAWNATTR_SETSIGDEFAULT.invokeExact(attr.address(), sigset.address());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    private static int invokeErrnoValue(MethodHandle h, MemorySegment s) {
        try {
            return (int) h.invokeExact(s.address());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int sigemptyset(MemorySegment set) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) ProcessCalls.SIGEMPTYSET.invokeExact(slot, set.address()), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int sigaddset(MemorySegment set, int signal) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) ProcessCalls.SIGADDSET.invokeExact(slot, set.address(), signal), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** waitid(idtype, id, infop, options): 0, or a negated errno. With WNOHANG and no change, infop's si_pid stays 0. */
    public static int waitid(int idtype, int id, MemorySegment siginfo, int options) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) ProcessCalls.WAITID.invokeExact(slot, idtype, id, siginfo.address(), options), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** pidfd_open(pid, flags) through syscall(2); the descriptor is always close-on-exec. */
    public static int pidfdOpen(int pid, int flags) {
        return (int) syscall(LinuxAbi.SYS_PIDFD_OPEN, pid, flags, 0, 0, 0, 0);
    }

    /** pidfd_send_signal(pidfd, sig, NULL, 0) through syscall(2): no pid reuse race, unlike kill(2). */
    public static int pidfdSendSignal(int pidfd, int signal) {
        return (int) syscall(LinuxAbi.SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0, 0, 0);
    }

    public static int kill(int pid, int signal) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) ProcessCalls.KILL.invokeExact(slot, pid, signal), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int killpg(int pgrp, int signal) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) ProcessCalls.KILLPG.invokeExact(slot, pgrp, signal), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int getpgid(int pid) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) ProcessCalls.GETPGID.invokeExact(slot, pid), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int setpgid(int pid, int pgid) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) ProcessCalls.SETPGID.invokeExact(slot, pid, pgid), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int dup(int fd) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) FileCalls.DUP.invokeExact(slot, fd), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int dup3(int oldFd, int newFd, int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) FileCalls.DUP3.invokeExact(slot, oldFd, newFd, flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** fcntl with an int argument (F_DUPFD_CLOEXEC, F_SETFD, F_GETFD...). */
    public static int fcntl(int fd, int cmd, int arg) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) FileCalls.FCNTL_INT.invokeExact(slot, fd, cmd, arg), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    // ---- terminals ----

    /** isatty: 1 for a terminal; 0 otherwise (errno, usually ENOTTY, is not kept). */
    public static int isatty(int fd) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) TerminalCalls.ISATTY.invokeExact(slot, fd);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int tcgetattr(int fd, MemorySegment termios) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) TerminalCalls.TCGETATTR.invokeExact(slot, fd, termios.address()), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int tcsetattr(int fd, int optionalActions, MemorySegment termios) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) TerminalCalls.TCSETATTR.invokeExact(slot, fd, optionalActions, termios.address()), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** cfmakeraw: edits the struct termios in place (no system call). */
    public static void cfmakeraw(MemorySegment termios) {
        try {
            TerminalCalls.CFMAKERAW.invokeExact(termios.address());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int tcgetpgrp(int fd) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) TerminalCalls.TCGETPGRP.invokeExact(slot, fd), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int tcsetpgrp(int fd, int pgrp) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) TerminalCalls.TCSETPGRP.invokeExact(slot, fd, pgrp), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int posixOpenpt(int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) TerminalCalls.POSIX_OPENPT.invokeExact(slot, flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int grantpt(int fd) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) TerminalCalls.GRANTPT.invokeExact(slot, fd), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int unlockpt(int fd) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) TerminalCalls.UNLOCKPT.invokeExact(slot, fd), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** ptsname_r: 0, or the errno value. */
    public static int ptsnameR(int fd, MemorySegment buffer) {
        try {
            return (int) TerminalCalls.PTSNAME_R.invokeExact(fd, buffer.address(), buffer.byteSize());
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int socket(int domain, int type, int protocol) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) SocketCalls.SOCKET.invokeExact(slot, domain, type, protocol), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int bind(int fd, long address, int length) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) SocketCalls.BIND.invokeExact(slot, fd, address, length), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int listen(int fd, int backlog) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) SocketCalls.LISTEN.invokeExact(slot, fd, backlog), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** getsockname(2): {@code length} points to a socklen_t holding the room at {@code address}, and then the size. */
    public static int getsockname(int fd, long address, long length) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) SocketCalls.GETSOCKNAME.invokeExact(slot, fd, address, length), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int getpeername(int fd, long address, long length) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) SocketCalls.GETPEERNAME.invokeExact(slot, fd, address, length), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int setsockopt(int fd, int level, int name, long value, int length) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) SocketCalls.SETSOCKOPT.invokeExact(slot, fd, level, name, value, length), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int getsockopt(int fd, int level, int name, long value, long length) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) SocketCalls.GETSOCKOPT.invokeExact(slot, fd, level, name, value, length), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int shutdown(int fd, int how) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) SocketCalls.SHUTDOWN.invokeExact(slot, fd, how), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }
}
