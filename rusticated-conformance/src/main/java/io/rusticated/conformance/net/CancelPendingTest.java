package io.rusticated.conformance.net;

import io.rusticated.conformance.Await;
import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.ConnectOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling a pending accept, connect or read: the stage fails with a
 * {@link CancellationException} once the OS gave the request up, nothing is left in flight or
 * open, nothing is taken (the next accept gets the next connection, the next read the next bytes),
 * and the socket stays usable.
 */
@Needs(Feature.SOCKETS)
class CancelPendingTest {
    @Test
    void aCancelledAcceptTakesNoConnection() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            CompletableFuture<TcpStream> accept = listener.accept().toCompletableFuture();
            Loopback.settle(loop);
            accept.cancel(true);
            assertThat(Failures.of(loop, accept)).isInstanceOf(CancellationException.class);
            Await.idle(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            Loopback.await(loop, p.client().writeAll(Buffer.of("after")));
            Buffer b = Buffer.allocate(16);
            assertThat(Loopback.await(loop, p.server().read(b))).isEqualTo(5);
            p.close(loop);
            Loopback.await(loop, listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    @Needs({Feature.SOCKETS, Feature.OPEN_DESCRIPTORS})
    void aCancelledConnectLeavesNothingOpenOrInFlight() throws Exception {
        try (EventLoop loop = EventLoop.open(); Blackhole nowhere = new Blackhole()) {
            long before = Peers.openDescriptors();
            CompletableFuture<TcpStream> connect = TcpStream.connect(loop, nowhere.address, ConnectOptions.defaults()).toCompletableFuture();
            Loopback.settle(loop);
            assertThat(connect).as("a connect to a listener whose queue is full").isNotDone();
            connect.cancel(true);
            assertThat(Failures.of(loop, connect)).isInstanceOf(CancellationException.class);
            Await.idle(loop);
            Loopback.settle(loop); // the socket's close is the last thing the cancel does
            assertThat(Peers.openDescriptors()).as("descriptors after the cancelled connect").isEqualTo(before);
        }
    }

    @Test
    void aCancelledReadTakesNoBytes() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            Buffer first = Buffer.allocate(64);
            first.memory().fill((byte) 0x5A);
            CompletableFuture<Integer> read = p.server().read(first).toCompletableFuture();
            Loopback.settle(loop);
            read.cancel(true);
            assertThat(Failures.of(loop, read)).isInstanceOf(CancellationException.class);
            CloseWithPendingTest.assertUntouched(first);
            Loopback.await(loop, p.client().writeAll(Buffer.of("next bytes")));
            Buffer second = Buffer.allocate(64);
            assertThat(Loopback.await(loop, p.server().read(second))).isEqualTo(10);
            assertThat(second.toString(StandardCharsets.UTF_8)).isEqualTo("next bytes");
            p.close(loop);
            Loopback.await(loop, listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }
}
