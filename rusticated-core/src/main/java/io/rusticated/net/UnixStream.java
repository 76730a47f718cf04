package io.rusticated.net;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.SocketSupport.SocketFamily;
import io.rusticated.spi.SocketSupport.SocketType;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** A connected Unix-domain stream socket on a loop. */
public final class UnixStream extends StreamSocket<UnixAddress> {
    UnixStream(Sock sock) {
        super(sock);
    }

    /** Connects on the {@link EventLoop#current() current} loop. */
    public static CompletionStage<UnixStream> connect(UnixAddress address) {
        return connect(EventLoop.current(), address);
    }

    /** Connects to a listening socket's path or abstract name. */
    public static CompletionStage<UnixStream> connect(EventLoop loop, UnixAddress address) {
        Sock sock;
        try {
            sock = Sock.open(loop, SocketFamily.UNIX, SocketType.STREAM);
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return sock.connect(address).handle((v, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(new UnixStream(sock));
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            // The socket is closed before the caller hears of the failure.
            return sock.close().<UnixStream>thenCompose(closed -> CompletableFuture.failedFuture(cause));
        }).thenCompose(stage -> stage);
    }
}
