package io.rusticated.net;

import io.rusticated.io.Buffer;

import java.net.SocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * A datagram socket on a loop, UDP or Unix-domain: each send is one datagram, each receive takes
 * one (cut to the buffer's spare capacity, which {@link Received#truncated()} reports).
 *
 * @param <A> the address type
 */
public abstract sealed class DatagramSocket<A extends SocketAddress> extends NetSocket<A> permits UdpSocket, UnixDatagram {

    DatagramSocket(Sock sock) {
        super(sock);
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
}
