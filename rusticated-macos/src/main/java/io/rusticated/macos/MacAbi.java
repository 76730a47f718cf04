package io.rusticated.macos;

import io.rusticated.unix.net.SocketAbi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * macOS constants and structs, the same on arm64 and x86_64 (what differs between them is only the
 * names of some symbols: {@link MacArch}). Fields are named after the C symbols. Every value is
 * checked against the macOS SDK headers of both architectures by {@code MacLayoutProbeTest}
 * (zig 0.11's {@code zig cc -target aarch64-macos} and {@code x86_64-macos}), so a wrong one fails
 * the build for the architecture it is wrong on.
 */
public final class MacAbi {
    private MacAbi() {
    }

    // <sys/errno.h>: the values the macOS module names (MacErrors has the whole table)
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
    public static final int EDEADLK = 11;
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
    public static final int EAGAIN = 35;
    public static final int EALREADY = 37;
    public static final int ENOTSUP = 45;
    public static final int EADDRINUSE = 48;
    public static final int ECONNRESET = 54;
    public static final int ETIMEDOUT = 60;
    public static final int ECONNREFUSED = 61;
    public static final int EPROTO = 100;
    public static final int EMSGSIZE = 40;
    public static final int EAFNOSUPPORT = 47;
    public static final int EADDRNOTAVAIL = 49;
    public static final int ENETUNREACH = 51;
    public static final int ECONNABORTED = 53;
    public static final int ENOBUFS = 55;
    public static final int EISCONN = 56;
    public static final int ENOTCONN = 57;
    public static final int ENOTSOCK = 38;
    public static final int EHOSTUNREACH = 65;
    public static final int EINPROGRESS = 36;
    public static final int ELOOP = 62;
    public static final int ENAMETOOLONG = 63;
    public static final int ENOTEMPTY = 66;
    public static final int EDQUOT = 69;
    public static final int ENOSYS = 78;
    public static final int EFTYPE = 79;
    public static final int ECANCELED = 89;
    public static final int EILSEQ = 92;
    public static final int ETIME = 101;
    public static final int EOPNOTSUPP = 102;

    // <fcntl.h>
    public static final int O_RDONLY = 0x0000;
    public static final int O_WRONLY = 0x0001;
    public static final int O_RDWR = 0x0002;
    public static final int O_NONBLOCK = 0x0004;
    public static final int O_APPEND = 0x0008;
    public static final int O_NOFOLLOW = 0x0100;
    public static final int O_CREAT = 0x0200;
    public static final int O_TRUNC = 0x0400;
    public static final int O_EXCL = 0x0800;
    public static final int O_NOCTTY = 0x20000;
    public static final int O_DIRECTORY = 0x100000;
    public static final int O_CLOEXEC = 0x1000000;
    public static final int F_GETFD = 1;
    public static final int F_SETFD = 2;
    public static final int F_GETFL = 3;
    public static final int F_SETFL = 4;
    /** Turns the data cache off for the descriptor: OPEN_DIRECT (macOS has no O_DIRECT). */
    public static final int F_NOCACHE = 48;
    /** Flushes the drive's own cache too, which fsync(2) on macOS does not: what the JDK's force() uses. */
    public static final int F_FULLFSYNC = 51;
    public static final int F_DUPFD_CLOEXEC = 67;
    public static final int FD_CLOEXEC = 1;
    public static final int AT_FDCWD = -2;
    public static final int AT_EACCESS = 0x0010;
    public static final int AT_SYMLINK_NOFOLLOW = 0x0020;
    public static final int AT_REMOVEDIR = 0x0080;

    // <stdio.h>: renameatx_np(2)
    public static final int RENAME_EXCL = 0x4;

    // <sys/_types/_timespec.h>
    public static final StructLayout TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("timespec");
    public static final long TIMESPEC_SEC = offset(TIMESPEC, "tv_sec");
    public static final long TIMESPEC_NSEC = offset(TIMESPEC, "tv_nsec");

    // <sys/stat.h>: struct stat with 64-bit inodes (__DARWIN_64_BIT_INO_T; x86_64 reaches it through the $INODE64 symbols)
    public static final StructLayout STAT = MemoryLayout.structLayout(
            JAVA_INT.withName("st_dev"),
            JAVA_SHORT.withName("st_mode"),
            JAVA_SHORT.withName("st_nlink"),
            JAVA_LONG.withName("st_ino"),
            JAVA_INT.withName("st_uid"),
            JAVA_INT.withName("st_gid"),
            JAVA_INT.withName("st_rdev"),
            MemoryLayout.paddingLayout(4),
            TIMESPEC.withName("st_atimespec"),
            TIMESPEC.withName("st_mtimespec"),
            TIMESPEC.withName("st_ctimespec"),
            TIMESPEC.withName("st_birthtimespec"),
            JAVA_LONG.withName("st_size"),
            JAVA_LONG.withName("st_blocks"),
            JAVA_INT.withName("st_blksize"),
            JAVA_INT.withName("st_flags"),
            JAVA_INT.withName("st_gen"),
            JAVA_INT.withName("st_lspare"),
            MemoryLayout.sequenceLayout(2, JAVA_LONG).withName("st_qspare")).withName("stat");
    public static final long STAT_DEV = offset(STAT, "st_dev");
    public static final long STAT_MODE = offset(STAT, "st_mode");
    public static final long STAT_NLINK = offset(STAT, "st_nlink");
    public static final long STAT_INO = offset(STAT, "st_ino");
    public static final long STAT_UID = offset(STAT, "st_uid");
    public static final long STAT_GID = offset(STAT, "st_gid");
    public static final long STAT_ATIME = offset(STAT, "st_atimespec");
    public static final long STAT_MTIME = offset(STAT, "st_mtimespec");
    public static final long STAT_CTIME = offset(STAT, "st_ctimespec");
    public static final long STAT_BIRTHTIME = offset(STAT, "st_birthtimespec");
    public static final long STAT_SIZE = offset(STAT, "st_size");
    public static final long STAT_BLOCKS = offset(STAT, "st_blocks");
    public static final long STAT_BLKSIZE = offset(STAT, "st_blksize");

    // <sys/mount.h>: struct statfs with 64-bit inodes; only its size and f_flags are read
    public static final long STATFS_SIZE = 2168;
    public static final long STATFS_FLAGS = 64;
    public static final int MNT_LOCAL = 0x00001000;

    // <sys/dirent.h>: struct dirent with 64-bit inodes, as readdir returns it
    public static final int MAXPATHLEN = 1024;
    public static final StructLayout DIRENT = MemoryLayout.structLayout(
            JAVA_LONG.withName("d_ino"),
            JAVA_LONG.withName("d_seekoff"),
            JAVA_SHORT.withName("d_reclen"),
            JAVA_SHORT.withName("d_namlen"),
            JAVA_BYTE.withName("d_type"),
            MemoryLayout.sequenceLayout(MAXPATHLEN, JAVA_BYTE).withName("d_name"),
            MemoryLayout.paddingLayout(3)).withName("dirent");
    public static final long DIRENT_INO = offset(DIRENT, "d_ino");
    public static final long DIRENT_NAMLEN = offset(DIRENT, "d_namlen");
    public static final long DIRENT_TYPE = offset(DIRENT, "d_type");
    public static final long DIRENT_NAME = offset(DIRENT, "d_name");

    // <sys/event.h>: struct kevent is declared under #pragma pack(4): 32 bytes, aligned to 4 (the probe found it)
    public static final StructLayout KEVENT = MemoryLayout.structLayout(
            JAVA_LONG.withByteAlignment(4).withName("ident"),
            JAVA_SHORT.withName("filter"),
            JAVA_SHORT.withName("flags"),
            JAVA_INT.withName("fflags"),
            JAVA_LONG.withByteAlignment(4).withName("data"),
            JAVA_LONG.withByteAlignment(4).withName("udata")).withName("kevent");
    public static final long KEVENT_IDENT = offset(KEVENT, "ident");
    public static final long KEVENT_FILTER = offset(KEVENT, "filter");
    public static final long KEVENT_FLAGS = offset(KEVENT, "flags");
    public static final long KEVENT_FFLAGS = offset(KEVENT, "fflags");
    public static final long KEVENT_DATA = offset(KEVENT, "data");
    public static final long KEVENT_UDATA = offset(KEVENT, "udata");
    public static final short EVFILT_READ = -1;
    public static final short EVFILT_WRITE = -2;
    public static final short EVFILT_PROC = -5;
    public static final short EVFILT_USER = -10;
    public static final short EV_ADD = 0x0001;
    public static final short EV_DELETE = 0x0002;
    public static final short EV_ONESHOT = 0x0010;
    public static final short EV_CLEAR = 0x0020;
    public static final short EV_RECEIPT = 0x0040;
    public static final short EV_ERROR = 0x4000;
    public static final short EV_EOF = (short) 0x8000;
    public static final int NOTE_TRIGGER = 0x01000000;
    public static final int NOTE_EXIT = 0x80000000;
    public static final int NOTE_EXITSTATUS = 0x04000000;

    // <poll.h>: what a POLL completes with (rusticated-unix's Readiness bits must equal these)
    public static final int POLLIN = 0x0001;
    public static final int POLLOUT = 0x0004;
    public static final int POLLERR = 0x0008;
    public static final int POLLHUP = 0x0010;

    // <signal.h>
    public static final int SIGKILL = 9;
    public static final int SIGSTOP = 17;
    public static final int SIGCONT = 19;
    public static final int SIGCHLD = 20;
    public static final int SIGTTOU = 22;
    public static final int SIGWINCH = 28;
    /** sizeof(sigset_t): a 32-bit mask. */
    public static final long SIGSET_SIZE = 4;

    // <sys/wait.h>
    public static final int WNOHANG = 0x01;
    public static final int WUNTRACED = 0x02;
    public static final int WCONTINUED = 0x10;
    /** _WSTOPPED: the low 7 bits of a status of a stopped or continued child. */
    public static final int WSTOPPED_BITS = 0177;

    // <spawn.h>: both opaque types are pointers on macOS (glibc's are structs)
    public static final long POSIX_SPAWN_FILE_ACTIONS_SIZE = 8;
    public static final long POSIX_SPAWNATTR_SIZE = 8;
    public static final int POSIX_SPAWN_SETPGROUP = 0x0002;
    public static final int POSIX_SPAWN_SETSIGDEF = 0x0004;
    public static final int POSIX_SPAWN_SETSIGMASK = 0x0008;
    /** Apple: every descriptor is close-on-exec in the child unless a file action names it. */
    public static final int POSIX_SPAWN_CLOEXEC_DEFAULT = 0x4000;

    // <sys/termios.h>: tcflag_t is unsigned long (8 bytes), NCCS 20
    public static final int NCCS = 20;
    public static final StructLayout TERMIOS = MemoryLayout.structLayout(
            JAVA_LONG.withName("c_iflag"),
            JAVA_LONG.withName("c_oflag"),
            JAVA_LONG.withName("c_cflag"),
            JAVA_LONG.withName("c_lflag"),
            MemoryLayout.sequenceLayout(NCCS, JAVA_BYTE).withName("c_cc"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("c_ispeed"),
            JAVA_LONG.withName("c_ospeed")).withName("termios");
    public static final long TERMIOS_SIZE = TERMIOS.byteSize();
    public static final long TERMIOS_LFLAG = offset(TERMIOS, "c_lflag");
    public static final int TCSANOW = 0;
    public static final int TCSADRAIN = 1;

    // <sys/ttycom.h>: struct winsize and the terminal ioctls
    public static final StructLayout WINSIZE = MemoryLayout.structLayout(
            JAVA_SHORT.withName("ws_row"),
            JAVA_SHORT.withName("ws_col"),
            JAVA_SHORT.withName("ws_xpixel"),
            JAVA_SHORT.withName("ws_ypixel")).withName("winsize");
    public static final long WINSIZE_ROW = offset(WINSIZE, "ws_row");
    public static final long WINSIZE_COL = offset(WINSIZE, "ws_col");
    public static final long WINSIZE_XPIXEL = offset(WINSIZE, "ws_xpixel");
    public static final long WINSIZE_YPIXEL = offset(WINSIZE, "ws_ypixel");
    public static final long TIOCGWINSZ = 0x40087468L;
    /** The master of a pty answers it with the slave's name; a slave (or any other terminal) refuses it. */
    public static final long TIOCPTYGNAME = 0x40807453L;

    // <sys/socket.h>, <netinet/in.h>, <netinet6/in6.h>, <netinet/tcp.h>, <sys/un.h>, <sys/uio.h>:
    // a BSD sockaddr begins with its length byte and a one-byte family
    public static final int AF_UNSPEC = 0;
    public static final int AF_UNIX = 1;
    /** disconnectx(2)'s "any association" and "any connection" (a datagram socket has one of each). */
    public static final int SAE_ASSOCID_ANY = 0;
    public static final int SAE_CONNID_ANY = 0;
    public static final int AF_INET = 2;
    public static final int AF_INET6 = 30;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOL_SOCKET = 0xffff;
    public static final int SO_REUSEADDR = 0x0004;
    public static final int SO_KEEPALIVE = 0x0008;
    public static final int SO_BROADCAST = 0x0020;
    public static final int SO_REUSEPORT = 0x0200;
    public static final int SO_SNDBUF = 0x1001;
    public static final int SO_RCVBUF = 0x1002;
    public static final int SO_ERROR = 0x1007;
    public static final int SO_TYPE = 0x1008;
    /** Apple: a send on a broken connection fails with EPIPE instead of raising SIGPIPE. */
    public static final int SO_NOSIGPIPE = 0x1022;
    /** The linger time in seconds; macOS's own SO_LINGER (0x80) counts clock ticks. */
    public static final int SO_LINGER_SEC = 0x1080;
    public static final int IPPROTO_IP = 0;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IPV6 = 41;
    public static final int IP_TOS = 3;
    public static final int IPV6_V6ONLY = 27;
    public static final int IPV6_TCLASS = 36;
    public static final int TCP_NODELAY = 0x01;
    public static final int MSG_TRUNC = 0x10;
    public static final int MSG_DONTWAIT = 0x80;
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int SHUT_RDWR = 2;
    public static final long SOCKADDR_STORAGE_SIZE = 128;
    public static final StructLayout SOCKADDR_IN = MemoryLayout.structLayout(
            JAVA_BYTE.withName("sin_len"),
            JAVA_BYTE.withName("sin_family"),
            JAVA_SHORT.withName("sin_port"),
            JAVA_INT.withName("sin_addr"),
            MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")).withName("sockaddr_in");
    public static final StructLayout SOCKADDR_IN6 = MemoryLayout.structLayout(
            JAVA_BYTE.withName("sin6_len"),
            JAVA_BYTE.withName("sin6_family"),
            JAVA_SHORT.withName("sin6_port"),
            JAVA_INT.withName("sin6_flowinfo"),
            MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"),
            JAVA_INT.withName("sin6_scope_id")).withName("sockaddr_in6");
    /** sun_path is 104 bytes (Linux: 108). */
    public static final StructLayout SOCKADDR_UN = MemoryLayout.structLayout(
            JAVA_BYTE.withName("sun_len"),
            JAVA_BYTE.withName("sun_family"),
            MemoryLayout.sequenceLayout(104, JAVA_BYTE).withName("sun_path")).withName("sockaddr_un");
    /** msg_iovlen is an int, not Linux's size_t. */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            JAVA_LONG.withName("msg_name"),
            JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("msg_iov"),
            JAVA_INT.withName("msg_iovlen"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("msg_control"),
            JAVA_INT.withName("msg_controllen"),
            JAVA_INT.withName("msg_flags")).withName("msghdr");
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("iov_base"),
            JAVA_LONG.withName("iov_len")).withName("iovec");
    public static final StructLayout LINGER = MemoryLayout.structLayout(
            JAVA_INT.withName("l_onoff"),
            JAVA_INT.withName("l_linger")).withName("linger");

    /**
     * macOS's socket numbers and layouts for the shared Unix socket code, built from the constants
     * above (the same on both CPUs); {@code MacLayoutProbeTest} checks each of its components
     * against the headers too. No MSG_NOSIGNAL: every socket a readiness backend serves is
     * SO_NOSIGPIPE instead, as libuv and mio do on Apple systems, which also covers write(2) (the
     * 11-13 SDKs declare MSG_NOSIGNAL, 0x80000, but older releases lack it). No accept4: accept,
     * then FD_CLOEXEC; O_NONBLOCK comes from the listener ("a new socket with the same
     * properties", accept(2)).
     */
    public static final SocketAbi SOCKET_ABI = new SocketAbi("macOS",
            AF_INET, AF_INET6, AF_UNIX, AF_UNSPEC, SOCK_STREAM, SOCK_DGRAM,
            SOCKADDR_IN, SOCKADDR_IN6, SOCKADDR_UN, SOCKADDR_STORAGE_SIZE, false,
            MSGHDR, IOVEC, LINGER,
            MSG_DONTWAIT, 0, MSG_TRUNC,
            SOL_SOCKET, SO_ERROR, SO_TYPE, SO_NOSIGPIPE, SO_REUSEADDR, SO_REUSEPORT, SO_KEEPALIVE, SO_BROADCAST,
            SO_LINGER_SEC, SO_SNDBUF, SO_RCVBUF, false,
            IPPROTO_IP, IPPROTO_IPV6, IPPROTO_TCP, IP_TOS, IPV6_V6ONLY, IPV6_TCLASS, TCP_NODELAY,
            SHUT_RD, SHUT_WR, SHUT_RDWR,
            O_NONBLOCK, F_GETFL, F_SETFL, F_SETFD, FD_CLOEXEC, 0);

    static long offset(MemoryLayout layout, String field) {
        return layout.byteOffset(MemoryLayout.PathElement.groupElement(field));
    }
}
