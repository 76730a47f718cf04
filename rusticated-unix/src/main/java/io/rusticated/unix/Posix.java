package io.rusticated.unix;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The POSIX functions every Unix module calls, bound once, as the JDK's
 * {@code UnixNativeDispatcher} serves its Linux and macOS dispatchers: each OS module's own
 * binding class extends this one ({@code Libc} on Linux, {@code Darwin} on macOS) and adds that
 * OS's functions, so {@code Libc.openat} and {@code Darwin.openat} are this method.
 *
 * <p>Each returns the raw result, or a negated errno on failure (the functions of posix_spawn's
 * family return their errno value, as C does). Pointers are passed as addresses. The symbol names
 * and prototypes are POSIX's and the same in glibc (x86_64, aarch64) and libSystem (x86_64,
 * arm64) — the macOS probe checks each name against both macOS SDKs; what differs per OS or CPU
 * ({@code fstatat$INODE64}, Linux's raw system calls) is in the OS module. Variadic functions are
 * linked as variadic from their first {@code ...} parameter. Groups are linked when first used.
 */
public class Posix {
    protected Posix() {
    }

    /** Descriptors and paths. */
    private static final class FileCalls {
        static final Downcall READ = Downcall.errno("read", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final Downcall WRITE = Downcall.errno("write", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final Downcall CLOSE = Downcall.errno("close", JAVA_INT, JAVA_INT);
        /** LP64: off_t is 64-bit, so glibc's pread is pread64 and macOS has only this one. */
        static final Downcall PREAD = Downcall.errno("pread", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        static final Downcall PWRITE = Downcall.errno("pwrite", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        /** int openat(int dirfd, const char *path, int flags, ...): mode is the variadic argument. */
        static final Downcall OPENAT = Downcall.variadic("openat", 3, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT);
        /** int fcntl(int fd, int cmd, ...): the int argument is the variadic one. */
        static final Downcall FCNTL = Downcall.variadic("fcntl", 2, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        static final Downcall PIPE = Downcall.errno("pipe", JAVA_INT, JAVA_LONG);
        static final Downcall FTRUNCATE = Downcall.errno("ftruncate", JAVA_INT, JAVA_INT, JAVA_LONG);
        static final Downcall FSYNC = Downcall.errno("fsync", JAVA_INT, JAVA_INT);
        static final Downcall MKDIRAT = Downcall.errno("mkdirat", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final Downcall UNLINKAT = Downcall.errno("unlinkat", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final Downcall SYMLINKAT = Downcall.errno("symlinkat", JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG);
        static final Downcall LINKAT = Downcall.errno("linkat", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
        /** int faccessat(int dirfd, const char *path, int mode, int flags): flags 0 is access(2). */
        static final Downcall FACCESSAT = Downcall.errno("faccessat", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT);
    }

    /** posix_spawn and its attributes, signals, process groups, waiting. */
    private static final class ProcessCalls {
        /** int posix_spawn(pid_t *pid, const char *path, file actions, attributes, char *const argv[], char *const envp[]). */
        static final Downcall POSIX_SPAWN = Downcall.plain("posix_spawn", JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        static final Downcall FILE_ACTIONS_INIT = Downcall.plain("posix_spawn_file_actions_init", JAVA_INT, JAVA_LONG);
        static final Downcall FILE_ACTIONS_DESTROY = Downcall.plain("posix_spawn_file_actions_destroy", JAVA_INT, JAVA_LONG);
        static final Downcall FILE_ACTIONS_ADDDUP2 = Downcall.plain("posix_spawn_file_actions_adddup2", JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT);
        static final Downcall FILE_ACTIONS_ADDCLOSE = Downcall.plain("posix_spawn_file_actions_addclose", JAVA_INT, JAVA_LONG, JAVA_INT);
        static final Downcall ATTR_INIT = Downcall.plain("posix_spawnattr_init", JAVA_INT, JAVA_LONG);
        static final Downcall ATTR_DESTROY = Downcall.plain("posix_spawnattr_destroy", JAVA_INT, JAVA_LONG);
        static final Downcall ATTR_SETFLAGS = Downcall.plain("posix_spawnattr_setflags", JAVA_INT, JAVA_LONG, JAVA_SHORT);
        static final Downcall ATTR_SETPGROUP = Downcall.plain("posix_spawnattr_setpgroup", JAVA_INT, JAVA_LONG, JAVA_INT);
        static final Downcall ATTR_SETSIGMASK = Downcall.plain("posix_spawnattr_setsigmask", JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final Downcall ATTR_SETSIGDEFAULT = Downcall.plain("posix_spawnattr_setsigdefault", JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final Downcall SIGEMPTYSET = Downcall.errno("sigemptyset", JAVA_INT, JAVA_LONG);
        static final Downcall SIGADDSET = Downcall.errno("sigaddset", JAVA_INT, JAVA_LONG, JAVA_INT);
        static final Downcall KILL = Downcall.errno("kill", JAVA_INT, JAVA_INT, JAVA_INT);
        static final Downcall KILLPG = Downcall.errno("killpg", JAVA_INT, JAVA_INT, JAVA_INT);
        static final Downcall GETPGID = Downcall.errno("getpgid", JAVA_INT, JAVA_INT);
        static final Downcall SETPGID = Downcall.errno("setpgid", JAVA_INT, JAVA_INT, JAVA_INT);
        /** pid_t waitpid(pid_t pid, int *status, int options). */
        static final Downcall WAITPID = Downcall.errno("waitpid", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
    }

    /** posix_spawn_file_actions_addchdir_np: glibc 2.29, macOS 10.15; linked apart because it may be missing. */
    private static final class ChdirAction {
        static final String SYMBOL = "posix_spawn_file_actions_addchdir_np";
        static final Downcall ADDCHDIR = Downcall.exists(SYMBOL) ? Downcall.plain(SYMBOL, JAVA_INT, JAVA_LONG, JAVA_LONG) : null;
    }

    /** Terminals. */
    private static final class TerminalCalls {
        /** isatty: 1 for a terminal, else 0 (errno, usually ENOTTY, is not kept). */
        static final Downcall ISATTY = Downcall.plain("isatty", JAVA_INT, JAVA_INT);
        static final Downcall TCGETATTR = Downcall.errno("tcgetattr", JAVA_INT, JAVA_INT, JAVA_LONG);
        static final Downcall TCSETATTR = Downcall.errno("tcsetattr", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG);
        static final Downcall CFMAKERAW = Downcall.plainVoid("cfmakeraw", JAVA_LONG);
        static final Downcall TCGETPGRP = Downcall.errno("tcgetpgrp", JAVA_INT, JAVA_INT);
        static final Downcall TCSETPGRP = Downcall.errno("tcsetpgrp", JAVA_INT, JAVA_INT, JAVA_INT);
        /** int ttyname_r(int fd, char *buf, size_t len): 0 or an errno value. */
        static final Downcall TTYNAME_R = Downcall.plain("ttyname_r", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
        /** int ioctl(int fd, unsigned long request, ...): the pointer or integer argument is the variadic one. */
        static final Downcall IOCTL = Downcall.variadic("ioctl", 2, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
    }

    /** Socket calls that never block (the loop's driver serves accept, connect, send and receive). */
    private static final class SocketCalls {
        static final Downcall SOCKET = Downcall.errno("socket", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
        /** int bind(int fd, const struct sockaddr *addr, socklen_t len). */
        static final Downcall BIND = Downcall.errno("bind", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final Downcall LISTEN = Downcall.errno("listen", JAVA_INT, JAVA_INT, JAVA_INT);
        static final Downcall GETSOCKNAME = Downcall.errno("getsockname", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final Downcall GETPEERNAME = Downcall.errno("getpeername", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final Downcall SETSOCKOPT = Downcall.errno("setsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final Downcall GETSOCKOPT = Downcall.errno("getsockopt", JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final Downcall SHUTDOWN = Downcall.errno("shutdown", JAVA_INT, JAVA_INT, JAVA_INT);
    }

    /**
     * The socket calls a readiness backend makes without blocking (io_uring makes them in the
     * kernel instead): on a non-blocking socket, or with MSG_DONTWAIT, each answers EAGAIN (connect:
     * EINPROGRESS) where it would wait.
     */
    private static final class SocketIoCalls {
        /** int accept(int fd, struct sockaddr *addr, socklen_t *len): addr and len may be NULL. */
        static final Downcall ACCEPT = Downcall.errno("accept", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final Downcall CONNECT = Downcall.errno("connect", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT);
        /** ssize_t send(int fd, const void *buf, size_t len, int flags). */
        static final Downcall SEND = Downcall.errno("send", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
        static final Downcall RECV = Downcall.errno("recv", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
        /** ssize_t sendmsg(int fd, const struct msghdr *msg, int flags). */
        static final Downcall SENDMSG = Downcall.errno("sendmsg", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
        static final Downcall RECVMSG = Downcall.errno("recvmsg", JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    }

    // ---- sockets ----

    public static int socket(int domain, int type, int protocol) {
        return (int) SocketCalls.SOCKET.call(domain, type, protocol);
    }

    public static int bind(int fd, long address, int length) {
        return (int) SocketCalls.BIND.call(fd, address, length);
    }

    public static int listen(int fd, int backlog) {
        return (int) SocketCalls.LISTEN.call(fd, backlog);
    }

    /** getsockname(2): {@code length} points to a socklen_t holding the room at {@code address}, and then the size. */
    public static int getsockname(int fd, long address, long length) {
        return (int) SocketCalls.GETSOCKNAME.call(fd, address, length);
    }

    public static int getpeername(int fd, long address, long length) {
        return (int) SocketCalls.GETPEERNAME.call(fd, address, length);
    }

    public static int setsockopt(int fd, int level, int name, long value, int length) {
        return (int) SocketCalls.SETSOCKOPT.call(fd, level, name, value, length);
    }

    public static int getsockopt(int fd, int level, int name, long value, long length) {
        return (int) SocketCalls.GETSOCKOPT.call(fd, level, name, value, length);
    }

    public static int shutdown(int fd, int how) {
        return (int) SocketCalls.SHUTDOWN.call(fd, how);
    }

    /**
     * Links the non-blocking socket calls now, while descriptors remain: a backend that first
     * needs them when the process has run out (EMFILE) could not load their class from a
     * class-path directory then.
     */
    public static void linkSocketIo() {
        SocketIoCalls.ACCEPT.symbol();
    }

    /** accept(2) without the peer's address: the new socket's descriptor, or a negated errno. */
    public static int accept(int fd) {
        return (int) SocketIoCalls.ACCEPT.call(fd, 0, 0);
    }

    public static int connect(int fd, long address, int length) {
        return (int) SocketIoCalls.CONNECT.call(fd, address, length);
    }

    public static long send(int fd, long address, long length, int flags) {
        return SocketIoCalls.SEND.call(fd, address, length, flags);
    }

    public static long recv(int fd, long address, long length, int flags) {
        return SocketIoCalls.RECV.call(fd, address, length, flags);
    }

    public static long sendmsg(int fd, long msghdr, int flags) {
        return SocketIoCalls.SENDMSG.call(fd, msghdr, flags);
    }

    public static long recvmsg(int fd, long msghdr, int flags) {
        return SocketIoCalls.RECVMSG.call(fd, msghdr, flags);
    }

    // ---- descriptors and paths ----

    public static long read(int fd, long address, long count) {
        return FileCalls.READ.call(fd, address, count);
    }

    public static long write(int fd, long address, long count) {
        return FileCalls.WRITE.call(fd, address, count);
    }

    /** close: EINTR is not retried by anyone: the descriptor is gone either way. */
    public static int close(int fd) {
        return (int) FileCalls.CLOSE.call(fd);
    }

    public static long pread(int fd, long address, long count, long offset) {
        return FileCalls.PREAD.call(fd, address, count, offset);
    }

    public static long pwrite(int fd, long address, long count, long offset) {
        return FileCalls.PWRITE.call(fd, address, count, offset);
    }

    public static int openat(int dirfd, long path, int flags, int mode) {
        return (int) FileCalls.OPENAT.call(dirfd, path, flags, mode);
    }

    /** fcntl with an int argument (F_DUPFD_CLOEXEC, F_GETFL, F_SETFL, F_FULLFSYNC...). */
    public static int fcntl(int fd, int cmd, int arg) {
        return (int) FileCalls.FCNTL.call(fd, cmd, arg);
    }

    /** pipe into {@code fds} (two ints); neither end is close-on-exec until fcntl says so. */
    public static int pipe(MemorySegment fds) {
        return (int) FileCalls.PIPE.call(fds.address());
    }

    public static int ftruncate(int fd, long length) {
        return (int) FileCalls.FTRUNCATE.call(fd, length);
    }

    public static int fsync(int fd) {
        return (int) FileCalls.FSYNC.call(fd);
    }

    public static int mkdirat(int dirfd, long path, int mode) {
        return (int) FileCalls.MKDIRAT.call(dirfd, path, mode);
    }

    public static int unlinkat(int dirfd, long path, int flags) {
        return (int) FileCalls.UNLINKAT.call(dirfd, path, flags);
    }

    public static int symlinkat(long target, int newdirfd, long linkpath) {
        return (int) FileCalls.SYMLINKAT.call(target, newdirfd, linkpath);
    }

    public static int linkat(int olddirfd, long oldpath, int newdirfd, long newpath, int flags) {
        return (int) FileCalls.LINKAT.call(olddirfd, oldpath, newdirfd, newpath, flags);
    }

    public static int faccessat(int dirfd, long path, int mode, int flags) {
        return (int) FileCalls.FACCESSAT.call(dirfd, path, mode, flags);
    }

    // ---- processes ----

    /** posix_spawn: 0, or the errno value (it does not set errno). */
    public static int posixSpawn(MemorySegment pid, MemorySegment path, MemorySegment fileActions, MemorySegment attr,
                                 MemorySegment argv, MemorySegment envp) {
        return (int) ProcessCalls.POSIX_SPAWN.call(pid.address(), path.address(), fileActions.address(), attr.address(),
                argv.address(), envp.address());
    }

    public static int posixSpawnFileActionsInit(MemorySegment fa) {
        return (int) ProcessCalls.FILE_ACTIONS_INIT.call(fa.address());
    }

    public static int posixSpawnFileActionsDestroy(MemorySegment fa) {
        return (int) ProcessCalls.FILE_ACTIONS_DESTROY.call(fa.address());
    }

    public static int posixSpawnFileActionsAddDup2(MemorySegment fa, int fd, int newFd) {
        return (int) ProcessCalls.FILE_ACTIONS_ADDDUP2.call(fa.address(), fd, newFd);
    }

    public static int posixSpawnFileActionsAddClose(MemorySegment fa, int fd) {
        return (int) ProcessCalls.FILE_ACTIONS_ADDCLOSE.call(fa.address(), fd);
    }

    public static boolean hasPosixSpawnFileActionsAddChdir() {
        return ChdirAction.ADDCHDIR != null;
    }

    public static int posixSpawnFileActionsAddChdir(MemorySegment fa, MemorySegment path) {
        return (int) ChdirAction.ADDCHDIR.call(fa.address(), path.address());
    }

    public static int posixSpawnattrInit(MemorySegment attr) {
        return (int) ProcessCalls.ATTR_INIT.call(attr.address());
    }

    public static int posixSpawnattrDestroy(MemorySegment attr) {
        return (int) ProcessCalls.ATTR_DESTROY.call(attr.address());
    }

    public static int posixSpawnattrSetflags(MemorySegment attr, short flags) {
        return (int) ProcessCalls.ATTR_SETFLAGS.call(attr.address(), flags);
    }

    public static int posixSpawnattrSetpgroup(MemorySegment attr, int pgroup) {
        return (int) ProcessCalls.ATTR_SETPGROUP.call(attr.address(), pgroup);
    }

    public static int posixSpawnattrSetsigmask(MemorySegment attr, MemorySegment sigset) {
        return (int) ProcessCalls.ATTR_SETSIGMASK.call(attr.address(), sigset.address());
    }

    public static int posixSpawnattrSetsigdefault(MemorySegment attr, MemorySegment sigset) {
        return (int) ProcessCalls.ATTR_SETSIGDEFAULT.call(attr.address(), sigset.address());
    }

    public static int sigemptyset(MemorySegment set) {
        return (int) ProcessCalls.SIGEMPTYSET.call(set.address());
    }

    public static int sigaddset(MemorySegment set, int signal) {
        return (int) ProcessCalls.SIGADDSET.call(set.address(), signal);
    }

    public static int kill(int pid, int signal) {
        return (int) ProcessCalls.KILL.call(pid, signal);
    }

    public static int killpg(int pgrp, int signal) {
        return (int) ProcessCalls.KILLPG.call(pgrp, signal);
    }

    public static int getpgid(int pid) {
        return (int) ProcessCalls.GETPGID.call(pid);
    }

    public static int setpgid(int pid, int pgid) {
        return (int) ProcessCalls.SETPGID.call(pid, pgid);
    }

    /** waitpid: the pid collected, 0 with WNOHANG and no change, or a negated errno; the status at {@code status}. */
    public static int waitpid(int pid, MemorySegment status, int options) {
        return (int) ProcessCalls.WAITPID.call(pid, status.address(), options);
    }

    // ---- terminals ----

    /** 1 for a terminal, else 0. */
    public static int isatty(int fd) {
        return (int) TerminalCalls.ISATTY.call(fd);
    }

    public static int tcgetattr(int fd, MemorySegment termios) {
        return (int) TerminalCalls.TCGETATTR.call(fd, termios.address());
    }

    public static int tcsetattr(int fd, int optionalActions, MemorySegment termios) {
        return (int) TerminalCalls.TCSETATTR.call(fd, optionalActions, termios.address());
    }

    /** cfmakeraw: edits the struct termios in place (no system call). */
    public static void cfmakeraw(MemorySegment termios) {
        TerminalCalls.CFMAKERAW.call(termios.address());
    }

    public static int tcgetpgrp(int fd) {
        return (int) TerminalCalls.TCGETPGRP.call(fd);
    }

    public static int tcsetpgrp(int fd, int pgrp) {
        return (int) TerminalCalls.TCSETPGRP.call(fd, pgrp);
    }

    /** ttyname_r: 0 with the terminal's path, NUL-terminated, in {@code buffer}; or the errno value. */
    public static int ttynameR(int fd, MemorySegment buffer) {
        return (int) TerminalCalls.TTYNAME_R.call(fd, buffer.address(), buffer.byteSize());
    }

    /** ioctl whose third argument is a pointer or an integer (TIOCGWINSZ, TIOCSCTTY, ...). */
    public static int ioctl(int fd, long request, long arg) {
        return (int) TerminalCalls.IOCTL.call(fd, request, arg);
    }
}
