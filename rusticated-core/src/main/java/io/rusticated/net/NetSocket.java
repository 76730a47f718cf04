package io.rusticated.net;

import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * What every socket on a loop offers, whatever its kind: its address, the JDK's options, close and
 * the OS handle. The kinds ({@link StreamSocket}, {@link Listener}, {@link DatagramSocket}) add
 * their operations.
 *
 * @param <A> the address type
 */
public abstract sealed class NetSocket<A extends SocketAddress> permits StreamSocket, Listener, DatagramSocket {
    final Sock sock;

    NetSocket(Sock sock) {
        this.sock = sock;
    }

    /**
     * Cancels what is in flight (it fails with {@link java.nio.channels.AsynchronousCloseException})
     * and closes the socket once it completed; the stage completes when it is closed.
     */
    public CompletionStage<Void> close() {
        return sock.close();
    }

    public boolean isOpen() {
        return sock.isOpen();
    }

    @SuppressWarnings("unchecked")
    public A localAddress() throws IOException {
        return (A) sock.localAddress();
    }

    /** The JDK's socket options this socket offers ({@link java.net.StandardSocketOptions}). */
    public Set<SocketOption<?>> supportedOptions() {
        return sock.supportedOptions();
    }

    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        sock.setOption(option, value);
    }

    public <T> T getOption(SocketOption<T> option) throws IOException {
        return sock.getOption(option);
    }

    public EventLoop loop() {
        return sock.loop;
    }

    /** The OS handle (a descriptor on Unix), for the low-level path; keep the socket open while using it. */
    public long handle() {
        return sock.fd();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + sock + "]";
    }
}
