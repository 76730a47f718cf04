package io.rusticated.net;

import io.rusticated.io.Buffer;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.NotYetConnectedException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A datagram socket on a loop, UDP or Unix-domain: each send is one datagram, each receive takes
 * one (cut to the buffer's spare capacity, which {@link Received#truncated()} reports).
 *
 * @param <A> the address type
 */
public abstract sealed class DatagramSocket<A extends SocketAddress> extends NetSocket<A> permits UdpSocket, UnixDatagram {
    /**
     * The peer a connect completed to, or null: the JDK's DatagramChannel rules follow from it (a
     * second connect and a send elsewhere fail with {@link AlreadyConnectedException}, a send or
     * receive without an address while unconnected with {@link NotYetConnectedException}).
     * Set on the loop thread as the connect completes; read by any caller.
     */
    private volatile A peer;

    DatagramSocket(Sock sock) {
        super(sock);
    }

    /** Sends the buffer's filled part as one datagram to {@code peer}; completes with the byte count. */
    public CompletionStage<Integer> sendTo(Buffer buffer, A peer) {
        A connected = this.peer;
        if (connected != null && !connected.equals(java.util.Objects.requireNonNull(peer, "peer")) && sock.isOpen()) {
            return CompletableFuture.failedFuture(new AlreadyConnectedException());
        }
        return sock.sendTo(buffer, java.util.Objects.requireNonNull(peer, "peer"));
    }

    /** Receives one datagram into the buffer's spare capacity, from anyone (or the connected peer). */
    public CompletionStage<Received> recvFrom(Buffer buffer) {
        return sock.recvFrom(buffer);
    }

    /**
     * Connects to one peer: {@link #send} and {@link #recv} then need no address, and datagrams
     * from others are dropped by the OS. A connected UDP socket learns of an unreachable peer:
     * its next send or receive fails with {@link java.net.PortUnreachableException}. Once connected,
     * a second connect fails with {@link AlreadyConnectedException}, as the JDK's does.
     */
    public CompletionStage<Void> connect(A peer) {
        java.util.Objects.requireNonNull(peer, "peer");
        if (this.peer != null && sock.isOpen()) {
            return CompletableFuture.failedFuture(new AlreadyConnectedException());
        }
        return sock.connect(peer).thenRun(() -> this.peer = peer);
    }

    /** Sends one datagram to the connected peer; unconnected, fails with {@link NotYetConnectedException}. */
    public CompletionStage<Integer> send(Buffer buffer) {
        if (peer == null && sock.isOpen()) {
            return CompletableFuture.failedFuture(new NotYetConnectedException());
        }
        return sock.sendTo(buffer, null);
    }

    /** Receives one datagram from the connected peer; completes with the byte count; unconnected, fails with {@link NotYetConnectedException}. */
    public CompletionStage<Integer> recv(Buffer buffer) {
        if (peer == null && sock.isOpen()) {
            return CompletableFuture.failedFuture(new NotYetConnectedException());
        }
        return sock.recvFrom(buffer).thenApply(Received::length); // RECV_FROM: its errors are a datagram's (PortUnreachable)
    }

    /**
     * Dissolves the association of {@link #connect}: from then on the socket receives from anyone
     * and sends only with an address ({@link #send} and {@link #recv} fail with
     * {@link NotYetConnectedException}). As the JDK's {@code DatagramChannel.disconnect}: it waits
     * until the sends and receives in progress are complete (a receive pending for the peer still
     * takes only the peer's datagram), it does nothing to an unconnected or closed socket, and the
     * socket keeps its local address. Completes once the socket is disconnected.
     */
    CompletionStage<Void> disconnect() {
        if (peer == null || !sock.isOpen()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        sock.handle.whenIdle(() -> {
            try {
                sock.disconnect();
                peer = null;
                done.complete(null);
            } catch (IOException | RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }
}
