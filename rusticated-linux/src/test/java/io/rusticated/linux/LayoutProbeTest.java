package io.rusticated.linux;

import io.rusticated.unix.FileModes;
import io.rusticated.unix.net.SocketAbi;
import io.rusticated.unix.testing.SocketAbiSpelling;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.File;
import java.io.IOException;
import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.PaddingLayout;
import java.lang.foreign.SequenceLayout;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks the hand-written Linux bindings ({@link LinuxAbi}, {@link IoUringAbi}, the
 * {@code io_uring_cqe} shape, and each component of {@link LinuxAbi#SOCKET_ABI} by the C name
 * {@link SocketAbiSpelling} gives it) against the C headers of each architecture in {@link LinuxArch}:
 * x86_64 with the installed gcc, aarch64 with Debian's cross compiler
 * {@code aarch64-linux-gnu-gcc}, both on this machine.
 *
 * <p>The test generates a C file from {@link #CONSTANTS} (Java constant -> C expression) and from
 * the Java {@code StructLayout}s themselves (every named member becomes an {@code offsetof} and a
 * member {@code sizeof}; every struct a {@code sizeof} and an {@code _Alignof}): one global
 * {@code long long} per value, initialised with the C expression. The file includes the headers
 * listed in {@code bindings/linux/headers.txt} and is only compiled, {@code gcc -O0 -S}, never run
 * (a cross-compiled probe could not run here): each global's value is read back from the
 * assembly and compared with what the Java classes hold on that CPU: for another CPU than this
 * machine's, a second copy of them is loaded and initialised while {@code os.arch} names it, so
 * {@link LinuxAbi} takes {@link LinuxArch}'s table for it exactly as it would there. This table
 * is the only copy of the probe: nothing under {@code bindings/linux} duplicates it. A copy of the
 * last generated file per architecture is left in {@code target/layout-probe/}.
 *
 * <p>Values the installed header predates are guarded in C and reported as "not in this header"
 * instead of failing; {@code bindings/linux/README.md} lists them with the kernel that added them.
 */
class LayoutProbeTest {

    /** The classes whose every public static final numeric field and layout must be covered. */
    private static final List<Class<?>> ABI_CLASSES = List.of(LinuxAbi.class, IoUringAbi.class, FileModes.class);

    /** Java constant -> the C expression that must have the same value. */
    private static final List<Constant> CONSTANTS = new Table()
            .in(LinuxAbi.class)
            .map("SYS_READ", "SYS_read")
            .map("SYS_WRITE", "SYS_write")
            .map("SYS_CLOSE", "SYS_close")
            .map("SYS_MMAP", "SYS_mmap")
            .map("SYS_MUNMAP", "SYS_munmap")
            .map("SYS_EVENTFD2", "SYS_eventfd2")
            .map("SYS_GETDENTS64", "SYS_getdents64")
            .map("SYS_PREAD64", "SYS_pread64")
            .map("SYS_PWRITE64", "SYS_pwrite64")
            .map("SYS_PREADV2", "SYS_preadv2")
            .map("SYS_PWRITEV2", "SYS_pwritev2")
            .map("SYS_LSEEK", "SYS_lseek")
            .map("SYS_OPENAT", "SYS_openat")
            .map("SYS_STATX", "SYS_statx")
            .map("SYS_FSYNC", "SYS_fsync")
            .map("SYS_FDATASYNC", "SYS_fdatasync")
            .map("SYS_FTRUNCATE", "SYS_ftruncate")
            .map("SYS_MKDIRAT", "SYS_mkdirat")
            .map("SYS_UNLINKAT", "SYS_unlinkat")
            .map("SYS_RENAMEAT2", "SYS_renameat2")
            .map("SYS_SYMLINKAT", "SYS_symlinkat")
            .map("SYS_LINKAT", "SYS_linkat")
            .map("SYS_FACCESSAT", "SYS_faccessat")
            .map("SYS_SENDFILE", "SYS_sendfile")
            .map("SYS_COPY_FILE_RANGE", "SYS_copy_file_range")
            .map("SYS_IO_URING_SETUP", "SYS_io_uring_setup")
            .map("SYS_IO_URING_ENTER", "SYS_io_uring_enter")
            .map("SYS_IO_URING_REGISTER", "SYS_io_uring_register")
            .map("SYS_PIDFD_OPEN", "SYS_pidfd_open")
            .map("SYS_PIDFD_SEND_SIGNAL", "SYS_pidfd_send_signal")
            .map("SYS_EPOLL_PWAIT2", "SYS_epoll_pwait2")
            .same("O_RDONLY", "O_WRONLY", "O_RDWR", "O_CREAT", "O_EXCL", "O_NOCTTY", "O_TRUNC",
                    "O_APPEND", "O_NONBLOCK", "O_DIRECT", "O_DIRECTORY", "O_NOFOLLOW", "O_CLOEXEC")
            .same("AT_FDCWD", "AT_SYMLINK_NOFOLLOW", "AT_REMOVEDIR", "AT_EMPTY_PATH")
            .same("RENAME_NOREPLACE")
            .same("EFD_CLOEXEC", "EFD_NONBLOCK")
            .same("PROT_READ", "PROT_WRITE", "MAP_SHARED", "MAP_POPULATE")
            .same("EPERM", "ENOENT", "EINTR", "EIO", "EBADF", "EAGAIN", "ENOMEM", "EACCES", "EFAULT",
                    "EBUSY", "EEXIST", "EXDEV", "ENOTDIR", "EISDIR", "EINVAL", "ENFILE", "EMFILE",
                    "EFBIG", "ENOSPC", "ESPIPE", "EROFS", "EMLINK", "EPIPE", "ENAMETOOLONG", "ENOSYS",
                    "ENOTEMPTY", "ELOOP", "ETIME", "EOPNOTSUPP", "EALREADY", "ECANCELED", "ENXIO", "ENODEV", "EADDRINUSE", "ECONNRESET", "ETIMEDOUT", "ECONNREFUSED", "EDQUOT",
                    "EPROTO", "EMSGSIZE", "EAFNOSUPPORT", "EADDRNOTAVAIL", "ENETUNREACH", "ECONNABORTED", "ENOBUFS",
                    "EISCONN", "ENOTCONN", "EHOSTUNREACH", "EINPROGRESS",
                    "ESRCH", "E2BIG", "ENOEXEC", "ECHILD", "ENOTTY", "ETXTBSY")
            .same("STATX_TYPE", "STATX_BASIC_STATS", "STATX_BTIME", "AT_STATX_SYNC_AS_STAT", "AT_STATX_DONT_SYNC")
            .map("STATX_MASK", "offsetof(struct statx, stx_mask)")
            .map("STATX_BLKSIZE", "offsetof(struct statx, stx_blksize)")
            .map("STATX_NLINK", "offsetof(struct statx, stx_nlink)")
            .map("STATX_UID", "offsetof(struct statx, stx_uid)")
            .map("STATX_GID", "offsetof(struct statx, stx_gid)")
            .map("STATX_MODE", "offsetof(struct statx, stx_mode)")
            .map("STATX_INO", "offsetof(struct statx, stx_ino)")
            .map("STATX_SIZE", "offsetof(struct statx, stx_size)")
            .map("STATX_BLOCKS", "offsetof(struct statx, stx_blocks)")
            .map("STATX_ATIME", "offsetof(struct statx, stx_atime)")
            .map("STATX_BTIME_OFFSET", "offsetof(struct statx, stx_btime)")
            .map("STATX_CTIME", "offsetof(struct statx, stx_ctime)")
            .map("STATX_MTIME", "offsetof(struct statx, stx_mtime)")
            .map("STATX_DEV_MAJOR", "offsetof(struct statx, stx_dev_major)")
            .map("STATX_DEV_MINOR", "offsetof(struct statx, stx_dev_minor)")
            .map("STATX_TIMESTAMP_NSEC", "offsetof(struct statx_timestamp, tv_nsec)")
            .map("DIRENT64_INO", "offsetof(struct linux_dirent64, d_ino)")
            .map("DIRENT64_RECLEN", "offsetof(struct linux_dirent64, d_reclen)")
            .map("DIRENT64_TYPE", "offsetof(struct linux_dirent64, d_type)")
            .map("DIRENT64_NAME", "offsetof(struct linux_dirent64, d_name)")
            .same("EPOLL_CLOEXEC", "EPOLL_CTL_ADD", "EPOLL_CTL_DEL", "EPOLL_CTL_MOD", "EPOLLIN", "EPOLLOUT",
                    "EPOLLERR", "EPOLLHUP", "EPOLLONESHOT")
            .map("EPOLL_EVENT_EVENTS", "offsetof(struct epoll_event, events)")
            .map("EPOLL_EVENT_DATA", "offsetof(struct epoll_event, data)")
            .map("IOVEC_BASE", "offsetof(struct iovec, iov_base)")
            .map("IOVEC_LEN", "offsetof(struct iovec, iov_len)")
            .same("RWF_NOWAIT", "F_DUPFD_CLOEXEC", "F_SETFD", "F_GETFL", "F_SETFL", "FD_CLOEXEC")
            .same("TCGETS", "TIOCGPTN", "TIOCSPTLCK", "TIOCSCTTY", "TIOCGWINSZ", "TIOCSWINSZ")
            .same("SEEK_SET", "SEEK_CUR")
            .same("SIGINT", "SIGKILL", "SIGUSR1", "SIGTERM", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP",
                    "SIGTTOU", "SIGWINCH")
            .map("SIGSET_SIZE", "sizeof(sigset_t)")
            .map("SIGINFO_SIZE", "sizeof(siginfo_t)")
            .map("SIGINFO_SIGNO", "offsetof(siginfo_t, si_signo)")
            .map("SIGINFO_CODE", "offsetof(siginfo_t, si_code)")
            .map("SIGINFO_PID", "offsetof(siginfo_t, si_pid)")
            .map("SIGINFO_STATUS", "offsetof(siginfo_t, si_status)")
            .same("CLD_EXITED", "CLD_KILLED", "CLD_DUMPED", "CLD_TRAPPED", "CLD_STOPPED", "CLD_CONTINUED")
            .same("P_PID", "P_PIDFD", "WNOHANG", "WSTOPPED", "WEXITED", "WCONTINUED")
            .map("POSIX_SPAWN_FILE_ACTIONS_SIZE", "sizeof(posix_spawn_file_actions_t)")
            .map("POSIX_SPAWNATTR_SIZE", "sizeof(posix_spawnattr_t)")
            .same("POSIX_SPAWN_SETPGROUP", "POSIX_SPAWN_SETSIGDEF", "POSIX_SPAWN_SETSIGMASK", "POSIX_SPAWN_SETSID")
            .same("NCCS", "VTIME", "VMIN", "TCSANOW", "TCSADRAIN", "TCSAFLUSH")
            .same("BRKINT", "ICRNL", "IXON", "OPOST", "CSIZE", "CS8", "PARENB", "ISIG", "ICANON", "ECHO", "IEXTEN")
            .map("TERMIOS_SIZE", "sizeof(struct termios)")
            .map("TERMIOS_IFLAG", "offsetof(struct termios, c_iflag)")
            .map("TERMIOS_OFLAG", "offsetof(struct termios, c_oflag)")
            .map("TERMIOS_CFLAG", "offsetof(struct termios, c_cflag)")
            .map("TERMIOS_LFLAG", "offsetof(struct termios, c_lflag)")
            .map("TERMIOS_CC", "offsetof(struct termios, c_cc)")
            .map("WINSIZE_ROW", "offsetof(struct winsize, ws_row)")
            .map("WINSIZE_COL", "offsetof(struct winsize, ws_col)")
            .map("WINSIZE_XPIXEL", "offsetof(struct winsize, ws_xpixel)")
            .map("WINSIZE_YPIXEL", "offsetof(struct winsize, ws_ypixel)")
            .same("AF_UNSPEC", "AF_UNIX", "AF_INET", "AF_INET6", "SOCK_STREAM", "SOCK_DGRAM", "SOCK_NONBLOCK", "SOCK_CLOEXEC",
                    "SOL_SOCKET", "SO_REUSEADDR", "SO_TYPE", "SO_ERROR", "SO_BROADCAST", "SO_SNDBUF", "SO_RCVBUF", "SO_KEEPALIVE",
                    "SO_LINGER", "SO_REUSEPORT", "IPPROTO_IP", "IPPROTO_TCP", "IPPROTO_IPV6", "IP_TOS", "IPV6_V6ONLY",
                    "IPV6_TCLASS", "TCP_NODELAY", "MSG_TRUNC", "MSG_DONTWAIT", "MSG_NOSIGNAL", "SHUT_RD", "SHUT_WR", "SHUT_RDWR")
            .map("SOCKADDR_STORAGE_SIZE", "sizeof(struct sockaddr_storage)")

            .in(FileModes.class)
            .same("S_IFMT", "S_IFSOCK", "S_IFLNK", "S_IFREG", "S_IFBLK", "S_IFDIR", "S_IFCHR", "S_IFIFO")
            .same("DT_UNKNOWN", "DT_FIFO", "DT_CHR", "DT_DIR", "DT_BLK", "DT_REG", "DT_LNK", "DT_SOCK")
            .same("F_OK", "X_OK", "W_OK", "R_OK")
            .in(IoUringAbi.class)
            .same("IORING_OP_NOP", "IORING_OP_FSYNC", "IORING_OP_POLL_ADD", "IORING_OP_ASYNC_CANCEL",
                    "IORING_OP_OPENAT", "IORING_OP_CLOSE", "IORING_OP_STATX", "IORING_OP_READ",
                    "IORING_OP_WRITE", "IORING_OP_RENAMEAT", "IORING_OP_UNLINKAT", "IORING_OP_MKDIRAT",
                    "IORING_OP_SYMLINKAT", "IORING_OP_LINKAT", "IORING_OP_SENDMSG", "IORING_OP_RECVMSG",
                    "IORING_OP_ACCEPT", "IORING_OP_CONNECT", "IORING_OP_SEND", "IORING_OP_RECV", "IORING_OP_SOCKET",
                    "IORING_OP_SEND_ZC", "IORING_ACCEPT_MULTISHOT", "IORING_RECV_MULTISHOT", "IOSQE_BUFFER_SELECT",
                    "IORING_CQE_F_BUFFER", "IORING_CQE_BUFFER_SHIFT", "IORING_REGISTER_PBUF_RING")
            .map("BUF_ADDR", "offsetof(struct io_uring_buf, addr)")
            .map("BUF_LEN", "offsetof(struct io_uring_buf, len)")
            .map("BUF_BID", "offsetof(struct io_uring_buf, bid)")
            .map("BUF_RING_TAIL", "offsetof(struct io_uring_buf_ring, tail)")
            .map("BUF_REG_RING_ADDR", "offsetof(struct io_uring_buf_reg, ring_addr)")
            .map("BUF_REG_RING_ENTRIES", "offsetof(struct io_uring_buf_reg, ring_entries)")
            .map("BUF_REG_BGID", "offsetof(struct io_uring_buf_reg, bgid)")
            // an enum member, so the C guard is the header's version; absent, it must lie past
            // every opcode the header knows
            .since("IORING_OP_FTRUNCATE", 6, 9, "IORING_OP_LAST")
            .same("IORING_SETUP_CQSIZE", "IORING_SETUP_CLAMP", "IORING_SETUP_SUBMIT_ALL",
                    "IORING_SETUP_COOP_TASKRUN", "IORING_SETUP_SINGLE_ISSUER", "IORING_SETUP_DEFER_TASKRUN")
            .same("IORING_FEAT_SINGLE_MMAP", "IORING_FEAT_NODROP", "IORING_FEAT_SUBMIT_STABLE",
                    "IORING_FEAT_RW_CUR_POS", "IORING_FEAT_FAST_POLL", "IORING_FEAT_EXT_ARG",
                    "IORING_FEAT_NATIVE_WORKERS")
            .same("IORING_ENTER_GETEVENTS", "IORING_ENTER_EXT_ARG")
            .same("IORING_SQ_NEED_WAKEUP", "IORING_SQ_CQ_OVERFLOW", "IORING_SQ_TASKRUN")
            .same("IORING_OFF_SQ_RING", "IORING_OFF_CQ_RING", "IORING_OFF_SQES")
            .same("IORING_REGISTER_PROBE", "IO_URING_OP_SUPPORTED")
            .same("IORING_FSYNC_DATASYNC", "IORING_POLL_ADD_MULTI", "IORING_CQE_F_MORE")
            .same("POLLIN", "POLLOUT", "POLLERR", "POLLHUP")
            .map("PARAMS_SQ_ENTRIES", "offsetof(struct io_uring_params, sq_entries)")
            .map("PARAMS_CQ_ENTRIES", "offsetof(struct io_uring_params, cq_entries)")
            .map("PARAMS_FLAGS", "offsetof(struct io_uring_params, flags)")
            .map("PARAMS_FEATURES", "offsetof(struct io_uring_params, features)")
            .map("PARAMS_SQ_OFF", "offsetof(struct io_uring_params, sq_off)")
            .map("PARAMS_CQ_OFF", "offsetof(struct io_uring_params, cq_off)")
            .map("SQRING_HEAD", "offsetof(struct io_sqring_offsets, head)")
            .map("SQRING_TAIL", "offsetof(struct io_sqring_offsets, tail)")
            .map("SQRING_RING_MASK", "offsetof(struct io_sqring_offsets, ring_mask)")
            .map("SQRING_RING_ENTRIES", "offsetof(struct io_sqring_offsets, ring_entries)")
            .map("SQRING_FLAGS", "offsetof(struct io_sqring_offsets, flags)")
            .map("SQRING_DROPPED", "offsetof(struct io_sqring_offsets, dropped)")
            .map("SQRING_ARRAY", "offsetof(struct io_sqring_offsets, array)")
            .map("CQRING_HEAD", "offsetof(struct io_cqring_offsets, head)")
            .map("CQRING_TAIL", "offsetof(struct io_cqring_offsets, tail)")
            .map("CQRING_RING_MASK", "offsetof(struct io_cqring_offsets, ring_mask)")
            .map("CQRING_RING_ENTRIES", "offsetof(struct io_cqring_offsets, ring_entries)")
            .map("CQRING_OVERFLOW", "offsetof(struct io_cqring_offsets, overflow)")
            .map("CQRING_CQES", "offsetof(struct io_cqring_offsets, cqes)")
            .map("SQE_SIZE", "sizeof(struct io_uring_sqe)")
            .map("SQE_OPCODE", "offsetof(struct io_uring_sqe, opcode)")
            .map("SQE_FLAGS", "offsetof(struct io_uring_sqe, flags)")
            .map("SQE_IOPRIO", "offsetof(struct io_uring_sqe, ioprio)")
            .map("SQE_FD", "offsetof(struct io_uring_sqe, fd)")
            .map("SQE_OFF", "offsetof(struct io_uring_sqe, off)")
            .map("SQE_ADDR", "offsetof(struct io_uring_sqe, addr)")
            .map("SQE_LEN", "offsetof(struct io_uring_sqe, len)")
            .map("SQE_RW_FLAGS", "offsetof(struct io_uring_sqe, rw_flags)")
            .map("SQE_USER_DATA", "offsetof(struct io_uring_sqe, user_data)")
            .map("SQE_BUF_INDEX", "offsetof(struct io_uring_sqe, buf_index)")
            .map("SQE_PERSONALITY", "offsetof(struct io_uring_sqe, personality)")
            .map("SQE_SPLICE_FD_IN", "offsetof(struct io_uring_sqe, splice_fd_in)")
            .map("SQE_ADDR3", "offsetof(struct io_uring_sqe, addr3)")
            .map("CQE_SIZE", "sizeof(struct io_uring_cqe)")
            .map("CQE_USER_DATA", "offsetof(struct io_uring_cqe, user_data)")
            .map("CQE_RES", "offsetof(struct io_uring_cqe, res)")
            .map("CQE_FLAGS", "offsetof(struct io_uring_cqe, flags)")
            .map("PROBE_LAST_OP", "offsetof(struct io_uring_probe, last_op)")
            .map("PROBE_OPS_LEN", "offsetof(struct io_uring_probe, ops_len)")
            .map("PROBE_OPS", "offsetof(struct io_uring_probe, ops)")
            .map("PROBE_OP_SIZE", "sizeof(struct io_uring_probe_op)")
            .map("PROBE_OP_FLAGS", "offsetof(struct io_uring_probe_op, flags)")
            .map("GETEVENTS_ARG_SIGMASK", "offsetof(struct io_uring_getevents_arg, sigmask)")
            .map("GETEVENTS_ARG_SIGMASK_SZ", "offsetof(struct io_uring_getevents_arg, sigmask_sz)")
            .map("GETEVENTS_ARG_TS", "offsetof(struct io_uring_getevents_arg, ts)")
            .map("TIMESPEC_SEC", "offsetof(struct __kernel_timespec, tv_sec)")
            .map("TIMESPEC_NSEC", "offsetof(struct __kernel_timespec, tv_nsec)")
            .build();

    /** How Linux spells the components of {@link LinuxAbi#SOCKET_ABI} that each OS spells its own way. */
    private static final Map<String, String> SOCKET_ABI_SPELLINGS = Map.of(
            "msgNosignal", "MSG_NOSIGNAL",
            "soNosigpipe", "0", // none: sends say MSG_NOSIGNAL
            "soLingerSeconds", "SO_LINGER",
            "acceptFlags", "SOCK_NONBLOCK | SOCK_CLOEXEC");

    /**
     * Layout members whose C spelling differs in this header (key: layout field "." member). The
     * macro RING_OFFSETS_USER_ADDR is defined in the probe's prelude.
     */
    private static final Map<String, CMember> MEMBER_OVERRIDES = Map.of(
            // Linux 6.5 renamed resv2 to user_addr (for IORING_SETUP_NO_MMAP); same slot
            "IO_SQRING_OFFSETS.user_addr", CMember.named("RING_OFFSETS_USER_ADDR"),
            "IO_CQRING_OFFSETS.user_addr", CMember.named("RING_OFFSETS_USER_ADDR"),
            // Java keeps the old name for the tail; C has stx_mnt_id, stx_dio_*, __spare3 there now
            "STATX.__spare2", new CMember(
                    "offsetof(struct statx, stx_mnt_id)",
                    "sizeof(struct statx) - offsetof(struct statx, stx_mnt_id)"));

    /**
     * Other members of the C union a Java member stands for: the driver writes them through the
     * Java member, so each must sit at the same offset with the same size.
     */
    private static final Map<String, List<String>> UNION_ALIASES = Map.of(
            "IO_URING_SQE.off", List.of("addr2"),
            "IO_URING_SQE.addr", List.of("splice_off_in"),
            "IO_URING_SQE.rw_flags", List.of("fsync_flags", "poll32_events", "cancel_flags",
                    "open_flags", "statx_flags", "rename_flags", "unlink_flags", "hardlink_flags"),
            "IO_URING_SQE.buf_index", List.of("buf_group"),
            "IO_URING_SQE.splice_fd_in", List.of("file_index"));

    /** C structs whose members must sit where the Java layout's do (sizes may differ). */
    private static final Map<String, List<String>> SAME_MEMBER_OFFSETS = Map.of(
            // glibc's records for readdir are the kernel's linux_dirent64 with a fixed d_name
            "DIRENT64", List.of("struct dirent64", "struct dirent"));

    /** Structs jextract is asked for under another name than the Java layout's. */
    private static final Map<String, String> JEXTRACT_STRUCT = Map.of(
            // no uapi header exports linux_dirent64; glibc's dirent64 has its layout
            "linux_dirent64", "dirent64");

    private static final String PRELUDE = """
            /* The record getdents64(2) writes, as fs/readdir.c defines it (no uapi header exports it). */
            struct linux_dirent64 {
                unsigned long long d_ino;
                long long d_off;
                unsigned short d_reclen;
                unsigned char d_type;
                char d_name[];
            };

            /* Linux 6.5 renamed io_sqring_offsets/io_cqring_offsets.resv2 to user_addr. */
            #ifdef IORING_SETUP_NO_MMAP
            #define RING_OFFSETS_USER_ADDR user_addr
            #else
            #define RING_OFFSETS_USER_ADDR resv2
            #endif

            #define FIELD_SIZE(type, member) sizeof(((type *) 0)->member)
            /* One global per value, read back from the assembly: probe_ID, or absent_ID holding the
               header's last value (0 where the check has none) when the header predates a value. */
            #define PROBE(id, expr) long long probe_##id = (long long) (expr);
            #define ABSENT(id, last) long long absent_##id = (long long) (last);
            """;

    private static final String HEADER_VERSION = "#LINUX_VERSION_CODE";
    private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    /** A probe's label in gcc's assembly, and the 8-byte datum after it (.quad on x86_64, .xword on aarch64; .zero 8 for 0). */
    private static final Pattern ASM_LABEL = Pattern.compile("(probe|absent)_(\\w+):");
    private static final Pattern ASM_VALUE = Pattern.compile("\\s*\\.(quad|xword|8byte|dword|zero)\\s+(-?\\d+)\\s*");

    /** The architectures with a table, by name: the parameters of the probe. */
    static List<String> architectures() {
        return LinuxArch.ALL.stream().map(arch -> arch.name).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("architectures")
    void everyJavaValueMatchesTheCHeadersOf(String archName, @TempDir Path dir) throws Exception {
        LinuxArch arch = LinuxArch.ALL.stream().filter(a -> a.name.equals(archName)).findFirst().orElseThrow();
        String compiler = compilerFor(arch);
        Path gcc = onPath(compiler);
        assumeTrue(gcc != null, compiler + " is not on PATH: cannot compile the " + arch + " layout probe "
                + "(CI installs gcc, and gcc-aarch64-linux-gnu with libc6-dev-arm64-cross, so every table is checked there)");

        Probes probes = probes(arch);
        String source = cProgram(probes.checks(), includes());
        Files.writeString(dir.resolve("probe.c"), source);
        keepCopy(arch, source);

        Result compiled = run(dir, 120, gcc.toString(), "-O0", "-S", "-o", "probe.s", "probe.c");
        assertThat(compiled.exitCode())
                .withFailMessage("%s -O0 -S -o probe.s probe.c failed (exit %d):%n%s", compiler, compiled.exitCode(), compiled.output())
                .isZero();
        Map<String, String> printed = compiledValues(Files.readString(dir.resolve("probe.s")), probes.checks());
        String header = headerVersion(printed.get(HEADER_VERSION)) + " for " + arch + " (" + compiler + ")";

        List<String[]> mismatches = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        int checked = 0;
        for (Check check : probes.checks()) {
            String c = printed.get(check.name());
            String java = show(check.javaValue());
            if (c == null) {
                mismatches.add(new String[] {check.name(), java, "(not in the assembly)", check.cExpr()});
            } else if (c.startsWith("?")) {
                String note = check.name() + " (added in Linux " + check.since().major() + "."
                        + check.since().minor() + ")";
                if (c.length() > 1) {
                    long last = Long.parseLong(c.substring(1));
                    if (check.javaValue() < last) {
                        mismatches.add(new String[] {check.name(), java,
                            "absent, yet below " + check.since().lastExpr() + " = " + last, check.cExpr()});
                        continue;
                    }
                    note += ", Java value " + java + " >= this header's " + check.since().lastExpr() + " " + last;
                }
                absent.add(note);
            } else {
                checked++;
                if (!check.matches(Long.parseLong(c))) {
                    mismatches.add(new String[] {check.name(), java, show(Long.parseLong(c)), check.cExpr()});
                }
            }
        }

        int total = checked;
        System.out.printf("LayoutProbeTest: %d values checked against the C headers of %s; not in this header: %s%n",
                total, header, absent.isEmpty() ? "none" : String.join("; ", absent));
        assertThat(mismatches)
                .withFailMessage(() -> mismatchReport(mismatches, total, header))
                .isEmpty();
    }

    @Test
    void everyJavaConstantAndLayoutHasACCounterpart() {
        List<String> problems = probes(LinuxAbi.ARCH).problems();
        assertThat(problems)
                .withFailMessage(() -> "Bindings the probe cannot check (add them to LayoutProbeTest's "
                        + "table, or remove stale entries):\n  " + String.join("\n  ", problems))
                .isEmpty();
    }

    @Test
    void jextractArgfilesIncludeExactlyWhatTheJavaSideUses() throws IOException {
        Path bindings = bindingsDir();
        Set<String> constants = new TreeSet<>();
        Set<String> structs = new TreeSet<>();
        for (String argfile : List.of("io_uring.jextract", "libc.jextract")) {
            List<String> args = jextractArgs(bindings.resolve(argfile));
            for (int i = 0; i + 1 < args.size(); i++) {
                switch (args.get(i)) {
                    case "--include-constant" -> constants.add(args.get(i + 1));
                    case "--include-struct" -> structs.add(args.get(i + 1));
                    default -> { }
                }
            }
        }
        Set<String> wantedConstants = new TreeSet<>();
        for (Constant constant : CONSTANTS) {
            if (C_IDENTIFIER.matcher(constant.cExpr()).matches()) {
                wantedConstants.add(constant.cExpr());
            }
        }
        Set<String> wantedStructs = new TreeSet<>();
        for (NamedLayout layout : layouts(LinuxAbi.ARCH, new ArrayList<>())) {
            String name = layout.layout().name().orElseThrow();
            wantedStructs.add(JEXTRACT_STRUCT.getOrDefault(name, name));
        }
        List<String> problems = new ArrayList<>();
        difference(wantedConstants, constants).forEach(c -> problems.add("missing --include-constant " + c));
        difference(constants, wantedConstants).forEach(c -> problems.add("--include-constant " + c + " is not used by the Java side"));
        difference(wantedStructs, structs).forEach(s -> problems.add("missing --include-struct " + s));
        difference(structs, wantedStructs).forEach(s -> problems.add("--include-struct " + s + " has no Java layout"));
        assertThat(problems)
                .withFailMessage(() -> "bindings/linux/*.jextract disagree with the Java bindings:\n  "
                        + String.join("\n  ", problems))
                .isEmpty();
    }

    // ---------------------------------------------------------------------------------------------
    // What to check

    record Since(int major, int minor, String lastExpr) {
    }

    record Constant(Class<?> owner, String field, String cExpr, Since since) {
        String name() {
            return owner.getSimpleName() + "." + field;
        }
    }

    /** One value to compare: the Java side's, and the C expression that must equal it. */
    record Check(String name, long javaValue, int javaBits, String cExpr, Since since) {
        boolean matches(long c) {
            if (c == javaValue) {
                return true;
            }
            // an unsigned C constant with the top bit set, held in a narrower signed Java type
            return javaBits < 64 && c == (javaValue & ((1L << javaBits) - 1));
        }
    }

    record CMember(String offsetExpr, String sizeExpr) {
        static CMember named(String member) {
            return new CMember(null, member);
        }

        boolean isName() {
            return offsetExpr == null;
        }
    }

    record NamedLayout(String name, GroupLayout layout) {
    }

    record Probes(List<Check> checks, List<String> problems) {
    }

    private static final class Table {
        private final List<Constant> constants = new ArrayList<>();
        private Class<?> owner;

        Table in(Class<?> owner) {
            this.owner = owner;
            return this;
        }

        Table map(String field, String cExpr) {
            constants.add(new Constant(owner, field, cExpr, null));
            return this;
        }

        Table same(String... fields) {
            for (String field : fields) {
                map(field, field);
            }
            return this;
        }

        Table since(String field, int major, int minor, String lastExpr) {
            constants.add(new Constant(owner, field, field, new Since(major, minor, lastExpr)));
            return this;
        }

        List<Constant> build() {
            return List.copyOf(constants);
        }
    }

    /**
     * The checks for every table entry and every layout, with the values the ABI classes hold on
     * {@code arch}, and whatever the table fails to cover.
     */
    static Probes probes(LinuxArch arch) {
        List<Check> checks = new ArrayList<>();
        List<String> problems = new ArrayList<>();

        Set<String> covered = new LinkedHashSet<>();
        for (Constant constant : CONSTANTS) {
            covered.add(constant.name());
            Field field;
            try {
                field = on(arch, constant.owner()).getField(constant.field());
            } catch (NoSuchFieldException e) {
                problems.add(constant.name() + ": in the table but not in the Java class");
                continue;
            }
            if (!isNumericConstant(field) || field.getType() == float.class || field.getType() == double.class) {
                problems.add(constant.name() + ": not a public static final integral field");
                continue;
            }
            checks.add(new Check(constant.name(), ((Number) get(field)).longValue(), bits(field.getType()),
                    constant.cExpr(), constant.since()));
        }
        for (Class<?> abi : ABI_CLASSES) {
            for (Field field : abi.getDeclaredFields()) {
                String name = abi.getSimpleName() + "." + field.getName();
                if (isNumericConstant(field) && !covered.contains(name)) {
                    problems.add(name + " = " + get(field) + ": no C counterpart in the table");
                }
            }
        }

        Set<String> usedOverrides = new LinkedHashSet<>();
        for (NamedLayout named : layouts(arch, problems)) {
            layoutChecks(named, checks, problems, usedOverrides);
        }
        SocketAbiSpelling.Probe sockets = SocketAbiSpelling.of(socketAbiOn(arch), SOCKET_ABI_SPELLINGS);
        for (SocketAbiSpelling.Value v : sockets.values()) {
            checks.add(new Check("LinuxAbi.SOCKET_ABI." + v.component(), v.value(), v.bits(), v.cExpr(), null));
        }
        for (SocketAbiSpelling.Layout l : sockets.layouts()) {
            layoutChecks(new NamedLayout("LinuxAbi.SOCKET_ABI." + l.component(), l.layout()), checks, problems, usedOverrides);
        }
        problems.addAll(sockets.problems());
        for (String key : union(MEMBER_OVERRIDES.keySet(), UNION_ALIASES.keySet(), SAME_MEMBER_OFFSETS.keySet())) {
            if (!usedOverrides.contains(key)) {
                problems.add(key + ": listed in LayoutProbeTest but no such layout member");
            }
        }
        return new Probes(checks, problems);
    }

    private static void layoutChecks(NamedLayout named, List<Check> checks, List<String> problems,
                                     Set<String> usedOverrides) {
        GroupLayout layout = named.layout();
        String struct = "struct " + layout.name().orElseThrow();
        String label = named.name();
        checks.add(new Check(label + " sizeof", layout.byteSize(), 64, "sizeof(" + struct + ")", null));
        checks.add(new Check(label + " alignof", layout.byteAlignment(), 64, "_Alignof(" + struct + ")", null));
        String key = named.name().substring(named.name().indexOf('.') + 1);
        List<String> sameOffsets = SAME_MEMBER_OFFSETS.getOrDefault(key, List.of());
        if (!sameOffsets.isEmpty()) {
            usedOverrides.add(key);
        }
        for (MemoryLayout member : layout.memberLayouts()) {
            if (member instanceof PaddingLayout) {
                continue;
            }
            if (member.name().isEmpty()) {
                problems.add(label + ": a member has no name, so it cannot be probed");
                continue;
            }
            String m = member.name().get();
            String memberKey = key + "." + m;
            long offset = layout.byteOffset(groupElement(m));
            long size = member.byteSize();
            // a flexible array member (C "x[]"): sizeof of it is not C
            boolean flexible = member instanceof SequenceLayout s && s.elementCount() == 0;

            CMember c = MEMBER_OVERRIDES.get(memberKey);
            if (c != null) {
                usedOverrides.add(memberKey);
            }
            String offsetExpr;
            String sizeExpr;
            if (c != null && !c.isName()) {
                offsetExpr = c.offsetExpr();
                sizeExpr = c.sizeExpr();
            } else {
                String cName = c == null ? m : c.sizeExpr();
                offsetExpr = "offsetof(" + struct + ", " + cName + ")";
                sizeExpr = "FIELD_SIZE(" + struct + ", " + cName + ")";
            }
            checks.add(new Check(label + "." + m + " offset", offset, 64, offsetExpr, null));
            if (!flexible) {
                checks.add(new Check(label + "." + m + " size", size, 64, sizeExpr, null));
            }

            List<String> aliases = UNION_ALIASES.getOrDefault(memberKey, List.of());
            if (!aliases.isEmpty()) {
                usedOverrides.add(memberKey);
            }
            for (String alias : aliases) {
                String as = label + "." + m + " (as " + alias + ")";
                checks.add(new Check(as + " offset", offset, 64, "offsetof(" + struct + ", " + alias + ")", null));
                checks.add(new Check(as + " size", size, 64, "FIELD_SIZE(" + struct + ", " + alias + ")", null));
            }
            for (String other : sameOffsets) {
                String in = label + "." + m + " (in " + other + ")";
                checks.add(new Check(in + " offset", offset, 64, "offsetof(" + other + ", " + m + ")", null));
                if (!flexible) {
                    checks.add(new Check(in + " size", size, 64, "FIELD_SIZE(" + other + ", " + m + ")", null));
                }
            }
        }
    }

    /** Every public static final layout of the ABI classes as on {@code arch}, each once. */
    private static List<NamedLayout> layouts(LinuxArch arch, List<String> problems) {
        List<NamedLayout> layouts = new ArrayList<>();
        for (Class<?> abi : ABI_CLASSES) {
            for (Field field : on(arch, abi).getDeclaredFields()) {
                if (!isConstant(field) || !MemoryLayout.class.isAssignableFrom(field.getType())) {
                    continue;
                }
                String name = abi.getSimpleName() + "." + field.getName();
                Object value = get(field);
                if (!(value instanceof GroupLayout group) || group.name().isEmpty()) {
                    problems.add(name + ": only named struct layouts can be probed (the name is the C struct tag)");
                    continue;
                }
                layouts.add(new NamedLayout(name, group));
            }
        }
        return layouts;
    }

    private static final Map<LinuxArch, Map<String, Class<?>>> ABI_CLASSES_BY_ARCH = new ConcurrentHashMap<>();

    /**
     * {@code abi} as initialised on {@code arch}: the class the code runs with on this machine's
     * CPU; for another CPU, a fresh copy of the rusticated-linux classes, loaded apart and
     * initialised while {@code os.arch} names that CPU, so it holds exactly what it would hold
     * there. Classes from other packages are the same everywhere.
     */
    private static Class<?> on(LinuxArch arch, Class<?> abi) {
        if (arch == LinuxAbi.ARCH || !abi.getPackageName().equals(LinuxAbi.class.getPackageName())) {
            return abi;
        }
        return ABI_CLASSES_BY_ARCH.computeIfAbsent(arch, LayoutProbeTest::initialisedOn).get(abi.getName());
    }

    private static Map<String, Class<?>> initialisedOn(LinuxArch arch) {
        URL classes = LinuxAbi.class.getProtectionDomain().getCodeSource().getLocation();
        @SuppressWarnings("resource") // its classes are kept for the rest of the run
        ClassLoader loader = new PackageFirstLoader(classes, LinuxAbi.class.getPackageName(), LayoutProbeTest.class.getClassLoader());
        Map<String, Class<?>> loaded = new LinkedHashMap<>();
        String osArch = System.getProperty("os.arch");
        System.setProperty("os.arch", arch.name);
        try {
            for (Class<?> abi : ABI_CLASSES) {
                loaded.put(abi.getName(), Class.forName(abi.getName(), true, loader));
            }
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        } finally {
            System.setProperty("os.arch", osArch);
        }
        Object table;
        try {
            table = loaded.get(LinuxAbi.class.getName()).getField("ARCH").get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
        assertThat(table).as("LinuxAbi.ARCH in the copy initialised as on " + arch).hasToString(arch.name);
        return loaded;
    }

    /** Loads one package from {@code classes} itself, before asking its parent: a second copy of it. */
    private static final class PackageFirstLoader extends URLClassLoader {
        private final String prefix;

        PackageFirstLoader(URL classes, String packageName, ClassLoader parent) {
            super(new URL[] {classes}, parent);
            this.prefix = packageName + ".";
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.startsWith(prefix)) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> c = findLoadedClass(name);
                return c != null ? c : findClass(name);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // The C program

    private static String cProgram(List<Check> checks, List<String> headers) {
        StringBuilder c = new StringBuilder();
        c.append("/* Generated by LayoutProbeTest (rusticated-linux) from its table; do not edit. */\n");
        c.append("#define _GNU_SOURCE\n");
        for (String header : headers) {
            c.append("#include <").append(header).append(">\n");
        }
        c.append("#include <stddef.h>\n\n");
        c.append(PRELUDE).append('\n');
        c.append("PROBE(version, LINUX_VERSION_CODE)\n");
        for (int id = 0; id < checks.size(); id++) {
            Check check = checks.get(id);
            if (check.name().contains("*/")) {
                throw new IllegalStateException("label not printable in a C comment: " + check.name());
            }
            String comment = " /* " + check.name() + " */\n";
            String probe = "PROBE(" + id + ", " + check.cExpr() + ")" + comment;
            Since since = check.since();
            if (since == null) {
                c.append(probe);
                continue;
            }
            // #ifdef for a macro; an enum member is only visible through the header's version
            c.append("#if defined(").append(check.cExpr()).append(") || LINUX_VERSION_CODE >= KERNEL_VERSION(")
                    .append(since.major()).append(", ").append(since.minor()).append(", 0)\n");
            c.append(probe);
            c.append("#else\n");
            c.append("ABSENT(").append(id).append(", ").append(since.lastExpr() == null ? "0" : since.lastExpr()).append(")").append(comment);
            c.append("#endif\n");
        }
        return c.toString();
    }

    /**
     * The values gcc computed, read from its assembly, keyed by check name as the comparison reads
     * them: the number, or "?" for a value the header predates ("?" + the header's last value
     * where the check has one).
     */
    private static Map<String, String> compiledValues(String assembly, List<Check> checks) {
        Map<String, String> values = new LinkedHashMap<>();
        Matcher label = null;
        for (String line : assembly.split("\n")) {
            Matcher l = ASM_LABEL.matcher(line);
            if (l.matches()) {
                label = l;
                continue;
            }
            Matcher v = ASM_VALUE.matcher(line);
            if (label == null || !v.matches()) {
                continue;
            }
            boolean zero = v.group(1).equals("zero");
            if (zero && !v.group(2).equals("8")) {
                throw new AssertionError("a probe global is not 8 bytes: " + line);
            }
            String value = zero ? "0" : v.group(2);
            String id = label.group(2);
            if (id.equals("version")) {
                values.put(HEADER_VERSION, value);
            } else {
                Check check = checks.get(Integer.parseInt(id));
                boolean absent = label.group(1).equals("absent");
                values.put(check.name(), !absent ? value : check.since().lastExpr() == null ? "?" : "?" + value);
            }
            label = null;
        }
        return values;
    }

    /** gcc for the machine's own CPU; Debian's cross compiler for the others ({@code aarch64-linux-gnu-gcc}). */
    private static String compilerFor(LinuxArch arch) {
        return arch == LinuxArch.forOsArch(System.getProperty("os.arch", "")) ? "gcc" : arch.name + "-linux-gnu-gcc";
    }

    /** The #include list: bindings/linux/headers.txt, one header a line, '#' starts a comment. */
    private static List<String> includes() throws IOException {
        List<String> headers = new ArrayList<>();
        for (String line : Files.readAllLines(bindingsDir().resolve("headers.txt"))) {
            int hash = line.indexOf('#');
            String header = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (!header.isEmpty()) {
                headers.add(header);
            }
        }
        assertThat(headers).as("headers in bindings/linux/headers.txt").isNotEmpty();
        return headers;
    }

    /** jextract's @argfile tokens: whitespace-separated; '#' at the start of a token comments out the line. */
    private static List<String> jextractArgs(Path argfile) throws IOException {
        List<String> args = new ArrayList<>();
        for (String line : Files.readAllLines(argfile)) {
            for (String token : line.trim().split("\\s+")) {
                if (token.startsWith("#")) {
                    break;
                }
                if (!token.isEmpty()) {
                    args.add(token);
                }
            }
        }
        return args;
    }

    private static String mismatchReport(List<String[]> rows, int checked, String header) {
        int[] width = {"Java binding".length(), "Java".length(), "C".length()};
        for (String[] row : rows) {
            for (int i = 0; i < width.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        String format = "  %-" + width[0] + "s  %" + width[1] + "s  %" + width[2] + "s  %s%n";
        StringBuilder report = new StringBuilder();
        report.append(String.format("%d of the Java ABI values disagree with the C headers of %s (%d checked):%n",
                rows.size(), header, checked));
        report.append(String.format(format, "Java binding", "Java", "C", "C expression"));
        for (String[] row : rows) {
            report.append(String.format(format, (Object[]) row));
        }
        return report.toString();
    }

    /** Decimal, with hex alongside for values where flags and offsets read better that way. */
    private static String show(long value) {
        return value >= 0 && value < 10 ? Long.toString(value) : value + " (0x" + Long.toHexString(value) + ")";
    }

    private static String headerVersion(String code) {
        if (code == null) {
            return "an unknown Linux version";
        }
        long v = Long.parseLong(code);
        return "Linux " + (v >> 16) + "." + ((v >> 8) & 0xff) + "." + (v & 0xff);
    }

    /** Leaves the last generated probe where a developer can look at it: target/layout-probe/probe-ARCH.c. */
    private static void keepCopy(LinuxArch arch, String source) {
        Path target = Path.of("target");
        if (Files.isDirectory(target)) {
            try {
                Path copy = Files.createDirectories(target.resolve("layout-probe")).resolve("probe-" + arch + ".c");
                Files.writeString(copy, source);
            } catch (IOException ignored) {
                // only a convenience
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Plumbing

    record Result(int exitCode, String output) {
    }

    private static Result run(Path dir, int timeoutSeconds, String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        process.getOutputStream().close();
        byte[] output = process.getInputStream().readAllBytes();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    }

    private static Path onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(entry, tool);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** bindings/linux at the repository root, found from the module directory surefire runs in. */
    private static Path bindingsDir() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path bindings = dir.resolve("bindings").resolve("linux");
            if (Files.isRegularFile(bindings.resolve("headers.txt"))) {
                return bindings;
            }
        }
        throw new AssertionError("bindings/linux/headers.txt not found above " + Path.of("").toAbsolutePath());
    }

    private static boolean isConstant(Field field) {
        int m = field.getModifiers();
        return Modifier.isPublic(m) && Modifier.isStatic(m) && Modifier.isFinal(m);
    }

    private static boolean isNumericConstant(Field field) {
        Class<?> type = field.getType();
        return isConstant(field) && type.isPrimitive() && type != boolean.class && type != char.class;
    }

    private static int bits(Class<?> type) {
        if (type == byte.class) {
            return 8;
        } else if (type == short.class) {
            return 16;
        } else if (type == int.class) {
            return 32;
        }
        return 64;
    }

    private static SocketAbi socketAbiOn(LinuxArch arch) {
        try {
            return (SocketAbi) get(on(arch, LinuxAbi.class).getField("SOCKET_ABI"));
        } catch (NoSuchFieldException e) {
            throw new AssertionError(e);
        }
    }

    private static Object get(Field field) {
        try {
            return field.get(null);
        } catch (IllegalAccessException e) {
            throw new AssertionError(e);
        }
    }

    @SafeVarargs
    private static Set<String> union(Set<String>... sets) {
        Set<String> all = new TreeSet<>();
        for (Set<String> set : sets) {
            all.addAll(set);
        }
        return all;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }
}
