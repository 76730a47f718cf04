package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.net.UdpSocket;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import io.rusticated.rt.OwnedHandle;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Platform;
import io.rusticated.spi.SocketSupport.SocketFamily;
import io.rusticated.spi.SocketSupport.SocketType;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.rusticated.conformance.net.Peers.ANY_LOOPBACK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing a socket with operations pending: each fails with {@link AsynchronousCloseException}, its
 * buffer comes back, and the socket closes once they all completed (the peer sees it). On io_uring
 * a bare close(2) would leave a pending receive or accept pending for ever, so the close must
 * cancel them first; on a readiness backend they must leave the poller before the number is reused.
 */
@Needs(Feature.SOCKETS)
class SocketCloseTest {
    @Test
    void closingAListenerFailsItsPendingAcceptAndFreesThePort() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            InetSocketAddress where = listener.localAddress();
            CompletableFuture<TcpStream> pending = listener.accept().toCompletableFuture();
            loop.runNow();
            loop.blockOn(listener.close());
            assertThat(Failures.of(loop, pending)).isInstanceOf(AsynchronousCloseException.class);
            assertThat(listener.isOpen()).isFalse();
            TcpListener again = TcpListener.bind(loop, where, ListenOptions.defaults());
            loop.blockOn(again.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void closingAStreamFailsItsPendingReceiveGivesTheBufferBackAndThePeerSeesTheEnd() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Peers.Pair p = Peers.connect(loop, listener);
            Buffer lent = Buffer.allocate(16);
            CompletableFuture<Integer> pending = p.client().read(lent).toCompletableFuture();
            loop.runNow();
            assertThat(lent.isLent()).isTrue();
            loop.blockOn(p.client().close());
            assertThat(Failures.of(loop, pending)).isInstanceOf(AsynchronousCloseException.class);
            assertThat(lent.isLent()).isFalse();
            assertThat(lent.length()).isZero();
            assertThat(loop.blockOn(p.server().read(Buffer.allocate(16)))).as("the peer sees the close").isZero();
            assertThat(Failures.of(loop, p.client().read(Buffer.allocate(16)))).isInstanceOf(ClosedChannelException.class);
            loop.blockOn(p.server().close());
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void closingAStreamFailsItsPendingSendOnAFullConnection() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Peers.Pair p = Peers.connect(loop, listener);
            PendingSend stuck = sendUntilOneWaits(loop, p.client());
            loop.blockOn(p.client().close());
            assertThat(Failures.of(loop, stuck.future())).isInstanceOf(AsynchronousCloseException.class);
            assertThat(stuck.buffer().isLent()).isFalse();
            loop.blockOn(p.server().close());
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    /** A send that waits, and its buffer. */
    record PendingSend(CompletableFuture<Integer> future, Buffer buffer) {
    }

    /** Sends 64 KiB at a time to a peer that reads nothing until a send cannot go: that one waits. */
    static PendingSend sendUntilOneWaits(EventLoop loop, TcpStream s) {
        for (int i = 0; i < 10_000; i++) {
            Buffer b = Buffer.of(new byte[64 * 1024]);
            CompletableFuture<Integer> w = s.write(b).toCompletableFuture();
            loop.runNow();
            loop.runNow();
            if (!w.isDone()) {
                return new PendingSend(w, b);
            }
            w.join();
        }
        throw new AssertionError("a connection nobody reads never filled up");
    }

    @Test
    void closingASocketFailsItsPendingConnect() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            // A listener with a full backlog lets SYNs go unanswered, so a connect waits.
            TcpListener full = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults().withBacklog(1));
            List<SocketChannel> fillers = new ArrayList<>();
            try {
                for (int i = 0; i < 8; i++) {
                    SocketChannel c = SocketChannel.open();
                    c.configureBlocking(false);
                    c.connect(full.localAddress());
                    fillers.add(c);
                }
                OwnedHandle socket = new OwnedHandle(loop, Platform.sockets().socket(SocketFamily.INET, SocketType.STREAM), HandleRole.STREAM_SOCKET);
                FutureOperation<Void> connect = Ops.done();
                connect.prepareConnect(socket.handle(), full.localAddress());
                loop.submit(socket, connect);
                loop.runNow();
                assertThat(connect.future()).isNotDone();
                loop.blockOn(socket.close());
                assertThat(Failures.of(loop, connect.future())).isInstanceOf(AsynchronousCloseException.class);
                assertThat(loop.inFlight()).isZero();
            } finally {
                for (SocketChannel c : fillers) {
                    c.close();
                }
                loop.blockOn(full.close());
            }
        }
    }

    @Test
    void closingADatagramSocketFailsItsPendingReceive() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            UdpSocket udp = UdpSocket.bind(loop, ANY_LOOPBACK);
            Buffer lent = Buffer.allocate(16);
            var pending = udp.recvFrom(lent).toCompletableFuture();
            loop.runNow();
            loop.blockOn(udp.close());
            assertThat(Failures.of(loop, pending)).isInstanceOf(AsynchronousCloseException.class);
            assertThat(lent.isLent()).isFalse();
            assertThat(loop.inFlight()).isZero();
        }
    }

    /** A receive and a send pending on one connection (each direction has its own queue) both end, then the close. */
    @Test
    void closingWithAReceiveAndASendPendingEndsBoth() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, ANY_LOOPBACK, ListenOptions.defaults());
            Peers.Pair p = Peers.connect(loop, listener);
            PendingSend send = sendUntilOneWaits(loop, p.client());
            CompletableFuture<Integer> recv = p.client().read(Buffer.allocate(8)).toCompletableFuture();
            loop.runNow();
            assertThat(recv).isNotDone();
            loop.blockOn(p.client().close());
            assertThat(Failures.of(loop, send.future())).isInstanceOf(AsynchronousCloseException.class);
            assertThat(Failures.of(loop, recv)).isInstanceOf(AsynchronousCloseException.class);
            loop.blockOn(p.server().close());
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }
}
