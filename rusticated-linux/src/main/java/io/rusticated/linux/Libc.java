package io.rusticated.linux;

import io.rusticated.unix.Downcall;
import io.rusticated.unix.Posix;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The glibc functions rusticated calls on Linux: the POSIX ones it inherits from {@link Posix}
 * (shared with macOS, as the JDK's {@code LinuxNativeDispatcher} extends {@code UnixNativeDispatcher}),
 * plus Linux's own: raw system calls, statx, renameat2, epoll, pidfds, waitid, and the glibc
 * extensions to posix_spawn. Each returns the raw result, or a negated errno on failure, so callers
 * handle kernel results and io_uring completions the same way.
 */
public final class Libc extends Posix {
    private Libc() {
    }

    /**
     * long syscall(long number, ...): all six arguments passed as longs, as glibc reads them with
     * va_arg(long); the numbers are this CPU's (LinuxAbi's, from LinuxArch), and only calls that
     * exist on every supported CPU go this way (aarch64 has no open, pipe or epoll_wait: those
     * are called by name). The only downcall linked when Libc initialises: the calls an io_uring
     * loop needs to open and run (mmap, munmap, close, read, write, eventfd2) and every file call
     * (pread64, openat, statx, lseek, copy_file_range, ...) go through it too, hiding {@link Posix}'s
     * bindings of the same names, so a loop or a program's first file call costs one downcall
     * stub, not one per function shape.
     */
    private static final Downcall SYSCALL = Downcall.variadic("syscall", 1,
            JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);

    /** Pipes of processes. Linked on first use: each distinct downcall shape costs milliseconds at start-up. */
    private static final class PipeCalls {
        static final Downcall PIPE2 = Downcall.errno("pipe2", JAVA_INT, JAVA_LONG, JAVA_INT);
    }

    /**
     * The epoll backend's own calls, linked when its first loop opens: accept4 among them, which a
     * listener may first need once the process has run out of descriptors, when loading a class
     * from a class-path directory would fail (EMFILE).
     */
    private static final class EpollCalls {
        static final Downcall EPOLL_CREATE1 = Downcall.errno("epoll_create1", JAVA_INT, JAVA_INT);
        /** int accept4(int fd, struct sockaddr *addr, socklen_t *len, int flags): glibc 2.10, not POSIX. */
        static final Downcall ACCEPT4 = Downcall.errno("accept4", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
        static final Downcall EPOLL_CTL = Downcall.errno("epoll_ctl", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
        static final Downcall EPOLL_WAIT = Downcall.errno("epoll_wait", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT);
    }

    /** waitid and glibc's posix_spawn extensions (each optional, by glibc version). */
    private static final class ProcessCalls {
        /** int waitid(idtype_t idtype, id_t id, siginfo_t *infop, int options). */
        static final Downcall WAITID = Downcall.errno("waitid", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final String ADDCLOSEFROM_SYMBOL = "posix_spawn_file_actions_addclosefrom_np";
        static final String ADDTCSETPGRP_SYMBOL = "posix_spawn_file_actions_addtcsetpgrp_np";
        /** glibc 2.34+. */
        static final Downcall ADDCLOSEFROM = Downcall.exists(ADDCLOSEFROM_SYMBOL) ? Downcall.plain(ADDCLOSEFROM_SYMBOL, JAVA_INT, JAVA_LONG, JAVA_INT) : null;
        /** glibc 2.35+. */
        static final Downcall ADDTCSETPGRP = Downcall.exists(ADDTCSETPGRP_SYMBOL) ? Downcall.plain(ADDTCSETPGRP_SYMBOL, JAVA_INT, JAVA_LONG, JAVA_INT) : null;
    }

    public static long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        return SYSCALL.call(number, a1, a2, a3, a4, a5, a6);
    }

    /** mmap returning the address, or a negated errno (MAP_FAILED is -1). */
    public static long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        return syscall(LinuxAbi.SYS_MMAP, addr, length, prot, flags, fd, offset);
    }

    public static int munmap(long addr, long length) {
        return (int) syscall(LinuxAbi.SYS_MUNMAP, addr, length, 0, 0, 0, 0);
    }

    /** close(2) through syscall(2), hiding {@link Posix#close}: the io_uring loop's start-up links no other stub. */
    public static int close(int fd) {
        return (int) syscall(LinuxAbi.SYS_CLOSE, fd, 0, 0, 0, 0, 0);
    }

    /** read(2) through syscall(2), hiding {@link Posix#read} (see {@link #close}). */
    public static long read(int fd, long address, long count) {
        return syscall(LinuxAbi.SYS_READ, fd, address, count, 0, 0, 0);
    }

    /** write(2) through syscall(2), hiding {@link Posix#write} (see {@link #close}). */
    public static long write(int fd, long address, long count) {
        return syscall(LinuxAbi.SYS_WRITE, fd, address, count, 0, 0, 0);
    }

    public static int eventfd(int initval, int flags) {
        return (int) syscall(LinuxAbi.SYS_EVENTFD2, initval, flags, 0, 0, 0, 0);
    }

    /** getdents64(fd, buf, count) through syscall(2): glibc only gained a wrapper in 2.30. */
    public static long getdents64(int fd, long address, long count) {
        return syscall(LinuxAbi.SYS_GETDENTS64, fd, address, count, 0, 0, 0);
    }

    /**
     * epoll_pwait2(epfd, events, maxevents, timeout, NULL, 0) through syscall(2) (Linux 5.11):
     * {@code timeout} is the address of a struct __kernel_timespec, or 0 to wait without limit.
     */
    public static int epollPwait2(int epfd, long events, int maxEvents, long timeout) {
        return (int) syscall(LinuxAbi.SYS_EPOLL_PWAIT2, epfd, events, maxEvents, timeout, 0, 0);
    }

    /** pidfd_open(pid, flags) through syscall(2); the descriptor is always close-on-exec. */
    public static int pidfdOpen(int pid, int flags) {
        return (int) syscall(LinuxAbi.SYS_PIDFD_OPEN, pid, flags, 0, 0, 0, 0);
    }

    /** pidfd_send_signal(pidfd, sig, NULL, 0) through syscall(2): no pid reuse race, unlike kill(2). */
    public static int pidfdSendSignal(int pidfd, int signal) {
        return (int) syscall(LinuxAbi.SYS_PIDFD_SEND_SIGNAL, pidfd, signal, 0, 0, 0, 0);
    }

    /** pipe2 into {@code fds} (two ints). */
    public static int pipe2(MemorySegment fds, int flags) {
        return (int) PipeCalls.PIPE2.call(fds.address(), flags);
    }

    // ---- file calls through syscall(2), hiding Posix's (see SYSCALL) ----

    public static long pread(int fd, long address, long count, long offset) {
        return syscall(LinuxAbi.SYS_PREAD64, fd, address, count, offset, 0, 0);
    }

    public static long pwrite(int fd, long address, long count, long offset) {
        return syscall(LinuxAbi.SYS_PWRITE64, fd, address, count, offset, 0, 0);
    }

    public static int ftruncate(int fd, long length) {
        return (int) syscall(LinuxAbi.SYS_FTRUNCATE, fd, length, 0, 0, 0, 0);
    }

    public static int fsync(int fd) {
        return (int) syscall(LinuxAbi.SYS_FSYNC, fd, 0, 0, 0, 0, 0);
    }

    public static int fdatasync(int fd) {
        return (int) syscall(LinuxAbi.SYS_FDATASYNC, fd, 0, 0, 0, 0, 0);
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

    /** faccessat(dirfd, path, mode, 0): the system call takes no flags (glibc emulates them, faccessat2 has them). */
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

    /** accept4 without the peer's address: the new socket's descriptor, or a negated errno. */
    public static int accept4(int fd, int flags) {
        return (int) EpollCalls.ACCEPT4.call(fd, 0, 0, flags);
    }

    public static int epollCreate1(int flags) {
        return (int) EpollCalls.EPOLL_CREATE1.call(flags);
    }

    /** epoll_ctl with {@code event} the address of one struct epoll_event (0 for EPOLL_CTL_DEL). */
    public static int epollCtl(int epfd, int op, int fd, long event) {
        return (int) EpollCalls.EPOLL_CTL.call(epfd, op, fd, event);
    }

    /** epoll_wait: the number of events written at {@code events}, or a negated errno. */
    public static int epollWait(int epfd, long events, int maxEvents, int timeoutMillis) {
        return (int) EpollCalls.EPOLL_WAIT.call(epfd, events, maxEvents, timeoutMillis);
    }

    /** waitid(idtype, id, infop, options): 0, or a negated errno. With WNOHANG and no change, infop's si_pid stays 0. */
    public static int waitid(int idtype, int id, MemorySegment siginfo, int options) {
        return (int) ProcessCalls.WAITID.call(idtype, id, siginfo.address(), options);
    }

    public static boolean hasPosixSpawnFileActionsAddClosefrom() {
        return ProcessCalls.ADDCLOSEFROM != null;
    }

    public static int posixSpawnFileActionsAddClosefrom(MemorySegment fa, int from) {
        return (int) ProcessCalls.ADDCLOSEFROM.call(fa.address(), from);
    }

    public static boolean hasPosixSpawnFileActionsAddTcsetpgrp() {
        return ProcessCalls.ADDTCSETPGRP != null;
    }

    public static int posixSpawnFileActionsAddTcsetpgrp(MemorySegment fa, int ttyFd) {
        return (int) ProcessCalls.ADDTCSETPGRP.call(fa.address(), ttyFd);
    }
}
