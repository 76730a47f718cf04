package io.rusticated.net;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.SocketSupport.SocketFamily;

import java.io.IOException;

/** A Unix-domain stream listener on a loop. */
public final class UnixListener extends Listener<UnixStream, UnixAddress> {
    private UnixListener(Sock sock) {
        super(sock, UnixStream::new);
    }

    /** Binds and listens on the {@link EventLoop#current() current} loop. */
    public static UnixListener bind(UnixAddress address) throws IOException {
        return bind(EventLoop.current(), address, 4096);
    }

    /**
     * Binds to a path (which must not exist: the OS creates the socket file, and fails with
     * {@link java.net.BindException} "Address already in use" if something is there) or an
     * abstract name, and listens. The socket file stays after close, as the JDK leaves it.
     */
    public static UnixListener bind(EventLoop loop, UnixAddress address, int backlog) throws IOException {
        Sock sock = Sock.openListener(loop, SocketFamily.UNIX);
        try {
            sock.bind(address);
            sock.listen(backlog);
        } catch (IOException | RuntimeException e) {
            sock.close();
            throw e;
        }
        return new UnixListener(sock);
    }
}
