package io.rusticated.net;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.MultishotOperation;
import io.rusticated.spi.Opcode;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A socket's data delivered as it arrives into buffers from a {@link BufferRing}: one multishot
 * receive where the backend has it (io_uring 6.0+: one request, one completion per buffer filled),
 * else one receive at a time kept in flight. A pending receive pins no buffer where the backend
 * provides buffers itself. When the ring runs dry the stream waits for buffers to be released,
 * so a reader that holds on to buffers slows its own stream down and nothing else.
 *
 * <p>The stream follows the socket's state as its plain reads do: once reading is shut down it
 * delivers nothing more (the JDK's channels read the end of the stream from then on, with bytes
 * queued or not) and ends with the end of the stream; a reset ends it with that failure, and
 * later reads of any kind fail so too; on a closed socket it ends with
 * {@link java.nio.channels.ClosedChannelException}. It is not armed again once it ended.
 * Confined to the loop thread, except {@link #cancel()}.
 */
public final class ReadStream {
    private final Sock sock;
    private final BufferRing ring;
    private final ReadHandler handler;
    private final boolean multishot;
    private volatile boolean cancelled;
    private Receiving receiving; // loop thread
    /** The single receive in flight where no multishot one serves the stream. */
    private CompletableFuture<Buffer> single;   // loop thread
    private boolean ended;       // loop thread

    ReadStream(Sock sock, BufferRing ring, ReadHandler handler) {
        this.sock = sock;
        this.ring = ring;
        this.handler = handler;
        EventLoop loop = sock.loop;
        this.multishot = loop.supportsProvidedBuffers() && loop.supportsMultishot(Opcode.RECV);
        ring.claim(loop);
        sock.stream = this;
        onLoop(this::arm);
    }

    /** Whether one multishot receive serves this stream. */
    public boolean isMultishot() {
        return multishot;
    }

    /** Stops reading: the receive in flight is cancelled; data it still delivers reaches the handler; then {@link ReadHandler#onEnd}. */
    public void cancel() {
        cancelled = true;
        stopReceiving();
    }

    /** Cancels the receive in flight, if any; the stream ends as its completion finds the state. */
    void stopReceiving() {
        onLoop(() -> {
            if (receiving != null) {
                receiving.cancel();
            } else if (single != null) {
                single.cancel(false);
            }
        });
    }

    private void onLoop(Runnable r) {
        if (sock.loop.isLoopThread()) {
            r.run();
        } else {
            sock.loop.execute(r);
        }
    }

    private void arm() {
        if (ended) {
            return;
        }
        if (cancelled || sock.readingShut()) {
            end(null);
            return;
        }
        if (sock.resetSeenOnOpen()) {
            end(Sock.connectionReset());
            return;
        }
        if (multishot) {
            receiving = new Receiving();
            receiving.prepareRecvMultishot(sock.fd(), ring);
            sock.loop.submit(sock.handle, receiving);
            return;
        }
        CompletableFuture<Buffer> read = sock.readManaged(ring);
        single = read;
        read.whenComplete((b, e) -> {
            single = null;
            if (e != null) {
                end(Net.cause(e));
            } else if (b == null) {
                end(null);
            } else {
                deliver(b);
                arm();
            }
        });
    }

    private void deliver(Buffer b) {
        try {
            handler.onData(b);
        } catch (RuntimeException e) {
            System.getLogger("io.rusticated").log(System.Logger.Level.WARNING, "ReadHandler.onData threw; the stream goes on", e);
        }
    }

    private void end(Throwable failure) {
        if (!ended) {
            ended = true;
            if (sock.stream == this) {
                sock.stream = null;
            }
            handler.onEnd(failure instanceof CancellationException ? null : failure);
        }
    }

    /**
     * The multishot receive. Reading shut down under it, it hands back what it still receives
     * and is cancelled: the kernel ends it only once the socket's queue is empty, and Linux keeps
     * queueing what the peer sends after SHUT_RD.
     */
    private final class Receiving extends MultishotOperation {
        private boolean stopping;

        @Override
        protected void next(long bytes, Object buffer) {
            if (buffer == null) {
                return;
            }
            if (sock.readingShut()) {
                ((Buffer) buffer).release();
                if (!stopping) {
                    stopping = true;
                    cancel();
                }
                return;
            }
            deliver((Buffer) buffer);
        }

        @Override
        protected void complete(long bytes, Throwable failure) {
            receiving = null;
            if (sock.readingShut()) {
                if (payload() != null) {
                    ((Buffer) payload()).release();
                }
                end(null);
            } else if (failure != null) {
                sock.noteReadFailure(failure);
                end(failure);
            } else if (bytes == 0) {
                end(null); // the end of the stream
            } else {
                if (payload() != null) {
                    deliver((Buffer) payload());
                }
                arm(); // the series stopped (the kernel's choice, or the ring ran dry): go on
            }
        }
    }
}
