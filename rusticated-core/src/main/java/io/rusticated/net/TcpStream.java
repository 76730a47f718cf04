package io.rusticated.net;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.SocketSupport.SocketType;
import io.rusticated.time.Time;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/** A TCP connection on a loop. */
public final class TcpStream extends StreamSocket<InetSocketAddress> {
    TcpStream(Sock sock) {
        super(sock);
    }

    /** Connects on the {@link EventLoop#current() current} loop. */
    public static CompletionStage<TcpStream> connect(InetSocketAddress remote) {
        return connect(EventLoop.current(), remote, ConnectOptions.defaults());
    }

    /**
     * Connects to a resolved address; fails with {@link java.net.ConnectException} (refused, timed
     * out by the OS), {@link java.net.NoRouteToHostException}, or a
     * {@link SocketTimeoutException} when the options' timeout expires first.
     */
    public static CompletionStage<TcpStream> connect(EventLoop loop, InetSocketAddress remote, ConnectOptions options) {
        Sock sock;
        try {
            sock = Sock.open(loop, Sock.familyOf(remote), SocketType.STREAM);
            if (options.noDelay()) {
                sock.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            if (options.localBind() != null) {
                sock.bind(options.localBind());
            }
        } catch (IOException | RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        CompletionStage<Void> connected = sock.connect(remote);
        if (options.timeout() != null) {
            connected = Time.timeout(connected, options.timeout());
        }
        return connected.handle((v, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(new TcpStream(sock));
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            Throwable failure = cause instanceof TimeoutException
                    ? new SocketTimeoutException("connect to " + remote + " timed out after " + options.timeout()) : cause;
            // The socket is closed before the caller hears of the failure.
            return sock.close().<TcpStream>thenCompose(closed -> CompletableFuture.failedFuture(failure));
        }).thenCompose(stage -> stage);
    }

    /**
     * Looks {@code host} up and connects to each of its addresses in turn until one accepts, on the
     * {@link EventLoop#current() current} loop; fails with the last address's failure.
     */
    public static CompletionStage<TcpStream> connect(String host, int port) {
        EventLoop loop = EventLoop.current();
        return Net.lookup(loop, host, port).thenCompose(all -> connectFirst(loop, all, 0, null));
    }

    private static CompletionStage<TcpStream> connectFirst(EventLoop loop, List<InetSocketAddress> all, int next, Throwable last) {
        if (next == all.size()) {
            return CompletableFuture.failedFuture(last != null ? last : new IOException("no address to connect to"));
        }
        return connect(loop, all.get(next), ConnectOptions.defaults()).handle((s, e) -> {
            if (e == null) {
                return CompletableFuture.completedFuture(s);
            }
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            return connectFirst(loop, all, next + 1, cause);
        }).thenCompose(stage -> stage);
    }
}
