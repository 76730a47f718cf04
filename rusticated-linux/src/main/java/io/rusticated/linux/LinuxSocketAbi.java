package io.rusticated.linux;

import io.rusticated.unix.net.SocketAbi;
import io.rusticated.unix.net.SocketAddresses;

import java.lang.foreign.StructLayout;

import static io.rusticated.linux.LinuxAbi.*;

/** Linux's socket numbers and layouts for the shared Unix socket code: LinuxAbi's, which the layout probe checks for each CPU. */
final class LinuxSocketAbi implements SocketAbi {
    static final LinuxSocketAbi ABI = new LinuxSocketAbi();

    static {
        if (SOCKADDR_STORAGE_SIZE != SocketAddresses.STORAGE_SIZE) {
            throw new AssertionError("the shared socket code's sockaddr_storage is not Linux's (" + SOCKADDR_STORAGE_SIZE + " bytes)");
        }
    }

    private LinuxSocketAbi() {
    }

    @Override
    public String os() {
        return "Linux";
    }

    @Override
    public int afInet() {
        return AF_INET;
    }

    @Override
    public int afInet6() {
        return AF_INET6;
    }

    @Override
    public int afUnix() {
        return AF_UNIX;
    }

    @Override
    public int sockStream() {
        return SOCK_STREAM;
    }

    @Override
    public int sockDgram() {
        return SOCK_DGRAM;
    }

    @Override
    public StructLayout sockaddrIn() {
        return SOCKADDR_IN;
    }

    @Override
    public StructLayout sockaddrIn6() {
        return SOCKADDR_IN6;
    }

    @Override
    public StructLayout sockaddrUn() {
        return SOCKADDR_UN;
    }

    @Override
    public boolean abstractUnixNames() {
        return true;
    }

    @Override
    public StructLayout msghdr() {
        return MSGHDR;
    }

    @Override
    public StructLayout iovec() {
        return IOVEC;
    }

    @Override
    public StructLayout linger() {
        return LINGER;
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

    /** Linux has none: sends say MSG_NOSIGNAL. */
    @Override
    public int soNosigpipe() {
        return 0;
    }

    @Override
    public int soReuseaddr() {
        return SO_REUSEADDR;
    }

    @Override
    public int soReuseport() {
        return SO_REUSEPORT;
    }

    @Override
    public int soKeepalive() {
        return SO_KEEPALIVE;
    }

    @Override
    public int soBroadcast() {
        return SO_BROADCAST;
    }

    @Override
    public int soLingerSeconds() {
        return SO_LINGER;
    }

    @Override
    public int soSndbuf() {
        return SO_SNDBUF;
    }

    @Override
    public int soRcvbuf() {
        return SO_RCVBUF;
    }

    @Override
    public boolean bufferSizesReadDoubled() {
        return true;
    }

    @Override
    public int ipprotoIp() {
        return IPPROTO_IP;
    }

    @Override
    public int ipprotoIpv6() {
        return IPPROTO_IPV6;
    }

    @Override
    public int ipprotoTcp() {
        return IPPROTO_TCP;
    }

    @Override
    public int ipTos() {
        return IP_TOS;
    }

    @Override
    public int ipv6V6only() {
        return IPV6_V6ONLY;
    }

    @Override
    public int ipv6Tclass() {
        return IPV6_TCLASS;
    }

    @Override
    public int tcpNodelay() {
        return TCP_NODELAY;
    }

    @Override
    public int shutRd() {
        return SHUT_RD;
    }

    @Override
    public int shutWr() {
        return SHUT_WR;
    }

    @Override
    public int shutRdwr() {
        return SHUT_RDWR;
    }

    @Override
    public int oNonblock() {
        return O_NONBLOCK;
    }

    @Override
    public int fGetfl() {
        return F_GETFL;
    }

    @Override
    public int fSetfl() {
        return F_SETFL;
    }

    @Override
    public int fSetfd() {
        return F_SETFD;
    }

    @Override
    public int fdCloexec() {
        return FD_CLOEXEC;
    }

    @Override
    public int acceptFlags() {
        return SOCK_NONBLOCK | SOCK_CLOEXEC;
    }
}
