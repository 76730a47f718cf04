package io.rusticated.net;

import io.rusticated.io.AsyncRead;
import io.rusticated.io.AsyncWrite;
import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A connected stream socket on a loop, TCP or Unix-domain: reads and writes lend the caller's
 * {@link Buffer} (a read fills its spare capacity and completes with 0 at the end of the stream,
 * a write sends its filled part and may be short); shutdown of either direction; close.
 *
 * @param <A> the address type ({@link java.net.InetSocketAddress} or {@link UnixAddress})
 */
public abstract sealed class StreamSocket<A extends SocketAddress> extends NetSocket<A> implements AsyncRead, AsyncWrite permits TcpStream, UnixStream {

    StreamSocket(Sock sock) {
        super(sock);
    }

    /** Receives what the peer sent into the buffer's spare capacity; 0 once it shut down writing. */
    @Override
    public CompletionStage<Integer> read(Buffer buffer) {
        return sock.read(buffer);
    }

    /**
     * Receives into a buffer of {@code ring} (one ring per loop): the reader owns the buffer it gets
     * and {@link Buffer#release() releases} it back; null at the end of the stream. Where the
     * backend provides buffers (io_uring) the pending receive holds no buffer until data arrives, so
     * many idle connections share one ring's memory. It answers from the stream's state as
     * {@link #read} does: null once reading is shut down, the reset after a read met one, and
     * {@link java.nio.channels.ClosedChannelException} on a closed stream.
     */
    public CompletionStage<Buffer> readManaged(BufferRing ring) {
        return sock.readManaged(ring);
    }

    /**
     * Delivers the stream's data to {@code handler} as it arrives, in buffers of {@code ring}; it
     * ends with the end of the stream once reading is shut down, with the reset a read met, or on
     * a closed stream with {@link java.nio.channels.ClosedChannelException} (see {@link ReadStream}).
     */
    public ReadStream readMulti(BufferRing ring, ReadHandler handler) {
        return new ReadStream(sock, ring, handler);
    }

    /** Sends the buffer's filled part (possibly only some of it: see {@link #writeAll}). */
    @Override
    public CompletionStage<Integer> write(Buffer buffer) {
        return sock.write(buffer);
    }

    /** Sends the whole filled part, looping over short writes; the buffer ends empty. */
    public CompletionStage<Void> writeAll(Buffer buffer) {
        return sock.writeAll(buffer);
    }

    /**
     * Shuts down reading, writing or both, at once. Writing shut down, the peer reads the end of
     * the stream while this side may still read (a half-close). Afterwards, as on the JDK's
     * channels, a read here ends at once (0) once reading is shut down, and a write fails with
     * {@link java.nio.channels.ClosedChannelException} once writing is. After a read failed with
     * a reset, later reads fail so too.
     */
    public CompletionStage<Void> shutdown(Shutdown how) {
        try {
            sock.shutdown(how);
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Cancels what is in flight (it fails with {@link java.nio.channels.AsynchronousCloseException})
     * and closes the socket once it completed; the stage completes when it is closed. With unread
     * received data the OS sends a reset (RFC 1122 4.2.2.13): to let the peer read everything,
     * {@link #shutdown} writing and read to the end first.
     */
    @Override
    public CompletionStage<Void> close() {
        return sock.close();
    }

    /** Closes at once with a reset (SO_LINGER zero), dropping data not yet sent. */
    public CompletionStage<Void> closeWithReset() {
        return sock.closeWithReset();
    }

    @SuppressWarnings("unchecked")
    public A peerAddress() throws IOException {
        return (A) sock.peerAddress();
    }
}
