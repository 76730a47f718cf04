package io.rusticated.net;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.SocketSupport.SocketFamily;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;

/** A TCP listener on a loop. */
public final class TcpListener extends Listener<TcpStream, InetSocketAddress> {
    private TcpListener(Sock sock) {
        super(sock, TcpStream::new);
    }

    /** Binds and listens on the {@link EventLoop#current() current} loop with {@link ListenOptions#defaults()}. */
    public static TcpListener bind(InetSocketAddress local) throws IOException {
        return bind(EventLoop.current(), local, ListenOptions.defaults());
    }

    /**
     * Binds to a resolved local address (port 0: any free port, see {@link #localAddress()}) and
     * listens. Fails with {@link java.net.BindException} when the address is in use or not this
     * host's. An IPv6 wildcard listener also accepts IPv4 unless the options say IPv6 only.
     */
    public static TcpListener bind(EventLoop loop, InetSocketAddress local, ListenOptions options) throws IOException {
        SocketFamily family = Sock.familyOf(local);
        Sock sock = Sock.openListener(loop, family);
        try {
            sock.setOption(StandardSocketOptions.SO_REUSEADDR, options.reuseAddress());
            if (options.reusePort()) {
                sock.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            }
            if (family == SocketFamily.INET6) {
                sock.setOsOption(Ipv6Only.OPTION, options.ipv6Only() != null && options.ipv6Only());
            }
            sock.bind(local);
            sock.listen(options.backlog());
        } catch (IOException | RuntimeException e) {
            sock.close();
            throw e;
        }
        return new TcpListener(sock);
    }
}
