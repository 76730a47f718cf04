package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.Received;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.net.UdpSocket;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import io.rusticated.spi.Platform;
import io.rusticated.spi.SocketSupport.SocketFamily;
import io.rusticated.spi.SocketSupport.SocketType;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

import static io.rusticated.conformance.net.Peers.ANY_LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Cancelling what waits on a socket: the operation ends in a {@link CancellationException} with
 * its buffer back untouched, nothing it would have moved is lost or sent, and the socket goes on
 * serving the operations after it.
 */
@Needs(Feature.SOCKETS)
class SocketCancellationTest {
    @Test
    void aCancelledReceiveConsumesNothingAndTheNextOneGetsTheData() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Peers.Pair p = Peers.connect(loop, listener);
            Buffer b = Buffer.allocate(16).append("XXXXXXXXXXXXXXXX").clear(); // spare capacity holds a pattern
            CompletableFuture<Integer> read = p.server().read(b).toCompletableFuture();
            loop.runNow();
            assertThat(read).isNotDone();
            assertThat(read.cancel(true)).isTrue();
            assertThat(Failures.of(loop, read)).isInstanceOf(CancellationException.class);
            assertThat(b.isLent()).isFalse();
            assertThat(b.setLength(16).toString(StandardCharsets.UTF_8)).as("nothing written into it").isEqualTo("XXXXXXXXXXXXXXXX");

            loop.blockOn(p.client().writeAll(Buffer.of("after")));
            Buffer next = Buffer.allocate(16);
            assertThat(loop.blockOn(p.server().read(next))).isEqualTo(5);
            assertThat(next.toString(StandardCharsets.UTF_8)).isEqualTo("after");
            p.close(loop);
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    /** A send cancelled while it waits for room sends none of its bytes: the peer receives exactly what the completed sends sent. */
    @Test
    void aCancelledSendSendsNothingOfItsBuffer() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Peers.Pair p = Peers.connect(loop, listener);
            long sent = 0;
            CompletableFuture<Integer> waiting = null;
            for (int i = 0; i < 10_000 && waiting == null; i++) {
                CompletableFuture<Integer> w = p.client().write(Buffer.of(new byte[64 * 1024])).toCompletableFuture();
                loop.runNow();
                loop.runNow();
                if (w.isDone()) {
                    sent += w.join();
                } else {
                    waiting = w;
                }
            }
            assertThat(waiting).as("a send that waits for room").isNotNull();
            assertThat(waiting.cancel(true)).isTrue();
            assertThat(Failures.of(loop, waiting)).isInstanceOf(CancellationException.class);
            loop.blockOn(p.client().shutdown(io.rusticated.net.Shutdown.WRITE));
            byte[] all = loop.blockOn(TcpTest.readAll(p.server()));
            assertThat((long) all.length).isEqualTo(sent);
            p.close(loop);
            loop.blockOn(listener.close());
        }
    }

    @Test
    void aCancelledAcceptLeavesTheListenerAccepting() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            CompletableFuture<TcpStream> first = listener.accept().toCompletableFuture();
            loop.runNow();
            assertThat(first.cancel(true)).isTrue();
            assertThat(Failures.of(loop, first)).isInstanceOf(CancellationException.class);
            try (SocketChannel client = SocketChannel.open(listener.localAddress())) {
                TcpStream accepted = loop.blockOn(listener.accept());
                client.write(ByteBuffer.wrap("hi".getBytes(StandardCharsets.UTF_8)));
                assertThat(loop.blockOn(accepted.read(Buffer.allocate(4)))).isEqualTo(2);
                loop.blockOn(accepted.close());
            }
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    /** A connect to a listener whose backlog is full waits (its SYNs go unanswered) until cancelled. */
    @Test
    void aCancelledConnectEnds() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener full = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults().withBacklog(1));
            List<SocketChannel> fillers = new ArrayList<>();
            long socket = Platform.sockets().socket(SocketFamily.INET, SocketType.STREAM);
            try {
                for (int i = 0; i < 8; i++) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(full.localAddress());
                    fillers.add(c);
                }
                // The low-level path, on a handle the test owns: the connect is the only operation on it.
                FutureOperation<Void> connect = Ops.done();
                connect.prepareConnect(socket, full.localAddress());
                loop.submit(connect);
                loop.runNow();
                assertThat(connect.future()).isNotDone();
                assertThat(connect.future().cancel(true)).isTrue();
                assertThat(Failures.of(loop, connect.future())).isInstanceOf(CancellationException.class);
                assertThat(loop.inFlight()).isZero();
            } finally {
                Platform.closeHandle(socket);
                for (SocketChannel c : fillers) {
                    c.close();
                }
                loop.blockOn(full.close());
            }
        }
    }

    @Test
    void aCancelledDatagramReceiveLeavesTheDatagramForTheNext() throws Exception {
        try (EventLoop loop = EventLoop.open(); DatagramChannel jdk = DatagramChannel.open()) {
            jdk.bind(ANY_LOOPBACK);
            UdpSocket udp = UdpSocket.bind(loop, ANY_LOOPBACK);
            CompletableFuture<Received> first = udp.recvFrom(Buffer.allocate(16)).toCompletableFuture();
            loop.runNow();
            assertThat(first.cancel(true)).isTrue();
            assertThat(Failures.of(loop, first)).isInstanceOf(CancellationException.class);
            jdk.send(ByteBuffer.wrap("one".getBytes(StandardCharsets.UTF_8)), udp.localAddress());
            Buffer in = Buffer.allocate(16);
            Received r = loop.blockOn(udp.recvFrom(in));
            assertThat(r.from()).isEqualTo(jdk.getLocalAddress());
            assertThat(in.toString(StandardCharsets.UTF_8)).isEqualTo("one");
            loop.blockOn(udp.close());
            assertThat(loop.inFlight()).isZero();
        }
    }
}
