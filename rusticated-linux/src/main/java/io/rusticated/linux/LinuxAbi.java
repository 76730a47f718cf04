package io.rusticated.linux;

import io.rusticated.unix.net.SocketAbi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Linux constants and structs outside io_uring, for x86_64 and aarch64: open and *at flags, errno
 * values, statx, dirent64, epoll, iovec, terminal ioctls, syscall numbers. The few that differ
 * between the two come from {@link LinuxArch}'s table for this CPU, all in the first section
 * below; the rest are the same on both. Every value here is checked against the C headers of
 * each architecture by {@code LayoutProbeTest}, which generates a C probe from its table and
 * compiles it with gcc and aarch64-linux-gnu-gcc.
 */
public final class LinuxAbi {
    private LinuxAbi() {
    }

    /** The table of the CPU this JVM runs on. */
    public static final LinuxArch ARCH = LinuxArch.current();

    // ---- These differ per architecture: each is this CPU's value from LinuxArch ----
    // <asm/unistd.h>
    public static final int SYS_READ = ARCH.SYS_READ;
    public static final int SYS_WRITE = ARCH.SYS_WRITE;
    public static final int SYS_CLOSE = ARCH.SYS_CLOSE;
    public static final int SYS_MMAP = ARCH.SYS_MMAP;
    public static final int SYS_MUNMAP = ARCH.SYS_MUNMAP;
    public static final int SYS_EVENTFD2 = ARCH.SYS_EVENTFD2;
    public static final int SYS_GETDENTS64 = ARCH.SYS_GETDENTS64;
    public static final int SYS_PREAD64 = ARCH.SYS_PREAD64;
    public static final int SYS_PWRITE64 = ARCH.SYS_PWRITE64;
    public static final int SYS_PREADV2 = ARCH.SYS_PREADV2;
    public static final int SYS_PWRITEV2 = ARCH.SYS_PWRITEV2;
    public static final int SYS_LSEEK = ARCH.SYS_LSEEK;
    public static final int SYS_OPENAT = ARCH.SYS_OPENAT;
    public static final int SYS_STATX = ARCH.SYS_STATX;
    public static final int SYS_FSYNC = ARCH.SYS_FSYNC;
    public static final int SYS_FDATASYNC = ARCH.SYS_FDATASYNC;
    public static final int SYS_FTRUNCATE = ARCH.SYS_FTRUNCATE;
    public static final int SYS_MKDIRAT = ARCH.SYS_MKDIRAT;
    public static final int SYS_UNLINKAT = ARCH.SYS_UNLINKAT;
    public static final int SYS_RENAMEAT2 = ARCH.SYS_RENAMEAT2;
    public static final int SYS_SYMLINKAT = ARCH.SYS_SYMLINKAT;
    public static final int SYS_LINKAT = ARCH.SYS_LINKAT;
    public static final int SYS_FACCESSAT = ARCH.SYS_FACCESSAT;
    public static final int SYS_SENDFILE = ARCH.SYS_SENDFILE;
    public static final int SYS_COPY_FILE_RANGE = ARCH.SYS_COPY_FILE_RANGE;
    // <fcntl.h>
    public static final int O_DIRECT = ARCH.O_DIRECT;
    public static final int O_DIRECTORY = ARCH.O_DIRECTORY;
    public static final int O_NOFOLLOW = ARCH.O_NOFOLLOW;
    // <sys/epoll.h>: packed on x86_64 only
    public static final StructLayout EPOLL_EVENT = ARCH.EPOLL_EVENT;
    public static final long EPOLL_EVENT_EVENTS = ARCH.EPOLL_EVENT_EVENTS;
    public static final long EPOLL_EVENT_DATA = ARCH.EPOLL_EVENT_DATA;

    // ---- From here on, the same on x86_64 and aarch64 ----
    // <asm/unistd.h>: numbered alike on every architecture since Linux 5.1
    public static final int SYS_IO_URING_SETUP = 425;
    public static final int SYS_IO_URING_ENTER = 426;
    public static final int SYS_IO_URING_REGISTER = 427;
    public static final int SYS_PIDFD_SEND_SIGNAL = 424;
    public static final int SYS_PIDFD_OPEN = 434;
    /** Linux 5.11; glibc wraps it only from 2.35, so it is called through syscall(2). */
    public static final int SYS_EPOLL_PWAIT2 = 441;

    // <fcntl.h>
    public static final int O_RDONLY = 0;
    public static final int O_WRONLY = 01;
    public static final int O_RDWR = 02;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOCTTY = 0400;
    public static final int O_TRUNC = 01000;
    public static final int O_APPEND = 02000;
    public static final int O_NONBLOCK = 04000;
    public static final int O_CLOEXEC = 02000000;
    public static final int F_DUPFD_CLOEXEC = 1030;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    public static final int FD_CLOEXEC = 1;

    public static final int AT_FDCWD = -100;
    public static final int AT_SYMLINK_NOFOLLOW = 0x100;
    public static final int AT_REMOVEDIR = 0x200;
    public static final int AT_EMPTY_PATH = 0x1000;

    // <linux/fs.h>
    public static final int RENAME_NOREPLACE = 1;

    // <sys/eventfd.h>
    public static final int EFD_CLOEXEC = O_CLOEXEC;
    public static final int EFD_NONBLOCK = O_NONBLOCK;

    // <sys/mman.h>
    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;
    public static final int MAP_POPULATE = 0x8000;

    // <errno.h>
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int ENXIO = 6;
    public static final int E2BIG = 7;
    public static final int ENOEXEC = 8;
    public static final int EBADF = 9;
    public static final int ECHILD = 10;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENFILE = 23;
    public static final int EMFILE = 24;
    public static final int ENOTTY = 25;
    public static final int ETXTBSY = 26;
    public static final int EFBIG = 27;
    public static final int ENOSPC = 28;
    public static final int ESPIPE = 29;
    public static final int EROFS = 30;
    public static final int EMLINK = 31;
    public static final int EPIPE = 32;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ETIME = 62;
    public static final int EOPNOTSUPP = 95;
    public static final int EADDRINUSE = 98;
    public static final int ECONNRESET = 104;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EALREADY = 114;
    public static final int EDQUOT = 122;
    public static final int ECANCELED = 125;

    // <linux/stat.h>: statx
    public static final int STATX_TYPE = 0x1;
    public static final int STATX_BASIC_STATS = 0x7ff;
    public static final int STATX_BTIME = 0x800;
    public static final int AT_STATX_SYNC_AS_STAT = 0;
    /** Cached attributes are enough (a file's type never changes): no round trip to a network server. */
    public static final int AT_STATX_DONT_SYNC = 0x4000;

    // <sys/epoll.h>
    public static final int EPOLL_CLOEXEC = O_CLOEXEC;
    public static final int EPOLL_CTL_ADD = 1;
    public static final int EPOLL_CTL_DEL = 2;
    public static final int EPOLL_CTL_MOD = 3;
    public static final int EPOLLIN = 0x001;
    public static final int EPOLLOUT = 0x004;
    public static final int EPOLLERR = 0x008;
    public static final int EPOLLHUP = 0x010;
    public static final int EPOLLONESHOT = 1 << 30;

    // <sys/uio.h>
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");
    public static final long IOVEC_BASE = offset(IOVEC, "iov_base");
    public static final long IOVEC_LEN = offset(IOVEC, "iov_len");
    /** preadv2/pwritev2: EAGAIN instead of waiting (Linux 4.14). Pipes, sockets, eventfds honour it; terminals answer EOPNOTSUPP (6.18). */
    public static final int RWF_NOWAIT = 0x8;

    // <asm-generic/ioctls.h>, <asm/termbits.h>: enough to recognise a terminal and a pty master
    public static final long TCGETS = 0x5401;
    public static final long TIOCGPTN = 0x80045430L;
    public static final long TIOCSPTLCK = 0x40045431L;

    // <unistd.h>: lseek's whence
    public static final int SEEK_SET = 0;
    public static final int SEEK_CUR = 1;

    public static final StructLayout STATX_TIMESTAMP = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_INT.withName("tv_nsec"),
            JAVA_INT.withName("__reserved")).withName("statx_timestamp");

    public static final StructLayout STATX = MemoryLayout.structLayout(
            JAVA_INT.withName("stx_mask"),
            JAVA_INT.withName("stx_blksize"),
            JAVA_LONG.withName("stx_attributes"),
            JAVA_INT.withName("stx_nlink"),
            JAVA_INT.withName("stx_uid"),
            JAVA_INT.withName("stx_gid"),
            JAVA_SHORT.withName("stx_mode"),
            JAVA_SHORT.withName("__spare0"),
            JAVA_LONG.withName("stx_ino"),
            JAVA_LONG.withName("stx_size"),
            JAVA_LONG.withName("stx_blocks"),
            JAVA_LONG.withName("stx_attributes_mask"),
            STATX_TIMESTAMP.withName("stx_atime"),
            STATX_TIMESTAMP.withName("stx_btime"),
            STATX_TIMESTAMP.withName("stx_ctime"),
            STATX_TIMESTAMP.withName("stx_mtime"),
            JAVA_INT.withName("stx_rdev_major"),
            JAVA_INT.withName("stx_rdev_minor"),
            JAVA_INT.withName("stx_dev_major"),
            JAVA_INT.withName("stx_dev_minor"),
            MemoryLayout.sequenceLayout(14, JAVA_LONG).withName("__spare2")).withName("statx");

    public static final long STATX_MASK = offset(STATX, "stx_mask");
    public static final long STATX_BLKSIZE = offset(STATX, "stx_blksize");
    public static final long STATX_NLINK = offset(STATX, "stx_nlink");
    public static final long STATX_UID = offset(STATX, "stx_uid");
    public static final long STATX_GID = offset(STATX, "stx_gid");
    public static final long STATX_MODE = offset(STATX, "stx_mode");
    public static final long STATX_INO = offset(STATX, "stx_ino");
    public static final long STATX_SIZE = offset(STATX, "stx_size");
    public static final long STATX_BLOCKS = offset(STATX, "stx_blocks");
    public static final long STATX_ATIME = offset(STATX, "stx_atime");
    public static final long STATX_BTIME_OFFSET = offset(STATX, "stx_btime");
    public static final long STATX_CTIME = offset(STATX, "stx_ctime");
    public static final long STATX_MTIME = offset(STATX, "stx_mtime");
    public static final long STATX_DEV_MAJOR = offset(STATX, "stx_dev_major");
    public static final long STATX_DEV_MINOR = offset(STATX, "stx_dev_minor");
    public static final long STATX_TIMESTAMP_NSEC = offset(STATX_TIMESTAMP, "tv_nsec");

    // <dirent.h>: struct linux_dirent64 as getdents64 writes it
    public static final StructLayout DIRENT64 = MemoryLayout.structLayout(
            JAVA_LONG.withName("d_ino"),
            JAVA_LONG.withName("d_off"),
            JAVA_SHORT.withName("d_reclen"),
            JAVA_BYTE.withName("d_type"),
            MemoryLayout.sequenceLayout(0, JAVA_BYTE).withName("d_name"),
            MemoryLayout.paddingLayout(5)).withName("linux_dirent64"); // sizeof is 24, as in C
    public static final long DIRENT64_INO = offset(DIRENT64, "d_ino");
    public static final long DIRENT64_RECLEN = offset(DIRENT64, "d_reclen");
    public static final long DIRENT64_TYPE = offset(DIRENT64, "d_type");
    public static final long DIRENT64_NAME = offset(DIRENT64, "d_name");

    // <signal.h>: the signals the Linux code itself sends or resets (others come by name from the JVM)
    public static final int SIGINT = 2;
    public static final int SIGKILL = 9;
    public static final int SIGUSR1 = 10;
    public static final int SIGTERM = 15;
    public static final int SIGCHLD = 17;
    public static final int SIGCONT = 18;
    public static final int SIGSTOP = 19;
    public static final int SIGTSTP = 20;
    public static final int SIGTTOU = 22;
    public static final int SIGWINCH = 28;
    /** sizeof(sigset_t) in glibc: 1024 bits. */
    public static final long SIGSET_SIZE = 128;

    // <signal.h>: siginfo_t as waitid fills it for SIGCHLD-type events (x86_64 and aarch64)
    public static final long SIGINFO_SIZE = 128;
    /** offsetof(siginfo_t, si_signo) */
    public static final long SIGINFO_SIGNO = 0;
    /** offsetof(siginfo_t, si_code) */
    public static final long SIGINFO_CODE = 8;
    /** offsetof(siginfo_t, si_pid): 0 after a WNOHANG waitid that found no change */
    public static final long SIGINFO_PID = 16;
    /** offsetof(siginfo_t, si_status): the exit code, or the signal number */
    public static final long SIGINFO_STATUS = 24;

    // si_code values for SIGCHLD
    public static final int CLD_EXITED = 1;
    public static final int CLD_KILLED = 2;
    public static final int CLD_DUMPED = 3;
    public static final int CLD_TRAPPED = 4;
    public static final int CLD_STOPPED = 5;
    public static final int CLD_CONTINUED = 6;

    // <sys/wait.h>
    public static final int P_PID = 1;
    public static final int P_PIDFD = 3;
    public static final int WNOHANG = 1;
    public static final int WSTOPPED = 2;
    public static final int WEXITED = 4;
    public static final int WCONTINUED = 8;

    // <spawn.h>: glibc's opaque structs, allocated at their C size
    public static final long POSIX_SPAWN_FILE_ACTIONS_SIZE = 80;
    public static final long POSIX_SPAWNATTR_SIZE = 336;
    public static final int POSIX_SPAWN_SETPGROUP = 0x02;
    public static final int POSIX_SPAWN_SETSIGDEF = 0x04;
    public static final int POSIX_SPAWN_SETSIGMASK = 0x08;
    public static final int POSIX_SPAWN_SETSID = 0x80;

    // <termios.h>: glibc's struct termios (the kernel's termios2 differs; libc converts)
    public static final int NCCS = 32;
    public static final StructLayout TERMIOS = MemoryLayout.structLayout(
            JAVA_INT.withName("c_iflag"),
            JAVA_INT.withName("c_oflag"),
            JAVA_INT.withName("c_cflag"),
            JAVA_INT.withName("c_lflag"),
            JAVA_BYTE.withName("c_line"),
            MemoryLayout.sequenceLayout(NCCS, JAVA_BYTE).withName("c_cc"),
            MemoryLayout.paddingLayout(3),
            JAVA_INT.withName("c_ispeed"),
            JAVA_INT.withName("c_ospeed")).withName("termios");
    public static final long TERMIOS_SIZE = TERMIOS.byteSize();
    public static final long TERMIOS_IFLAG = offset(TERMIOS, "c_iflag");
    public static final long TERMIOS_OFLAG = offset(TERMIOS, "c_oflag");
    public static final long TERMIOS_CFLAG = offset(TERMIOS, "c_cflag");
    public static final long TERMIOS_LFLAG = offset(TERMIOS, "c_lflag");
    public static final long TERMIOS_CC = offset(TERMIOS, "c_cc");
    public static final int VTIME = 5;
    public static final int VMIN = 6;
    public static final int TCSANOW = 0;
    public static final int TCSADRAIN = 1;
    public static final int TCSAFLUSH = 2;
    // c_iflag
    public static final int BRKINT = 0000002;
    public static final int ICRNL = 0000400;
    public static final int IXON = 0002000;
    // c_oflag
    public static final int OPOST = 0000001;
    // c_cflag
    public static final int CSIZE = 0000060;
    public static final int CS8 = 0000060;
    public static final int PARENB = 0000400;
    // c_lflag
    public static final int ISIG = 0000001;
    public static final int ICANON = 0000002;
    public static final int ECHO = 0000010;
    public static final int IEXTEN = 0100000;

    // <sys/ioctl.h>: struct winsize and the terminal ioctls (asm-generic numbers: x86_64 and aarch64)
    public static final StructLayout WINSIZE = MemoryLayout.structLayout(
            JAVA_SHORT.withName("ws_row"),
            JAVA_SHORT.withName("ws_col"),
            JAVA_SHORT.withName("ws_xpixel"),
            JAVA_SHORT.withName("ws_ypixel")).withName("winsize");
    public static final long WINSIZE_ROW = offset(WINSIZE, "ws_row");
    public static final long WINSIZE_COL = offset(WINSIZE, "ws_col");
    public static final long WINSIZE_XPIXEL = offset(WINSIZE, "ws_xpixel");
    public static final long WINSIZE_YPIXEL = offset(WINSIZE, "ws_ypixel");
    public static final long TIOCSCTTY = 0x540E;
    public static final long TIOCGWINSZ = 0x5413;
    public static final long TIOCSWINSZ = 0x5414;

    // <sys/socket.h>, <netinet/in.h>, <netinet/tcp.h>, <sys/un.h>: the same on x86_64 and aarch64
    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 04000;
    public static final int SOCK_CLOEXEC = 02000000;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_TYPE = 3;
    public static final int SO_ERROR = 4;
    public static final int SO_BROADCAST = 6;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_LINGER = 13;
    public static final int SO_REUSEPORT = 15;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IP_TOS = 1;
    public static final int IPV6_V6ONLY = 26;
    public static final int IPV6_TCLASS = 67;
    public static final int TCP_NODELAY = 1;
    public static final int MSG_TRUNC = 0x20;
    public static final int MSG_DONTWAIT = 0x40;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;
    public static final int EPROTO = 71;
    public static final int EMSGSIZE = 90;
    public static final int EAFNOSUPPORT = 97;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ENETUNREACH = 101;
    public static final int ECONNABORTED = 103;
    public static final int ENOBUFS = 105;
    public static final int EISCONN = 106;
    public static final int ENOTCONN = 107;
    public static final int EHOSTUNREACH = 113;
    public static final int EINPROGRESS = 115;

    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"),
            JAVA_INT.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");

    public static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");

    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_SHORT.withName("sun_family"),
            MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path")).withName("sockaddr_un");

    /** struct sockaddr_storage: room for any address the kernel returns. */
    public static final long SOCKADDR_STORAGE_SIZE = 128;

    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("msg_iov"),
            JAVA_LONG.withName("msg_iovlen"),
            JAVA_LONG.withName("msg_control"),
            JAVA_LONG.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)).withName("msghdr");

    public static final StructLayout LINGER = MemoryLayout.structLayout(
            JAVA_INT.withName("l_onoff"),
            JAVA_INT.withName("l_linger")).withName("linger");

    /**
     * Linux's socket numbers and layouts for the shared Unix socket code, built from the constants
     * above; {@code LayoutProbeTest} checks each of its components against the headers too.
     * Linux has no SO_NOSIGPIPE (sends say MSG_NOSIGNAL); accept4 takes the flags.
     */
    public static final SocketAbi SOCKET_ABI = new SocketAbi("Linux",
            AF_INET, AF_INET6, AF_UNIX, AF_UNSPEC, SOCK_STREAM, SOCK_DGRAM,
            SOCKADDR_IN, SOCKADDR_IN6, SOCKADDR_UN, SOCKADDR_STORAGE_SIZE, true,
            MSGHDR, IOVEC, LINGER,
            MSG_DONTWAIT, MSG_NOSIGNAL, MSG_TRUNC,
            SOL_SOCKET, SO_ERROR, SO_TYPE, 0, SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_BROADCAST,
            SO_LINGER, SO_SNDBUF, SO_RCVBUF, true,
            IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, IP_TOS, IPV6_V6ONLY, IPV6_TCLASS, TCP_NODELAY,
            SHUT_RD, SHUT_WR, SHUT_RDWR,
            O_NONBLOCK, F_GETFL, F_SETFL, F_SETFD, FD_CLOEXEC, SOCK_NONBLOCK | SOCK_CLOEXEC);

    static long offset(MemoryLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }

}
