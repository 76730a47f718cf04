package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.Shutdown;
import io.rusticated.net.UnixAddress;
import io.rusticated.net.UnixListener;
import io.rusticated.net.UnixStream;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the Unix-stream fuzz: a send waiting for room on a Unix stream must end when its own
 * side shuts down writing, as the JDK's {@code SocketChannel} ends its blocked write. Linux's
 * poll of a Unix stream reports nothing for its own shutdown of writing (unix_poll sets no
 * EPOLLOUT, unlike tcp_poll), so a readiness backend that waits only for the poller waits for ever.
 */
@Needs({Feature.SOCKETS, Feature.UNIX_SOCKETS})
class UnixShutdownTest {
    @TempDir
    Path dir;

    @Test
    void aSendWaitingForRoomEndsWhenItsSideShutsDownWriting() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            UnixListener listener = UnixListener.bind(loop, UnixAddress.of(dir.resolve("s")), 4);
            CompletableFuture<UnixStream> accepted = listener.accept().toCompletableFuture();
            UnixStream client = Loopback.await(loop, UnixStream.connect(loop, UnixAddress.of(dir.resolve("s"))));
            UnixStream server = Loopback.await(loop, accepted);
            client.setOption(StandardSocketOptions.SO_SNDBUF, Loopback.SMALL_BUFFERS);
            CompletableFuture<Void> pending = client.writeAll(Buffer.of(new byte[1 << 20])).toCompletableFuture();
            Loopback.settle(loop);
            assertThat(pending).as("a MiB does not fit in the buffers: the send waits for room").isNotDone();

            Loopback.await(loop, client.shutdown(Shutdown.WRITE));
            Loopback.await(loop, pending.handle((v, e) -> null)); // fails the case if the send still waits after the limit
            Throwable failure = Failures.of(loop, pending);
            assertThat(failure).as("the waiting send ends: closed (the JDK's answer) or the OS's EPIPE")
                    .satisfiesAnyOf(e -> assertThat(e).isInstanceOf(ClosedChannelException.class),
                            e -> assertThat(e).isExactlyInstanceOf(IOException.class).hasMessage("Broken pipe"));
            Loopback.await(loop, client.close());
            Loopback.await(loop, server.close());
            Loopback.await(loop, listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }
}
