package io.rusticated.windows;

import io.rusticated.io.Buffer;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.Received;
import io.rusticated.net.Shutdown;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.net.UdpSocket;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * io.rusticated.net on the IOCP driver's socket calls (AcceptEx, ConnectEx, WSARecv, WSASend,
 * WSARecvFrom, WSASendTo), under a real event loop, against {@link StandInWinsock} on
 * {@link StandInWindows} (rules W1 to W10 and R1 to R12). Every test ends with no rule broken,
 * nothing left in the stand-in's kernel, no socket left open and no warning logged.
 */
@Timeout(20)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows the platform's sockets are Winsock itself, not the stand-in's (OnWindowsTest runs them)")
class IocpSocketTest {
    private static final InetSocketAddress ANY_LOOPBACK_PORT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private final StandInWindows windows = new StandInWindows();
    private final LogRecorder log = new LogRecorder();
    private EventLoop loop;

    @BeforeEach
    void open() {
        loop = StandInBackend.openLoop(windows);
    }

    @AfterEach
    void close() {
        try {
            loop.close();
            assertThat(windows.violations).as("documented rules the driver broke").isEmpty();
            assertThat(windows.pendingCalls()).as("calls the stand-in's kernel still holds").isZero();
            assertThat(windows.winsock.openSockets()).as("sockets left open").isZero();
            assertThat(log.warnings).as("warnings logged").isEmpty();
        } finally {
            log.close();
        }
    }

    private <T> T await(CompletionStage<T> stage) {
        return loop.blockOn(stage.toCompletableFuture());
    }

    private Throwable failureOf(CompletionStage<?> stage) {
        try {
            await(stage);
        } catch (CompletionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (CancellationException e) {
            return e;
        }
        throw new AssertionError("completed without a failure");
    }

    private TcpListener listen() throws Exception {
        return TcpListener.bind(loop, ANY_LOOPBACK_PORT, ListenOptions.defaults());
    }

    private static String text(Buffer b) {
        return new String(b.toByteArray(), StandardCharsets.UTF_8);
    }

    private int write(TcpStream s, String text) {
        return await(s.write(Buffer.of(text.getBytes(StandardCharsets.UTF_8))));
    }

    private String read(TcpStream s) {
        Buffer b = Buffer.allocate(64);
        await(s.read(b));
        return text(b);
    }

    /** W1, W2, W3, W4: AcceptEx, ConnectEx after the bind it needs, and both contexts updated so the names can be asked. */
    @Test
    void aConnectionIsAcceptedConnectedAndCarriesBytesBothWays() throws Exception {
        TcpListener listener = listen();
        InetSocketAddress at = listener.localAddress();
        assertThat(at.getPort()).isBetween(49152, 65535);
        CompletionStage<TcpStream> accepted = listener.accept();
        TcpStream client = await(TcpStream.connect(loop, at, io.rusticated.net.ConnectOptions.defaults()));
        TcpStream server = await(accepted);

        assertThat(client.peerAddress()).isEqualTo(at);
        assertThat(server.localAddress()).isEqualTo(at);
        assertThat(server.peerAddress()).isEqualTo(client.localAddress());

        assertThat(write(client, "ping")).isEqualTo(4);
        assertThat(read(server)).isEqualTo("ping");
        assertThat(write(server, "pong")).isEqualTo(4);
        assertThat(read(client)).isEqualTo("pong");

        await(client.close());
        assertThat(await(server.read(Buffer.allocate(8)))).as("the end of the stream after the peer's FIN").isZero();
        await(server.close());
        await(listener.close());
    }

    /** W3: no listener: ConnectEx's packet says STATUS_CONNECTION_REFUSED, which is the JDK's ConnectException; the socket is closed. */
    @Test
    void aRefusedConnectionFailsWithConnectException() throws Exception {
        TcpListener listener = listen();
        InetSocketAddress at = listener.localAddress();
        await(listener.close());
        Throwable failure = failureOf(TcpStream.connect(loop, at, io.rusticated.net.ConnectOptions.defaults()));
        assertThat(failure).isInstanceOf(ConnectException.class).hasMessageContaining("Connection refused");
    }

    /**
     * The accept completed in the kernel before its cancel reached it (CancelIoEx: ERROR_NOT_FOUND):
     * the connection it took is closed by the loop, and its client sees the end of the stream.
     */
    @Test
    void aConnectionAcceptedAfterItsCancelIsClosedByTheLoop() throws Exception {
        TcpListener listener = listen();
        CompletableFuture<TcpStream> accepted = listener.accept().toCompletableFuture();
        CompletionStage<TcpStream> connecting = TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults());
        // ConnectEx queued the connection and AcceptEx took it: both packets wait in the port.
        assertThat(windows.pendingCalls()).as("both calls completed in the kernel").isZero();
        assertThat(accepted).as("its packet not dequeued yet").isNotDone();
        accepted.cancel(true);
        TcpStream client = await(connecting);
        assertThat(failureOf(accepted)).isInstanceOf(CancellationException.class);
        assertThat(windows.winsock.openSockets()).as("the listener and the client; not the connection accepted after the cancel").isEqualTo(2);
        assertThat(await(client.read(Buffer.allocate(8)))).as("the accepted socket was closed: a FIN").isZero();
        await(client.close());
        await(listener.close());
    }

    /** A pending AcceptEx cancelled: its packet says STATUS_CANCELLED, the socket made for it is closed, and the listener still accepts. */
    @Test
    void aCancelledAcceptClosesTheSocketMadeForItAndTheListenerGoesOn() throws Exception {
        TcpListener listener = listen();
        CompletableFuture<TcpStream> first = listener.accept().toCompletableFuture();
        loop.runNow();
        first.cancel(true);
        assertThat(failureOf(first)).isInstanceOf(CancellationException.class);
        assertThat(windows.winsock.openSockets()).as("only the listener").isEqualTo(1);

        CompletionStage<TcpStream> second = listener.accept();
        TcpStream client = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
        TcpStream server = await(second);
        assertThat(write(client, "after")).isEqualTo(5);
        assertThat(read(server)).isEqualTo("after");
        await(client.close());
        await(server.close());
        await(listener.close());
    }

    /** W1: a connection reset before AcceptEx took it is not the listener's failure: its socket is closed and the accept goes again. */
    @Test
    void aConnectionResetBeforeItWasTakenIsSkipped() throws Exception {
        TcpListener listener = listen();
        windows.winsock.resetBeforeAccept = true;
        CompletionStage<TcpStream> accepted = listener.accept();
        TcpStream gone = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
        TcpStream client = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
        TcpStream server = await(accepted);
        assertThat(write(client, "second")).isEqualTo(6);
        assertThat(read(server)).as("the accept took the second connection").isEqualTo("second");
        assertThat(failureOf(gone.read(Buffer.allocate(8)))).isInstanceOf(SocketException.class).hasMessageContaining("reset");
        for (TcpStream s : new TcpStream[] {gone, client, server}) {
            await(s.close());
        }
        await(listener.close());
    }

    /**
     * W5 and R5: closing a stream with a receive pending cancels it (CancelIoEx), waits for its
     * packet, and only then calls closesocket; the peer sees a FIN.
     */
    @Test
    void closingWithAReceivePendingCancelsItAndWaitsForItsPacket() throws Exception {
        TcpListener listener = listen();
        CompletionStage<TcpStream> accepted = listener.accept();
        TcpStream client = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
        TcpStream server = await(accepted);
        CompletionStage<Integer> pending = server.read(Buffer.allocate(64));
        loop.runNow();
        assertThat(windows.pendingCalls()).as("the WSARecv waits in the kernel").isEqualTo(1);

        CompletionStage<Void> closed = server.close();
        assertThat(failureOf(pending)).as("the pending receive ends when its cancelled packet arrives")
                .isInstanceOfAny(CancellationException.class, java.nio.channels.AsynchronousCloseException.class);
        await(closed);
        assertThat(await(client.read(Buffer.allocate(8)))).as("a FIN, sent by closesocket after the packet").isZero();
        await(client.close());
        await(listener.close());
    }

    /** R4: a cancelled receive's block stays the kernel's until its packet: the next receive gets another. */
    @Test
    void aCancelledReceiveKeepsItsBlockUntilItsPacket() throws Exception {
        TcpListener listener = listen();
        CompletionStage<TcpStream> accepted = listener.accept();
        TcpStream client = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
        TcpStream server = await(accepted);
        CompletableFuture<Integer> first = server.read(Buffer.allocate(64)).toCompletableFuture();
        loop.runNow();
        assertThat(windows.pendingCalls()).isEqualTo(1);
        first.cancel(true);
        Buffer b = Buffer.allocate(64);
        CompletionStage<Integer> second = server.read(b); // issued before the first one's packet is dequeued
        assertThat(windows.violations).as("R4: a block lent while the kernel holds it").isEmpty();
        assertThat(failureOf(first)).isInstanceOf(CancellationException.class);
        write(client, "late");
        assertThat(await(second)).isEqualTo(4);
        assertThat(text(b)).isEqualTo("late");
        await(client.close());
        await(server.close());
        await(listener.close());
    }

    /** W6: shutdown(SD_SEND) is a FIN: the peer reads the end and can still answer (a half-close). */
    @Test
    void shuttingDownOutputEndsThePeersStreamWhichCanStillAnswer() throws Exception {
        TcpListener listener = listen();
        CompletionStage<TcpStream> accepted = listener.accept();
        TcpStream client = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
        TcpStream server = await(accepted);
        write(client, "request");
        await(client.shutdown(Shutdown.WRITE));
        assertThat(read(server)).isEqualTo("request");
        assertThat(await(server.read(Buffer.allocate(8)))).isZero();
        write(server, "reply");
        assertThat(read(client)).isEqualTo("reply");
        await(client.close());
        await(server.close());
        await(listener.close());
    }

    /** W5: close with reset (SO_LINGER on, 0 s) is an RST: the peer's receive fails with "Connection reset". */
    @Test
    void closingWithResetFailsThePeersReceive() throws Exception {
        TcpListener listener = listen();
        CompletionStage<TcpStream> accepted = listener.accept();
        TcpStream client = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
        TcpStream server = await(accepted);
        await(client.closeWithReset());
        Throwable failure = failureOf(server.read(Buffer.allocate(8)));
        assertThat(failure).isInstanceOf(SocketException.class).hasMessageContaining("Connection reset");
        await(server.close());
        await(listener.close());
    }

    /** W7: WSASendTo and WSARecvFrom: the datagram, its sender (from the block, kept until the packet), and a cut-short one. */
    @Test
    void datagramsCarryTheirSenderAndAreCutShortWhenTheBufferIsSmall() throws Exception {
        UdpSocket a = UdpSocket.bind(loop, ANY_LOOPBACK_PORT);
        UdpSocket b = UdpSocket.bind(loop, ANY_LOOPBACK_PORT);
        Buffer into = Buffer.allocate(64);
        CompletionStage<Received> received = b.recvFrom(into);
        loop.runNow();
        assertThat(await(a.sendTo(Buffer.of("datagram".getBytes(StandardCharsets.UTF_8)), b.localAddress()))).isEqualTo(8);
        Received r = await(received);
        assertThat(r.length()).isEqualTo(8);
        assertThat(r.truncated()).isFalse();
        assertThat(r.from()).isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), a.localAddress().getPort()));
        assertThat(text(into)).isEqualTo("datagram");

        await(a.sendTo(Buffer.of("0123456789".getBytes(StandardCharsets.UTF_8)), b.localAddress()));
        Buffer small = Buffer.allocate(4);
        Received cut = await(b.recvFrom(small));
        assertThat(cut.truncated()).as("WSAEMSGSIZE: the buffer full, the rest lost").isTrue();
        assertThat(cut.length()).isEqualTo(4);
        assertThat(text(small)).isEqualTo("0123");
        await(a.close());
        await(b.close());
    }

    /**
     * W8: an unconnected UDP socket does not fail a receive for an earlier send to a closed port
     * (SIO_UDP_CONNRESET off); a connected one does, with the JDK's PortUnreachableException.
     */
    @Test
    void onlyAConnectedDatagramSocketHearsOfAnUnreachablePort() throws Exception {
        UdpSocket closedPort = UdpSocket.bind(loop, ANY_LOOPBACK_PORT);
        InetSocketAddress nobody = closedPort.localAddress();
        await(closedPort.close());

        UdpSocket unconnected = UdpSocket.bind(loop, ANY_LOOPBACK_PORT);
        UdpSocket other = UdpSocket.bind(loop, ANY_LOOPBACK_PORT);
        await(unconnected.sendTo(Buffer.of(new byte[] {1}), nobody));
        Buffer into = Buffer.allocate(8);
        CompletionStage<Received> next = unconnected.recvFrom(into);
        await(other.sendTo(Buffer.of(new byte[] {2}), unconnected.localAddress()));
        assertThat(await(next).length()).as("the next datagram, not the ICMP message").isEqualTo(1);
        assertThat(into.get(0)).isEqualTo((byte) 2);

        UdpSocket connected = UdpSocket.bind(loop, ANY_LOOPBACK_PORT);
        await(connected.connect(nobody));
        await(connected.send(Buffer.of(new byte[] {3})));
        assertThat(failureOf(connected.recv(Buffer.allocate(8)))).isInstanceOf(PortUnreachableException.class);
        for (UdpSocket s : new UdpSocket[] {unconnected, other, connected}) {
            await(s.close());
        }
    }

    /**
     * W10 and W8: disconnect is connect to an address of zeros, after which the socket takes a
     * stranger's datagram, sends only with an address, keeps its local address, and no longer
     * hears of an unreachable port (SIO_UDP_CONNRESET off again, as the JDK's disconnect0).
     */
    @Test
    void aDisconnectedDatagramSocketReceivesFromAnyoneAgain() throws Exception {
        UdpSocket closedPort = UdpSocket.bind(loop, ANY_LOOPBACK_PORT);
        InetSocketAddress nobody = closedPort.localAddress();
        await(closedPort.close());
        UdpSocket a = UdpSocket.bind(loop, ANY_LOOPBACK_PORT);
        UdpSocket b = UdpSocket.bind(loop, ANY_LOOPBACK_PORT);
        UdpSocket stranger = UdpSocket.bind(loop, ANY_LOOPBACK_PORT);
        InetSocketAddress local = a.localAddress();
        await(a.connect(b.localAddress()));
        await(a.disconnect());
        assertThat(a.localAddress()).isEqualTo(local);
        assertThat(failureOf(a.send(Buffer.of(new byte[] {1})))).isInstanceOf(java.nio.channels.NotYetConnectedException.class);
        await(stranger.sendTo(Buffer.of(new byte[] {2}), local));
        Received got = await(a.recvFrom(Buffer.allocate(8)));
        assertThat(got.from()).isEqualTo(stranger.localAddress());

        await(a.sendTo(Buffer.of(new byte[] {3}), nobody));
        CompletionStage<Received> next = a.recvFrom(Buffer.allocate(8));
        await(stranger.sendTo(Buffer.of(new byte[] {4}), local));
        assertThat(await(next).length()).as("the next datagram, not the ICMP message").isEqualTo(1);
        for (UdpSocket s : new UdpSocket[] {a, b, stranger}) {
            await(s.close());
        }
    }

    /** AF_UNIX stream sockets on a path (Windows 10 1803), with ConnectEx after a bind to no name; datagrams and abstract names refused. */
    @Test
    void unixStreamSocketsOnAPathAndWhatWindowsLacks() throws Exception {
        io.rusticated.net.UnixAddress path = io.rusticated.net.UnixAddress.of("C:\\Users\\rusticated\\AppData\\Local\\Temp\\s.sock");
        io.rusticated.net.UnixListener listener = io.rusticated.net.UnixListener.bind(loop, path, 16);
        CompletionStage<io.rusticated.net.UnixStream> accepted = listener.accept();
        io.rusticated.net.UnixStream client = await(io.rusticated.net.UnixStream.connect(loop, path));
        io.rusticated.net.UnixStream server = await(accepted);
        assertThat(client.peerAddress()).isEqualTo(path);
        assertThat(await(client.write(Buffer.of(new byte[] {7, 8, 9})))).isEqualTo(3);
        Buffer b = Buffer.allocate(8);
        assertThat(await(server.read(b))).isEqualTo(3);
        await(client.close());
        await(server.close());
        await(listener.close());

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> io.rusticated.net.UnixDatagram.bind(loop, path))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("Unix-domain datagram");
        assertThat(failureOf(io.rusticated.net.UnixStream.connect(loop, io.rusticated.net.UnixAddress.abstractName("name"))))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("abstract");
    }

    /** Accepting as a stream (core issues one AcceptEx at a time: the driver has no multishot accept). */
    @Test
    void incomingConnectionsComeOneAcceptExAtATime() throws Exception {
        TcpListener listener = listen();
        io.rusticated.net.Incoming<TcpStream> incoming = listener.incoming(4);
        assertThat(incoming.isMultishot()).isFalse();
        TcpStream[] clients = new TcpStream[3];
        TcpStream[] servers = new TcpStream[3];
        for (int i = 0; i < 3; i++) {
            clients[i] = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
            servers[i] = await(incoming.next());
            write(clients[i], "c" + i);
            assertThat(read(servers[i])).isEqualTo("c" + i);
        }
        await(incoming.close());
        for (int i = 0; i < 3; i++) {
            await(clients[i].close());
            await(servers[i].close());
        }
        await(listener.close());
    }

    /** Pooled reads: no provided buffers on IOCP, so core takes a buffer first and lends it to an ordinary WSARecv. */
    @Test
    void pooledReadsLendARingBufferToWSARecv() throws Exception {
        TcpListener listener = listen();
        CompletionStage<TcpStream> accepted = listener.accept();
        TcpStream client = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
        TcpStream server = await(accepted);
        io.rusticated.io.BufferRing ring = new io.rusticated.io.BufferRing(2, 4096);
        CompletionStage<Buffer> managed = server.readManaged(ring);
        write(client, "pooled");
        Buffer got = await(managed);
        assertThat(text(got)).isEqualTo("pooled");
        got.release();
        await(client.close());
        assertThat(await(server.readManaged(ring))).as("the end of the stream").isNull();
        await(server.close());
        await(listener.close());
    }

    /** POLL for reading on a stream socket: a zero-byte WSARecv, which completes when data arrives and takes none. */
    @Test
    void pollingASocketIsAZeroByteReceive() throws Exception {
        TcpListener listener = listen();
        CompletionStage<TcpStream> accepted = listener.accept();
        TcpStream client = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
        TcpStream server = await(accepted);
        Probe poll = new Probe();
        CompletableFuture<Long> readable = poll.done();
        poll.preparePoll(server.handle(), io.rusticated.spi.Request.POLL_IN);
        loop.submit(poll);
        loop.runNow();
        assertThat(readable).as("nothing to read yet").isNotDone();
        write(client, "data");
        assertThat(loop.blockOn(readable)).isEqualTo(io.rusticated.spi.Request.POLL_IN);
        assertThat(read(server)).as("the poll took none of it").isEqualTo("data");
        await(client.close());
        await(server.close());
        await(listener.close());
    }

    /** W11 and R5: a connect nobody answers, cut short by its timeout: CancelIoEx, its packet, then the socket closed. */
    @Test
    void aConnectThatTimesOutIsCancelledAndItsSocketClosed() throws Exception {
        InetSocketAddress silent = new InetSocketAddress(InetAddress.getByName("192.0.2.1"), 80);
        CompletionStage<TcpStream> connecting = TcpStream.connect(loop, silent,
                io.rusticated.net.ConnectOptions.defaults().withTimeout(java.time.Duration.ofMillis(50)));
        loop.runNow();
        assertThat(windows.pendingCalls()).as("the ConnectEx waits for an answer").isEqualTo(1);
        assertThat(failureOf(connecting)).isInstanceOf(java.net.SocketTimeoutException.class);
        assertThat(windows.winsock.openSockets()).as("the socket, closed after its cancelled packet").isZero();
    }

    /** Churn: 2 000 connections accepted, used and closed leave no socket open in the kernel and none in the process's table. */
    @Test
    void connectionsOpenedAndClosedInChurnLeaveNothingBehind() throws Exception {
        TcpListener listener = listen();
        java.util.List<Long> handles = new java.util.ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            CompletionStage<TcpStream> accepted = listener.accept();
            TcpStream client = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
            TcpStream server = await(accepted);
            handles.add(client.handle());
            handles.add(server.handle());
            await(client.write(Buffer.of(new byte[] {(byte) i})));
            assertThat(await(server.read(Buffer.allocate(4)))).isEqualTo(1);
            if (i % 2 == 0) {
                await(client.closeWithReset());
            } else {
                await(client.close());
            }
            await(server.close());
        }
        assertThat(windows.winsock.openSockets()).as("only the listener").isEqualTo(1);
        assertThat(handles).as("sockets still in the process's table").noneMatch(h -> SocketHandles.of(h) != null);
        await(listener.close());
    }

    /**
     * W12: out of sockets, AcceptEx cannot even start (its accept socket is refused): the error
     * reaches a waiting next(), accepting pauses instead of spinning, and resumes when sockets return.
     */
    @Test
    void anAcceptLoopOutOfSocketsPausesAndResumes() throws Exception {
        TcpListener listener = listen();
        windows.winsock.refuseSockets = true;
        int before = windows.winsock.socketCalls.get();
        io.rusticated.net.Incoming<TcpStream> incoming = listener.incoming(4); // arms its first AcceptEx at once
        assertThat(failureOf(incoming.next())).isInstanceOf(java.io.IOException.class).hasMessageContaining("Too many open files");
        await(io.rusticated.time.Time.sleepUntil(loop, System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(1500)));
        int attempts = windows.winsock.socketCalls.get() - before;
        assertThat(attempts).as("accept attempts in 1.5 s while out of sockets: paused, not spinning").isBetween(2, 4);
        windows.winsock.refuseSockets = false;
        CompletionStage<TcpStream> next = incoming.next();
        TcpStream client = await(TcpStream.connect(loop, listener.localAddress(), io.rusticated.net.ConnectOptions.defaults()));
        TcpStream server = await(next);
        write(client, "back");
        assertThat(read(server)).isEqualTo("back");
        await(incoming.close());
        await(client.close());
        await(server.close());
        await(listener.close());
    }
}
