package io.rusticated.net;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.SocketSupport.SocketFamily;
import io.rusticated.spi.SocketSupport.SocketType;

import java.io.IOException;
import java.net.InetSocketAddress;

/** A UDP socket on a loop. */
public final class UdpSocket extends DatagramSocket<InetSocketAddress> {
    private UdpSocket(Sock sock) {
        super(sock);
    }

    /** Binds on the {@link EventLoop#current() current} loop (port 0: any free port). */
    public static UdpSocket bind(InetSocketAddress local) throws IOException {
        return bind(EventLoop.current(), local);
    }

    /** Binds to a resolved local address; an IPv6 wildcard socket also receives IPv4 (dual stack). */
    public static UdpSocket bind(EventLoop loop, InetSocketAddress local) throws IOException {
        SocketFamily family = Sock.familyOf(local);
        Sock sock = Sock.open(loop, family, SocketType.DATAGRAM);
        try {
            if (family == SocketFamily.INET6) {
                Sock.os().setOption(sock.fd(), family, Ipv6Only.OPTION, false);
            }
            sock.bind(local);
        } catch (IOException | RuntimeException e) {
            sock.close();
            throw e;
        }
        return new UdpSocket(sock);
    }
}
