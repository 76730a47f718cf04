package io.rusticated.unix.net;

import java.lang.foreign.StructLayout;

/**
 * One Unix's socket numbers and struct layouts, for the socket code the Unix modules share
 * ({@link UnixSockets}, {@link SocketAddresses}, {@link SocketScratch} and the readiness layer's
 * socket calls). Linux and macOS agree on the calls and disagree on the numbers ({@code SOL_SOCKET}
 * is 1 on one and 0xffff on the other, {@code AF_INET6} 10 and 30) and on some layouts (a BSD
 * sockaddr begins with its length byte, {@code sun_path} is 108 or 104 bytes, {@code msg_iovlen} is
 * a size_t or an int). Each OS module builds one instance (per CPU where the values differ) from
 * the constants and layouts of its ABI class, and its layout probe checks every number and layout
 * component of that instance against the OS's headers, so a value passed to the wrong component
 * fails there. Layouts name their members as C does.
 *
 * @param os                     the OS's name, for messages ("Linux", "macOS")
 * @param afUnspec               AF_UNSPEC: connecting a datagram socket to an address of this family dissolves its association
 * @param sockaddrIn             struct sockaddr_in: a BSD one begins with {@code sin_len} and a one-byte {@code sin_family}
 * @param sockaddrUn             struct sockaddr_un: {@code sun_path}'s size is the longest path, with its NUL
 * @param sockaddrStorageSize    sizeof(struct sockaddr_storage), which the shared code's {@link SocketAddresses#STORAGE_SIZE} must be
 * @param abstractUnixNames      Linux's abstract namespace (a name whose {@code sun_path} begins with a NUL byte)
 * @param linger                 struct linger: {@code l_onoff}, {@code l_linger}
 * @param msgNosignal            MSG_NOSIGNAL, or 0 where sends are kept from raising SIGPIPE by {@code soNosigpipe} instead
 * @param soType                 SO_TYPE: read to ask whether a descriptor is a socket at all (ENOTSOCK otherwise)
 * @param soNosigpipe            SO_NOSIGPIPE, set on every socket a readiness backend serves, where the OS has it (macOS); else 0
 * @param soLingerSeconds        the option whose linger time is in seconds: SO_LINGER on Linux, SO_LINGER_SEC on macOS (its SO_LINGER counts clock ticks)
 * @param bufferSizesReadDoubled whether SO_SNDBUF and SO_RCVBUF read back twice what was set (Linux, socket(7)); the JDK halves them
 * @param acceptFlags            the flags that make an accepted socket non-blocking and close-on-exec in the accepting call
 *                               itself (Linux's accept4: SOCK_NONBLOCK|SOCK_CLOEXEC); 0 where there is no such call (macOS:
 *                               accept, then FD_CLOEXEC; the socket inherits O_NONBLOCK from its listener)
 */
public record SocketAbi(
        String os,
        int afInet, int afInet6, int afUnix, int afUnspec, int sockStream, int sockDgram,
        StructLayout sockaddrIn, StructLayout sockaddrIn6, StructLayout sockaddrUn, long sockaddrStorageSize, boolean abstractUnixNames,
        StructLayout msghdr, StructLayout iovec, StructLayout linger,
        int msgDontwait, int msgNosignal, int msgTrunc,
        int solSocket, int soError, int soType, int soNosigpipe, int soReuseaddr, int soReuseport, int soKeepalive, int soBroadcast,
        int soLingerSeconds, int soSndbuf, int soRcvbuf, boolean bufferSizesReadDoubled,
        int ipprotoIp, int ipprotoIpv6, int ipprotoTcp, int ipTos, int ipv6V6only, int ipv6Tclass, int tcpNodelay,
        int shutRd, int shutWr, int shutRdwr,
        int oNonblock, int fGetfl, int fSetfl, int fSetfd, int fdCloexec, int acceptFlags) {

    public SocketAbi {
        // The shared code sizes its address buffers once, for every OS.
        if (sockaddrStorageSize != SocketAddresses.STORAGE_SIZE) {
            throw new IllegalArgumentException("the shared socket code's sockaddr_storage is not " + os + "'s (" + sockaddrStorageSize + " bytes)");
        }
    }
}
