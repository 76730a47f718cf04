package io.rusticated.net;

import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * A datagram socket on a loop, UDP or Unix-domain: each send is one datagram, each receive takes
 * one (cut to the buffer's spare capacity, which {@link Received#truncated()} reports).
 *
 * @param <A> the address type
 */
public abstract sealed class DatagramSocket<A extends SocketAddress> permits UdpSocket, UnixDatagram {
    final Sock sock;

    DatagramSocket(Sock sock) {
        this.sock = sock;
    }

    /** Sends the buffer's filled part as one datagram to {@code peer}; completes with the byte count. */
    public CompletionStage<Integer> sendTo(Buffer buffer, A peer) {
        return sock.sendTo(buffer, java.util.Objects.requireNonNull(peer, "peer"));
    }

    /** Receives one datagram into the buffer's spare capacity, from anyone (or the connected peer). */
    public CompletionStage<Received> recvFrom(Buffer buffer) {
        return sock.recvFrom(buffer);
    }

    /**
     * Connects to one peer: {@link #send} and {@link #recv} then need no address, and datagrams
     * from others are dropped by the OS. A connected UDP socket learns of an unreachable peer:
     * its next receive fails with {@link java.net.PortUnreachableException}.
     */
    public CompletionStage<Void> connect(A peer) {
        return sock.connect(peer);
    }

    /** Sends one datagram to the connected peer. */
    public CompletionStage<Integer> send(Buffer buffer) {
        return sock.sendTo(buffer, null);
    }

    /** Receives one datagram from the connected peer; completes with the byte count. */
    public CompletionStage<Integer> recv(Buffer buffer) {
        return sock.recvFrom(buffer).thenApply(Received::length); // RECV_FROM: its errors are a datagram's (PortUnreachable)
    }

    @SuppressWarnings("unchecked")
    public A localAddress() throws IOException {
        return (A) sock.localAddress();
    }

    public Set<SocketOption<?>> supportedOptions() {
        return sock.supportedOptions();
    }

    public <T> void setOption(SocketOption<T> option, T value) throws IOException {
        sock.setOption(option, value);
    }

    public <T> T getOption(SocketOption<T> option) throws IOException {
        return sock.getOption(option);
    }

    /** Cancels what is in flight, then closes. */
    public CompletionStage<Void> close() {
        return sock.close();
    }

    public boolean isOpen() {
        return sock.isOpen();
    }

    public EventLoop loop() {
        return sock.loop;
    }

    public long handle() {
        return sock.fd();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + sock + "]";
    }
}
