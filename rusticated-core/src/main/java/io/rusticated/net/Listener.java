package io.rusticated.net;


import java.net.SocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * A listening stream socket on a loop, TCP or Unix-domain: each {@link #accept()} takes one
 * connection the kernel queued.
 *
 * @param <S> the stream type accepted
 * @param <A> the address type
 */
public abstract sealed class Listener<S extends StreamSocket<A>, A extends SocketAddress> extends NetSocket<A> permits TcpListener, UnixListener {
    private final Function<Sock, S> wrap;

    Listener(Sock sock, Function<Sock, S> wrap) {
        super(sock);
        this.wrap = wrap;
    }

    /**
     * The next connection. Cancelling the returned future cancels the accept in the OS; one that
     * completes after its cancel anyway has its connection closed by the loop; closing the listener fails a pending accept with
     * {@link java.nio.channels.AsynchronousCloseException}.
     */
    public CompletionStage<S> accept() {
        return sock.accept(wrap);
    }

    /**
     * The accepted connections as a stream ({@link Incoming}): one multishot accept where the
     * backend has it, with at most {@code maxQueued} connections waiting to be taken.
     */
    public Incoming<S> incoming(int maxQueued) {
        return new Incoming<>(sock, wrap, maxQueued);
    }
}
