package io.rusticated.conformance.net;

import io.rusticated.conformance.Await;
import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a socket with operations pending on it: each fails with the JDK's
 * {@link AsynchronousCloseException} and gives its buffer back untouched, the close completes once
 * they did, and nothing stays in flight. On io_uring closing a descriptor does not end a receive
 * pending on it (research networking.md §5 trap 7): the close must cancel it first, or it waits
 * for data that never comes.
 */
@Needs(Feature.SOCKETS)
class CloseWithPendingTest {
    private static final byte GUARD = 0x5A;

    private static Buffer guarded(int capacity) {
        Buffer b = Buffer.allocate(capacity);
        b.memory().fill(GUARD);
        return b;
    }

    static void assertUntouched(Buffer b) {
        assertThat(b.isLent()).as("lent after its read completed").isFalse();
        assertThat(b.length()).as("bytes filled by a read that failed").isZero();
        MemorySegment m = b.memory();
        for (long i = 0; i < m.byteSize(); i++) {
            if (m.get(ValueLayout.JAVA_BYTE, i) != GUARD) {
                throw new AssertionError("byte " + i + " of a read that failed was written");
            }
        }
    }

    @Test
    void closeCancelsAPendingReceiveThenCloses() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            Buffer b = guarded(4096);
            CompletableFuture<Integer> read = p.server().read(b).toCompletableFuture();
            Loopback.settle(loop);
            assertThat(read).as("a read with nothing to receive").isNotDone();
            Loopback.await(loop, p.server().close());
            assertThat(Failures.of(loop, read)).isInstanceOf(AsynchronousCloseException.class);
            assertUntouched(b);
            assertThat(Failures.of(loop, p.server().read(Buffer.allocate(8)))).isInstanceOf(ClosedChannelException.class);
            // The peer learns of the close: the end of the stream.
            assertThat(Loopback.await(loop, p.client().read(Buffer.allocate(8)))).isZero();
            Loopback.await(loop, p.client().close());
            Loopback.await(loop, listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void closeCancelsAPendingWriteAndAPendingAccept() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Loopback.small(loop, listener);
            // Far more than both ends' buffers hold while nobody reads: the write waits.
            CompletableFuture<Void> write = p.client().writeAll(Buffer.of(new byte[4 << 20])).toCompletableFuture();
            CompletableFuture<TcpStream> accept = listener.accept().toCompletableFuture();
            Loopback.settle(loop);
            assertThat(write).isNotDone();
            assertThat(accept).isNotDone();
            Loopback.await(loop, p.client().close());
            // Between two of writeAll's sends the next one finds the socket closing: the plain form.
            assertThat(Failures.of(loop, write)).isInstanceOf(ClosedChannelException.class);
            Loopback.await(loop, listener.close());
            assertThat(Failures.of(loop, accept)).isInstanceOf(AsynchronousCloseException.class);
            Loopback.await(loop, p.server().close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    @Needs({Feature.SOCKETS, Feature.OPEN_DESCRIPTORS})
    void closingManySocketsWithReceivesPendingLeavesNothingOpen() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            long before = Peers.openDescriptors();
            List<Peers.Pair> pairs = new ArrayList<>();
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Peers.Pair p = Peers.connect(loop, listener);
                pairs.add(p);
                reads.add(p.client().read(Buffer.allocate(64)).toCompletableFuture());
                reads.add(p.server().read(Buffer.allocate(64)).toCompletableFuture());
            }
            Loopback.settle(loop);
            List<CompletableFuture<Void>> closes = new ArrayList<>();
            for (Peers.Pair p : pairs) {
                closes.add(p.client().close().toCompletableFuture());
                closes.add(p.server().close().toCompletableFuture());
            }
            Loopback.await(loop, CompletableFuture.allOf(closes.toArray(CompletableFuture[]::new)));
            for (CompletableFuture<Integer> r : reads) {
                // A read may also have seen its peer's close first: the end of the stream.
                assertThat(r).isDone();
                if (r.isCompletedExceptionally()) {
                    assertThat(Failures.of(loop, r)).isInstanceOf(AsynchronousCloseException.class);
                } else {
                    assertThat(r.join()).isZero();
                }
            }
            Await.idle(loop);
            assertThat(Peers.openDescriptors()).as("descriptors after closing 128 sockets").isEqualTo(before);
            Loopback.await(loop, listener.close());
        }
    }
}
