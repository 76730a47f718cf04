package io.rusticated.net;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.SocketSupport.SocketFamily;
import io.rusticated.spi.SocketSupport.SocketType;

import java.io.IOException;

/** A Unix-domain datagram socket on a loop. */
public final class UnixDatagram extends DatagramSocket<UnixAddress> {
    private UnixDatagram(Sock sock) {
        super(sock);
    }

    /** A socket bound to {@code address} ({@link UnixAddress#unnamed()}: unbound, for sending only). */
    public static UnixDatagram bind(EventLoop loop, UnixAddress address) throws IOException {
        Sock sock = Sock.open(loop, SocketFamily.UNIX, SocketType.DATAGRAM);
        try {
            if (!address.isUnnamed()) {
                sock.bind(address);
            }
        } catch (IOException | RuntimeException e) {
            sock.close();
            throw e;
        }
        return new UnixDatagram(sock);
    }

    public static UnixDatagram bind(UnixAddress address) throws IOException {
        return bind(EventLoop.current(), address);
    }
}
