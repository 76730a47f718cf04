package io.rusticated.net;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.SocketSupport.SocketFamily;
import io.rusticated.spi.SocketSupport.SocketType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

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
                sock.setOsOption(Ipv6Only.OPTION, false);
            }
            sock.bind(local);
        } catch (IOException | RuntimeException e) {
            sock.close();
            throw e;
        }
        return new UdpSocket(sock);
    }

    /**
     * Disconnects from the peer of {@link #connect}: the JDK's {@code DatagramChannel.disconnect}
     * (it waits for the sends and receives in progress; nothing happens to an unconnected or closed
     * socket). Completes once the socket receives from anyone again.
     */
    @Override
    public CompletionStage<Void> disconnect() {
        return super.disconnect();
    }
}
