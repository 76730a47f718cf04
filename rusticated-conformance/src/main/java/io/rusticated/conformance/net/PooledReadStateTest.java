package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.net.ReadHandler;
import io.rusticated.net.ReadStream;
import io.rusticated.net.Shutdown;
import io.rusticated.net.TcpListener;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pooled reads ({@code readManaged}, {@code readMulti}) answer from the stream's state as plain
 * reads do, which answer as the JDK's channels: after this side shut down reading, the end of the
 * stream at once, even with bytes queued (SocketChannel returns -1 from its own state); after a
 * peer's reset, that reset for every later read (the OS reports it once, then the end of the
 * stream; the JDK remembers it); on a closed stream, {@link ClosedChannelException} at once, even
 * while the ring is dry. A stream of reads ends so once and is not armed again.
 */
@Needs(Feature.SOCKETS)
class PooledReadStateTest {
    private static final int BUFFER_SIZE = 4096;

    /** Records what a stream delivers and how it ends; keeps the buffers it gets while {@link #holding}. */
    private static final class Recorder implements ReadHandler {
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final List<Buffer> held = new ArrayList<>();
        final CompletableFuture<Throwable> ended = new CompletableFuture<>();
        int ends;
        boolean holding;

        @Override
        public void onData(Buffer data) {
            received.writeBytes(data.toByteArray());
            if (holding) {
                held.add(data);
            } else {
                data.release();
            }
        }

        @Override
        public void onEnd(Throwable failure) {
            ends++;
            ended.complete(failure);
        }

        void releaseAll() {
            holding = false;
            held.forEach(Buffer::release);
            held.clear();
        }
    }

    private static void assertReset(Throwable t, String what) {
        assertThat(t).as(what).isExactlyInstanceOf(SocketException.class).hasMessage("Connection reset");
    }

    @Test
    void aPooledReadAfterShuttingDownReadingEndsAtOnceWithBytesQueued() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            BufferRing ring = new BufferRing(4, BUFFER_SIZE);
            Loopback.await(loop, p.client().writeAll(Buffer.of("queued")));
            Loopback.settle(loop);
            Loopback.await(loop, p.server().shutdown(Shutdown.READ));
            assertThat(Loopback.await(loop, p.server().readManaged(ring))).as("readManaged after shutting down reading").isNull();
            Recorder r = new Recorder();
            p.server().readMulti(ring, r);
            assertThat(Loopback.await(loop, r.ended)).as("readMulti's end after shutting down reading").isNull();
            assertThat(r.received.size()).as("bytes readMulti delivered after shutting down reading").isZero();
            Loopback.settle(loop);
            assertThat(r.ends).isEqualTo(1);
            assertThat(loop.inFlight()).as("operations in flight with both pooled reads ended").isZero();
            p.close(loop);
            Loopback.await(loop, listener.close());
        }
    }

    @Test
    void aStreamEndsWhenReadingIsShutDownAndIsNotArmedAgain() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            BufferRing ring = new BufferRing(2, BUFFER_SIZE);
            Recorder r = new Recorder();
            r.holding = true;
            p.server().readMulti(ring, r);
            // Fits the kernel's buffers: what the dry ring leaves unread stays queued at the receiver.
            Loopback.await(loop, p.client().writeAll(Buffer.of(new byte[16 * BUFFER_SIZE])));
            long deadline = System.nanoTime() + Loopback.LIMIT.toNanos();
            while (r.held.size() < 2 && System.nanoTime() - deadline < 0) {
                Loopback.settle(loop);
            }
            assertThat(r.held).as("buffers delivered before the ring ran dry").hasSize(2);
            int before = r.received.size();
            Loopback.await(loop, p.server().shutdown(Shutdown.READ));
            r.releaseAll(); // buffers return: a stream armed again now would receive the queued bytes
            assertThat(Loopback.await(loop, r.ended)).as("the stream's end after shutting down reading").isNull();
            Loopback.settle(loop);
            assertThat(r.received.size()).as("bytes delivered after shutting down reading").isEqualTo(before);
            assertThat(r.ends).isEqualTo(1);
            assertThat(loop.inFlight()).as("operations in flight once the stream ended").isZero();
            p.close(loop);
            Loopback.await(loop, listener.close());
        }
    }

    @Test
    void aPendingStreamEndsWithTheEndOfTheStreamWhenReadingIsShutDown() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            BufferRing ring = new BufferRing(2, BUFFER_SIZE);
            Recorder r = new Recorder();
            p.server().readMulti(ring, r);
            Loopback.settle(loop);
            Loopback.await(loop, p.server().shutdown(Shutdown.READ));
            assertThat(Loopback.await(loop, r.ended)).as("the pending stream's end").isNull();
            // The peer writes on (Linux takes data after SHUT_RD): nothing receives it any more.
            Loopback.await(loop, p.client().writeAll(Buffer.of("late")));
            Loopback.settle(loop);
            assertThat(r.received.size()).isZero();
            assertThat(r.ends).isEqualTo(1);
            assertThat(loop.inFlight()).isZero();
            p.close(loop);
            Loopback.await(loop, listener.close());
        }
    }

    @Test
    void aResetFailsThePooledReadAndEveryLaterRead() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            BufferRing ring = new BufferRing(4, BUFFER_SIZE);
            CompletableFuture<Buffer> pending = p.client().readManaged(ring).toCompletableFuture();
            Loopback.settle(loop);
            Loopback.await(loop, p.server().closeWithReset());
            assertReset(Failures.of(loop, pending), "the pending readManaged");
            for (int i = 0; i < 3; i++) {
                assertReset(Failures.of(loop, p.client().readManaged(ring)), "readManaged " + (i + 1) + " after the reset");
            }
            assertReset(Failures.of(loop, p.client().read(Buffer.allocate(64))), "a plain read after the reset");
            Recorder r = new Recorder();
            p.client().readMulti(ring, r);
            assertReset(Loopback.await(loop, r.ended), "readMulti after the reset");
            Loopback.settle(loop);
            assertThat(r.ends).isEqualTo(1);
            assertThat(loop.inFlight()).isZero();
            Loopback.await(loop, p.client().close());
            Loopback.await(loop, listener.close());
        }
    }

    @Test
    void aStreamThatMeetsAResetEndsWithItOnceAndLaterReadsFailSo() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            BufferRing ring = new BufferRing(4, BUFFER_SIZE);
            Recorder r = new Recorder();
            ReadStream stream = p.client().readMulti(ring, r);
            Loopback.await(loop, p.server().writeAll(Buffer.of("before")));
            long deadline = System.nanoTime() + Loopback.LIMIT.toNanos();
            while (r.received.size() < 6 && System.nanoTime() - deadline < 0) {
                Loopback.settle(loop);
            }
            Loopback.await(loop, p.server().closeWithReset());
            assertReset(Loopback.await(loop, r.ended), "the stream's end");
            Loopback.settle(loop);
            assertThat(r.received.toString()).isEqualTo("before");
            assertThat(r.ends).as("onEnd calls").isEqualTo(1);
            assertThat(loop.inFlight()).as("operations in flight once the stream ended (multishot " + stream.isMultishot() + ")").isZero();
            assertReset(Failures.of(loop, p.client().read(Buffer.allocate(64))), "a plain read after the stream's reset");
            assertReset(Failures.of(loop, p.client().readManaged(ring)), "readManaged after the stream's reset");
            Loopback.await(loop, p.client().close());
            Loopback.await(loop, listener.close());
        }
    }

    @Test
    void pooledReadsOnAClosedStreamFailWithClosedChannelExceptionEvenWithTheRingDry() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            BufferRing ring = new BufferRing(1, BUFFER_SIZE);
            Loopback.await(loop, p.client().writeAll(Buffer.of("x")));
            Buffer only = Loopback.await(loop, p.server().readManaged(ring)); // the ring's one buffer, held
            Loopback.await(loop, p.server().close());
            assertThat(Failures.of(loop, p.server().readManaged(ring))).as("readManaged on a closed stream")
                    .isExactlyInstanceOf(ClosedChannelException.class);
            Recorder r = new Recorder();
            p.server().readMulti(ring, r);
            assertThat(Loopback.await(loop, r.ended)).as("readMulti on a closed stream").isExactlyInstanceOf(ClosedChannelException.class);
            only.release();
            Loopback.settle(loop);
            assertThat(r.ends).isEqualTo(1);
            assertThat(loop.inFlight()).isZero();
            Loopback.await(loop, p.client().close());
            Loopback.await(loop, listener.close());
        }
    }
}
