package io.rusticated.linux;


import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static io.rusticated.linux.LinuxAbi.offset;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code <linux/io_uring.h>}: the structs and constants the io_uring driver uses, in the shape
 * jextract gives them. The same on x86_64 and aarch64 (fixed-size uapi structs; the syscall
 * numbers are in LinuxAbi). Checked against both CPUs' headers by {@code LayoutProbeTest}; values
 * the build machine's header predates are marked with the kernel that added them.
 */
public final class IoUringAbi {
    private IoUringAbi() {
    }

    // enum io_uring_op
    public static final byte IORING_OP_NOP = 0;
    public static final byte IORING_OP_FSYNC = 3;
    public static final byte IORING_OP_POLL_ADD = 6;
    public static final byte IORING_OP_SENDMSG = 9;
    public static final byte IORING_OP_RECVMSG = 10;
    public static final byte IORING_OP_ACCEPT = 13;
    public static final byte IORING_OP_CONNECT = 16;
    public static final byte IORING_OP_SEND = 26;
    public static final byte IORING_OP_RECV = 27;
    public static final byte IORING_OP_SOCKET = 45;
    public static final byte IORING_OP_SEND_ZC = 47;
    public static final byte IORING_OP_ASYNC_CANCEL = 14;
    public static final byte IORING_OP_OPENAT = 18;
    public static final byte IORING_OP_CLOSE = 19;
    public static final byte IORING_OP_STATX = 21;
    public static final byte IORING_OP_READ = 22;
    public static final byte IORING_OP_WRITE = 23;
    public static final byte IORING_OP_RENAMEAT = 35;
    public static final byte IORING_OP_UNLINKAT = 36;
    public static final byte IORING_OP_MKDIRAT = 37;
    public static final byte IORING_OP_SYMLINKAT = 38;
    public static final byte IORING_OP_LINKAT = 39;
    /** Linux 6.9; not in every installed header. */
    public static final byte IORING_OP_FTRUNCATE = 55;

    // io_uring_setup flags
    public static final int IORING_SETUP_CQSIZE = 1 << 3;
    public static final int IORING_SETUP_CLAMP = 1 << 4;
    public static final int IORING_SETUP_SUBMIT_ALL = 1 << 7;
    public static final int IORING_SETUP_COOP_TASKRUN = 1 << 8;
    public static final int IORING_SETUP_SINGLE_ISSUER = 1 << 12;
    public static final int IORING_SETUP_DEFER_TASKRUN = 1 << 13;

    // io_uring_params.features
    public static final int IORING_FEAT_SINGLE_MMAP = 1;
    public static final int IORING_FEAT_NODROP = 1 << 1;
    public static final int IORING_FEAT_SUBMIT_STABLE = 1 << 2;
    public static final int IORING_FEAT_RW_CUR_POS = 1 << 3;
    public static final int IORING_FEAT_FAST_POLL = 1 << 5;
    public static final int IORING_FEAT_EXT_ARG = 1 << 8;
    public static final int IORING_FEAT_NATIVE_WORKERS = 1 << 9;

    // io_uring_enter flags
    public static final int IORING_ENTER_GETEVENTS = 1;
    public static final int IORING_ENTER_EXT_ARG = 1 << 3;

    // sq ring flags
    public static final int IORING_SQ_NEED_WAKEUP = 1;
    public static final int IORING_SQ_CQ_OVERFLOW = 1 << 1;
    public static final int IORING_SQ_TASKRUN = 1 << 2;

    // mmap offsets
    public static final long IORING_OFF_SQ_RING = 0L;
    public static final long IORING_OFF_CQ_RING = 0x8000000L;
    public static final long IORING_OFF_SQES = 0x10000000L;

    // io_uring_register opcodes
    public static final int IORING_REGISTER_PROBE = 8;
    public static final int IO_URING_OP_SUPPORTED = 1;

    // sqe flags and per-op flags
    public static final int IORING_FSYNC_DATASYNC = 1;
    public static final int IORING_POLL_ADD_MULTI = 1;
    public static final int IORING_CQE_F_MORE = 1 << 1;
    /** sqe->ioprio of an IORING_OP_ACCEPT: keep accepting (5.19). */
    public static final int IORING_ACCEPT_MULTISHOT = 1 << 0;
    /** sqe->ioprio of an IORING_OP_RECV: keep receiving, one provided buffer per CQE (6.0). */
    public static final int IORING_RECV_MULTISHOT = 1 << 1;
    /** sqe->flags: take the buffer from the group in sqe->buf_group (a provided buffer ring). */
    public static final int IOSQE_BUFFER_SELECT = 1 << 5;
    /** cqe->flags: a provided buffer was used; its id is cqe->flags >> IORING_CQE_BUFFER_SHIFT. */
    public static final int IORING_CQE_F_BUFFER = 1 << 0;
    public static final int IORING_CQE_BUFFER_SHIFT = 16;
    /** io_uring_register: register a ring of provided buffers (5.19; the ring fd's close unregisters it). */
    public static final int IORING_REGISTER_PBUF_RING = 22;

    public static final StructLayout IO_URING_BUF = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_SHORT.withName("bid"),
            JAVA_SHORT.withName("resv")).withName("io_uring_buf");
    public static final long BUF_ADDR = offset(IO_URING_BUF, "addr");
    public static final long BUF_LEN = offset(IO_URING_BUF, "len");
    public static final long BUF_BID = offset(IO_URING_BUF, "bid");
    /** The ring's tail overlays bufs[0].resv (struct io_uring_buf_ring's union). */
    public static final long BUF_RING_TAIL = offset(IO_URING_BUF, "resv");

    public static final StructLayout IO_URING_BUF_REG = MemoryLayout.structLayout(
            JAVA_LONG.withName("ring_addr"),
            JAVA_INT.withName("ring_entries"),
            JAVA_SHORT.withName("bgid"),
            JAVA_SHORT.withName("pad"),         // "flags" in kernels after 6.1
            MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("resv")).withName("io_uring_buf_reg");
    public static final long BUF_REG_RING_ADDR = offset(IO_URING_BUF_REG, "ring_addr");
    public static final long BUF_REG_RING_ENTRIES = offset(IO_URING_BUF_REG, "ring_entries");
    public static final long BUF_REG_BGID = offset(IO_URING_BUF_REG, "bgid");

    // <poll.h>
    public static final int POLLIN = 0x001;
    public static final int POLLOUT = 0x004;
    public static final int POLLERR = 0x008;
    public static final int POLLHUP = 0x010;

    public static final StructLayout IO_SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr")).withName("io_sqring_offsets");

    public static final StructLayout IO_CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("overflow"),
            JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr")).withName("io_cqring_offsets");

    public static final StructLayout IO_URING_PARAMS = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"),
            JAVA_INT.withName("cq_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"),
            JAVA_INT.withName("sq_thread_idle"),
            JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            IO_SQRING_OFFSETS.withName("sq_off"),
            IO_CQRING_OFFSETS.withName("cq_off")).withName("io_uring_params");

    public static final long PARAMS_SQ_ENTRIES = offset(IO_URING_PARAMS, "sq_entries");
    public static final long PARAMS_CQ_ENTRIES = offset(IO_URING_PARAMS, "cq_entries");
    public static final long PARAMS_FLAGS = offset(IO_URING_PARAMS, "flags");
    public static final long PARAMS_FEATURES = offset(IO_URING_PARAMS, "features");
    public static final long PARAMS_SQ_OFF = offset(IO_URING_PARAMS, "sq_off");
    public static final long PARAMS_CQ_OFF = offset(IO_URING_PARAMS, "cq_off");

    public static final long SQRING_HEAD = offset(IO_SQRING_OFFSETS, "head");
    public static final long SQRING_TAIL = offset(IO_SQRING_OFFSETS, "tail");
    public static final long SQRING_RING_MASK = offset(IO_SQRING_OFFSETS, "ring_mask");
    public static final long SQRING_RING_ENTRIES = offset(IO_SQRING_OFFSETS, "ring_entries");
    public static final long SQRING_FLAGS = offset(IO_SQRING_OFFSETS, "flags");
    public static final long SQRING_DROPPED = offset(IO_SQRING_OFFSETS, "dropped");
    public static final long SQRING_ARRAY = offset(IO_SQRING_OFFSETS, "array");

    public static final long CQRING_HEAD = offset(IO_CQRING_OFFSETS, "head");
    public static final long CQRING_TAIL = offset(IO_CQRING_OFFSETS, "tail");
    public static final long CQRING_RING_MASK = offset(IO_CQRING_OFFSETS, "ring_mask");
    public static final long CQRING_RING_ENTRIES = offset(IO_CQRING_OFFSETS, "ring_entries");
    public static final long CQRING_OVERFLOW = offset(IO_CQRING_OFFSETS, "overflow");
    public static final long CQRING_CQES = offset(IO_CQRING_OFFSETS, "cqes");

    /** struct io_uring_sqe, 64 bytes; unions named by the member the driver uses. */
    public static final StructLayout IO_URING_SQE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"),
            JAVA_BYTE.withName("flags"),
            JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"),
            JAVA_LONG.withName("off"),          // union: off, addr2
            JAVA_LONG.withName("addr"),         // union: addr, splice_off_in
            JAVA_INT.withName("len"),
            JAVA_INT.withName("rw_flags"),      // union: open_flags, statx_flags, fsync_flags, cancel_flags, ...
            JAVA_LONG.withName("user_data"),
            JAVA_SHORT.withName("buf_index"),
            JAVA_SHORT.withName("personality"),
            JAVA_INT.withName("splice_fd_in"),  // union: file_index, addr_len
            JAVA_LONG.withName("addr3"),
            JAVA_LONG.withName("__pad2")).withName("io_uring_sqe");

    public static final long SQE_SIZE = IO_URING_SQE.byteSize();
    public static final long SQE_OPCODE = offset(IO_URING_SQE, "opcode");
    public static final long SQE_FLAGS = offset(IO_URING_SQE, "flags");
    public static final long SQE_IOPRIO = offset(IO_URING_SQE, "ioprio");
    public static final long SQE_FD = offset(IO_URING_SQE, "fd");
    public static final long SQE_OFF = offset(IO_URING_SQE, "off");
    public static final long SQE_ADDR = offset(IO_URING_SQE, "addr");
    public static final long SQE_LEN = offset(IO_URING_SQE, "len");
    public static final long SQE_RW_FLAGS = offset(IO_URING_SQE, "rw_flags");
    public static final long SQE_USER_DATA = offset(IO_URING_SQE, "user_data");
    public static final long SQE_BUF_INDEX = offset(IO_URING_SQE, "buf_index");
    public static final long SQE_PERSONALITY = offset(IO_URING_SQE, "personality");
    public static final long SQE_SPLICE_FD_IN = offset(IO_URING_SQE, "splice_fd_in");
    public static final long SQE_ADDR3 = offset(IO_URING_SQE, "addr3");

    /** struct io_uring_cqe: the completion record the kernel writes, one per request. */
    public static final StructLayout IO_URING_CQE = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"),
            JAVA_INT.withName("res"),
            JAVA_INT.withName("flags")).withName("io_uring_cqe");
    public static final long CQE_SIZE = IO_URING_CQE.byteSize();
    public static final long CQE_USER_DATA = offset(IO_URING_CQE, "user_data");
    public static final long CQE_RES = offset(IO_URING_CQE, "res");
    public static final long CQE_FLAGS = offset(IO_URING_CQE, "flags");

    public static final StructLayout IO_URING_PROBE_OP = MemoryLayout.structLayout(
            JAVA_BYTE.withName("op"),
            JAVA_BYTE.withName("resv"),
            JAVA_SHORT.withName("flags"),
            JAVA_INT.withName("resv2")).withName("io_uring_probe_op");

    public static final StructLayout IO_URING_PROBE = MemoryLayout.structLayout(
            JAVA_BYTE.withName("last_op"),
            JAVA_BYTE.withName("ops_len"),
            JAVA_SHORT.withName("resv"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv2"),
            MemoryLayout.sequenceLayout(0, IO_URING_PROBE_OP).withName("ops")).withName("io_uring_probe");
    public static final long PROBE_LAST_OP = offset(IO_URING_PROBE, "last_op");
    public static final long PROBE_OPS_LEN = offset(IO_URING_PROBE, "ops_len");
    public static final long PROBE_OPS = offset(IO_URING_PROBE, "ops");
    public static final long PROBE_OP_SIZE = IO_URING_PROBE_OP.byteSize();
    public static final long PROBE_OP_FLAGS = offset(IO_URING_PROBE_OP, "flags");

    public static final StructLayout IO_URING_GETEVENTS_ARG = MemoryLayout.structLayout(
            JAVA_LONG.withName("sigmask"),
            JAVA_INT.withName("sigmask_sz"),
            JAVA_INT.withName("pad"),
            JAVA_LONG.withName("ts")).withName("io_uring_getevents_arg");
    public static final long GETEVENTS_ARG_SIGMASK = offset(IO_URING_GETEVENTS_ARG, "sigmask");
    public static final long GETEVENTS_ARG_SIGMASK_SZ = offset(IO_URING_GETEVENTS_ARG, "sigmask_sz");
    public static final long GETEVENTS_ARG_TS = offset(IO_URING_GETEVENTS_ARG, "ts");

    public static final StructLayout KERNEL_TIMESPEC = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("__kernel_timespec");
    public static final long TIMESPEC_SEC = offset(KERNEL_TIMESPEC, "tv_sec");
    public static final long TIMESPEC_NSEC = offset(KERNEL_TIMESPEC, "tv_nsec");
}
