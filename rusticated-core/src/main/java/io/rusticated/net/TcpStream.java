package io.rusticated.net;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.SocketSupport.SocketType;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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
        return sock.connectAs(remote, options.timeout(), TcpStream::new);
    }

    /**
     * Looks {@code host} up and connects to each of its addresses in turn until one accepts, on the
     * {@link EventLoop#current() current} loop; fails with the last address's failure.
     */
    public static CompletionStage<TcpStream> connect(String host, int port) {
        return connect(EventLoop.current(), host, port, ConnectOptions.defaults());
    }

    /**
     * Looks {@code host} up off the loop ({@link Net#lookup}) and connects to each of its addresses
     * in turn until one accepts; fails with the last address's failure. The options' timeout is one
     * deadline for the whole, lookup included ({@link SocketTimeoutException}). Cancelling the
     * returned future, or the deadline, stops it at whatever stage it is in: a lookup's result is
     * dropped and no socket is made; an address's connect is cancelled and its socket closed; no
     * further address is tried.
     */
    public static CompletionStage<TcpStream> connect(EventLoop loop, String host, int port, ConnectOptions options) {
        return NameConnect.start(loop, host, port, options);
    }
}
