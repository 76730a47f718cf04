package io.rusticated.unix.readiness;

import io.rusticated.unix.net.SocketAbi;

import java.lang.foreign.MemoryLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Socket numbers and layouts shaped as Linux x86_64's, for the shared layer's own tests (the OS
 * modules test theirs, which their probes check against the headers), with the errno numbers the
 * scripted calls answer. Accepting is as on macOS (accept, then FD_CLOEXEC), so that path runs here.
 */
final class LinuxShapedSocketAbi {
    static final int EINPROGRESS = 115;
    static final int ECONNABORTED = 103;
    static final int ECONNREFUSED = 111;
    static final int EMFILE = 24;
    static final int ENOTSOCK = 88;
    static final int EINTR = 4;
    static final int O_NONBLOCK = 04000;
    static final int SOL_SOCKET = 1;
    static final int SO_TYPE = 3;
    static final int SO_ERROR = 4;
    static final int MSG_DONTWAIT = 0x40;
    static final int MSG_NOSIGNAL = 0x4000;
    static final int MSG_TRUNC = 0x20;
    static final int AF_INET = 2;

    static final SocketAbi ABI = new SocketAbi("test",
            AF_INET, 10, 1, 0, 1, 2,
            MemoryLayout.structLayout(JAVA_SHORT.withName("sin_family"), JAVA_SHORT.withName("sin_port"), JAVA_INT.withName("sin_addr"),
                    MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero")),
            MemoryLayout.structLayout(JAVA_SHORT.withName("sin6_family"), JAVA_SHORT.withName("sin6_port"), JAVA_INT.withName("sin6_flowinfo"),
                    MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"), JAVA_INT.withName("sin6_scope_id")),
            MemoryLayout.structLayout(JAVA_SHORT.withName("sun_family"), MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path")),
            128, true,
            MemoryLayout.structLayout(JAVA_LONG.withName("msg_name"), JAVA_INT.withName("msg_namelen"), MemoryLayout.paddingLayout(4),
                    JAVA_LONG.withName("msg_iov"), JAVA_LONG.withName("msg_iovlen"), JAVA_LONG.withName("msg_control"),
                    JAVA_LONG.withName("msg_controllen"), JAVA_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4)),
            MemoryLayout.structLayout(JAVA_LONG.withName("iov_base"), JAVA_LONG.withName("iov_len")),
            MemoryLayout.structLayout(JAVA_INT.withName("l_onoff"), JAVA_INT.withName("l_linger")),
            MSG_DONTWAIT, MSG_NOSIGNAL, MSG_TRUNC,
            SOL_SOCKET, SO_ERROR, SO_TYPE, 0, 2, 15, 9, 6,
            13, 7, 8, true,
            0, 41, 6, 1, 26, 67, 1,
            0, 1, 2,
            O_NONBLOCK, 3, 4, 2, 1, 0);

    private LinuxShapedSocketAbi() {
    }
}
