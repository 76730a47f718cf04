package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.Shutdown;
import io.rusticated.net.TcpListener;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Half-close (research networking.md §5 trap 4): the end of the stream is not the end of the
 * connection. A side that shut down writing still reads; its peer reads everything, then the end
 * of the stream (every time it asks), and may still write. After its own shutdown a side gets the
 * JDK's answers from its channels' state: a write fails with {@link ClosedChannelException}, a
 * read after shutting down reading ends at once even with bytes queued. Calls on a closed socket
 * fail with {@link ClosedChannelException} and never reach the OS, whose descriptor number may
 * already name another socket.
 */
@Needs(Feature.SOCKETS)
class HalfCloseTest {
    @Test
    void aSideThatShutDownWritingStillReadsAndItsPeerStillWrites() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            Loopback.await(loop, p.client().writeAll(Buffer.of("request")));
            Loopback.await(loop, p.client().shutdown(Shutdown.WRITE));
            Buffer got = Buffer.allocate(64);
            while (Loopback.await(loop, p.server().read(got)) > 0) {
                // read up to the end of the stream
            }
            assertThat(got.toString(StandardCharsets.UTF_8)).isEqualTo("request");
            assertThat(Loopback.await(loop, p.server().read(Buffer.allocate(8)))).as("the end of the stream, asked again").isZero();
            Loopback.await(loop, p.server().writeAll(Buffer.of("response")));
            Loopback.await(loop, p.server().shutdown(Shutdown.WRITE));
            Buffer back = Buffer.allocate(64);
            while (Loopback.await(loop, p.client().read(back)) > 0) {
                // the response, then the end of the stream
            }
            assertThat(back.toString(StandardCharsets.UTF_8)).isEqualTo("response");
            assertThat(Failures.of(loop, p.client().write(Buffer.of("late")))).as("a write after shutting down writing")
                    .isExactlyInstanceOf(ClosedChannelException.class);
            p.close(loop);
            Loopback.await(loop, listener.close());
        }
    }

    @Test
    void aReadAfterShuttingDownReadingEndsAtOnceAsTheJdksDoes() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            Loopback.await(loop, p.client().writeAll(Buffer.of("queued")));
            Loopback.settle(loop);
            Loopback.await(loop, p.server().shutdown(Shutdown.READ));
            // SocketChannel returns -1 from its own state here (AsynchronousSocketChannel too),
            // though the OS would still hand out the queued bytes.
            assertThat(Loopback.await(loop, p.server().read(Buffer.allocate(64)))).isZero();
            Loopback.await(loop, p.server().writeAll(Buffer.of("still writes")));
            Buffer b = Buffer.allocate(64);
            assertThat(Loopback.await(loop, p.client().read(b))).isEqualTo(12);
            p.close(loop);
            Loopback.await(loop, listener.close());
        }
    }

    @Test
    void callsOnAClosedSocketFailWithoutReachingTheOs() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            Loopback.await(loop, p.client().close());
            // The descriptor's number goes to the next socket: a shutdown or an option set through
            // the closed one would change that socket.
            Peers.Pair next = Peers.connect(loop, listener);
            assertThat(Failures.of(loop, p.client().shutdown(Shutdown.BOTH))).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> p.client().setOption(StandardSocketOptions.SO_LINGER, 0)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> p.client().getOption(StandardSocketOptions.SO_RCVBUF)).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> p.client().localAddress()).isInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(() -> p.client().peerAddress()).isInstanceOf(ClosedChannelException.class);
            Loopback.await(loop, p.client().closeWithReset()); // a second close of either kind does nothing
            // The new connection is untouched: it still carries bytes both ways.
            Loopback.await(loop, next.client().writeAll(Buffer.of("ping")));
            assertThat(Loopback.await(loop, next.server().read(Buffer.allocate(8)))).isEqualTo(4);
            Loopback.await(loop, next.server().writeAll(Buffer.of("pong")));
            assertThat(Loopback.await(loop, next.client().read(Buffer.allocate(8)))).isEqualTo(4);
            next.close(loop);
            Loopback.await(loop, p.server().close());
            Loopback.await(loop, listener.close());
        }
    }
}
