package io.rusticated.unix.readiness;

import io.rusticated.unix.net.SocketAbi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * Socket numbers and layouts shaped as Linux x86_64's, for the shared layer's own tests (the OS
 * modules test theirs, which their probes check against the headers).
 */
final class LinuxShapedSocketAbi implements SocketAbi {
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

    @Override
    public String os() {
        return "test";
    }

    @Override
    public int afInet() {
        return AF_INET;
    }

    @Override
    public int afInet6() {
        return 10;
    }

    @Override
    public int afUnix() {
        return 1;
    }

    @Override
    public int sockStream() {
        return 1;
    }

    @Override
    public int sockDgram() {
        return 2;
    }

    @Override
    public StructLayout sockaddrIn() {
        return MemoryLayout.structLayout(JAVA_SHORT.withName("sin_family"), JAVA_SHORT.withName("sin_port"), JAVA_INT.withName("sin_addr"),
                MemoryLayout.sequenceLayout(8, JAVA_BYTE).withName("sin_zero"));
    }

    @Override
    public StructLayout sockaddrIn6() {
        return MemoryLayout.structLayout(JAVA_SHORT.withName("sin6_family"), JAVA_SHORT.withName("sin6_port"), JAVA_INT.withName("sin6_flowinfo"),
                MemoryLayout.sequenceLayout(16, JAVA_BYTE).withName("sin6_addr"), JAVA_INT.withName("sin6_scope_id"));
    }

    @Override
    public StructLayout sockaddrUn() {
        return MemoryLayout.structLayout(JAVA_SHORT.withName("sun_family"), MemoryLayout.sequenceLayout(108, JAVA_BYTE).withName("sun_path"));
    }

    @Override
    public boolean abstractUnixNames() {
        return true;
    }

    @Override
    public StructLayout msghdr() {
        return MemoryLayout.structLayout(JAVA_LONG.withName("msg_name"), JAVA_INT.withName("msg_namelen"), MemoryLayout.paddingLayout(4),
                JAVA_LONG.withName("msg_iov"), JAVA_LONG.withName("msg_iovlen"), JAVA_LONG.withName("msg_control"),
                JAVA_LONG.withName("msg_controllen"), JAVA_INT.withName("msg_flags"), MemoryLayout.paddingLayout(4));
    }

    @Override
    public StructLayout iovec() {
        return MemoryLayout.structLayout(JAVA_LONG.withName("iov_base"), JAVA_LONG.withName("iov_len"));
    }

    @Override
    public StructLayout linger() {
        return MemoryLayout.structLayout(JAVA_INT.withName("l_onoff"), JAVA_INT.withName("l_linger"));
    }

    @Override
    public int msgDontwait() {
        return MSG_DONTWAIT;
    }

    @Override
    public int msgNosignal() {
        return MSG_NOSIGNAL;
    }

    @Override
    public int msgTrunc() {
        return MSG_TRUNC;
    }

    @Override
    public int solSocket() {
        return SOL_SOCKET;
    }

    @Override
    public int soError() {
        return SO_ERROR;
    }

    @Override
    public int soType() {
        return SO_TYPE;
    }

    @Override
    public int soNosigpipe() {
        return 0;
    }

    @Override
    public int soReuseaddr() {
        return 2;
    }

    @Override
    public int soReuseport() {
        return 15;
    }

    @Override
    public int soKeepalive() {
        return 9;
    }

    @Override
    public int soBroadcast() {
        return 6;
    }

    @Override
    public int soLingerSeconds() {
        return 13;
    }

    @Override
    public int soSndbuf() {
        return 7;
    }

    @Override
    public int soRcvbuf() {
        return 8;
    }

    @Override
    public boolean bufferSizesReadDoubled() {
        return true;
    }

    @Override
    public int ipprotoIp() {
        return 0;
    }

    @Override
    public int ipprotoIpv6() {
        return 41;
    }

    @Override
    public int ipprotoTcp() {
        return 6;
    }

    @Override
    public int ipTos() {
        return 1;
    }

    @Override
    public int ipv6V6only() {
        return 26;
    }

    @Override
    public int ipv6Tclass() {
        return 67;
    }

    @Override
    public int tcpNodelay() {
        return 1;
    }

    @Override
    public int shutRd() {
        return 0;
    }

    @Override
    public int shutWr() {
        return 1;
    }

    @Override
    public int shutRdwr() {
        return 2;
    }

    @Override
    public int oNonblock() {
        return O_NONBLOCK;
    }

    @Override
    public int fGetfl() {
        return 3;
    }

    @Override
    public int fSetfl() {
        return 4;
    }

    @Override
    public int fSetfd() {
        return 2;
    }

    @Override
    public int fdCloexec() {
        return 1;
    }

    @Override
    public int acceptFlags() {
        return 0; // as macOS: accept, then FD_CLOEXEC
    }
}
