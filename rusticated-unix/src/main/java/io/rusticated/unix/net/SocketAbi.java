package io.rusticated.unix.net;

import java.lang.foreign.StructLayout;

/**
 * One Unix's socket numbers and struct layouts, for the socket code the Unix modules share
 * ({@link UnixSockets}, {@link SocketAddresses}, {@link SocketScratch} and the readiness layer's
 * socket calls). Linux and macOS agree on the calls and disagree on the numbers ({@code SOL_SOCKET}
 * is 1 on one and 0xffff on the other, {@code AF_INET6} 10 and 30) and on some layouts (a BSD
 * sockaddr begins with its length byte, {@code sun_path} is 108 or 104 bytes, {@code msg_iovlen} is
 * a size_t or an int). Each OS module answers with the constants and layouts its layout probe
 * checks against that OS's headers. Layouts name their members as C does.
 */
public interface SocketAbi {
    /** The OS's name, for messages ("Linux", "macOS"). */
    String os();

    int afInet();

    int afInet6();

    int afUnix();

    int sockStream();

    int sockDgram();

    /** struct sockaddr_in: a BSD one begins with {@code sin_len} and a one-byte {@code sin_family}. */
    StructLayout sockaddrIn();

    StructLayout sockaddrIn6();

    /** struct sockaddr_un: {@code sun_path}'s size is the longest path, with its NUL. */
    StructLayout sockaddrUn();

    /** Linux's abstract namespace (a name whose {@code sun_path} begins with a NUL byte). */
    boolean abstractUnixNames();

    StructLayout msghdr();

    StructLayout iovec();

    /** struct linger: {@code l_onoff}, {@code l_linger}. */
    StructLayout linger();

    int msgDontwait();

    /** MSG_NOSIGNAL, or 0 where sends are kept from raising SIGPIPE by {@link #soNosigpipe} instead. */
    int msgNosignal();

    int msgTrunc();

    int solSocket();

    int soError();

    /** SO_TYPE: read to ask whether a descriptor is a socket at all (ENOTSOCK otherwise). */
    int soType();

    /** SO_NOSIGPIPE, set on every socket a readiness backend serves, where the OS has it (macOS); else 0. */
    int soNosigpipe();

    int soReuseaddr();

    int soReuseport();

    int soKeepalive();

    int soBroadcast();

    /** The option whose linger time is in seconds: SO_LINGER on Linux, SO_LINGER_SEC on macOS (its SO_LINGER counts clock ticks). */
    int soLingerSeconds();

    int soSndbuf();

    int soRcvbuf();

    /** Whether SO_SNDBUF and SO_RCVBUF read back twice what was set (Linux, socket(7)); the JDK halves them. */
    boolean bufferSizesReadDoubled();

    int ipprotoIp();

    int ipprotoIpv6();

    int ipprotoTcp();

    int ipTos();

    int ipv6V6only();

    int ipv6Tclass();

    int tcpNodelay();

    int shutRd();

    int shutWr();

    int shutRdwr();

    int oNonblock();

    int fGetfl();

    int fSetfl();

    int fSetfd();

    int fdCloexec();

    /**
     * The flags that make an accepted socket non-blocking and close-on-exec in the accepting call
     * itself (Linux's accept4: SOCK_NONBLOCK|SOCK_CLOEXEC); 0 where there is no such call (macOS:
     * accept, then FD_CLOEXEC; the socket inherits O_NONBLOCK from its listener).
     */
    int acceptFlags();
}
