package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.net.ConnectOptions;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connect to a host name stops at whatever stage it is in when its future is cancelled or its
 * deadline passes: during the lookup (the lookup's answer is dropped and no socket is made),
 * during the connect to one of the name's addresses (it is cancelled, its socket closed, and no
 * further address is tried); nothing is left open or in flight. The names are {@link TestResolver}'s:
 * a lookup held at a gate, or a name whose first address is a {@link Blackhole} (127.0.0.1) and
 * whose second is a listener on 127.0.0.2 at the same port, which must never see a connection.
 */
@Needs({Feature.SOCKETS, Feature.THREADS, Feature.OPEN_DESCRIPTORS})
class NameConnectCancelTest {
    private static final InetAddress FIRST = InetAddress.getLoopbackAddress();
    private static final InetAddress SECOND = address(127, 0, 0, 2);

    @BeforeAll
    static void theKitsResolverAnswers() {
        assertThat(TestResolver.installed()).as("the kit's resolver is the JDK's (META-INF/services)").isTrue();
    }

    @Test
    void aCancelDuringTheLookupDropsItsAnswer() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            String name = name("held");
            TestResolver.Answer answer = TestResolver.answer(name, List.of(FIRST), true);
            long before = Peers.openDescriptors();
            CompletableFuture<TcpStream> connect = TcpStream.connect(loop, name, listener.localAddress().getPort(), ConnectOptions.defaults())
                    .toCompletableFuture();
            awaitLookup(loop, answer);
            connect.cancel(false);
            answer.gate().countDown();
            assertNothingMade(loop, listener, before);
            Loopback.await(loop, listener.close());
        }
    }

    @Test
    void theDeadlineDuringTheLookupFailsItAndDropsItsAnswer() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            String name = name("slow");
            TestResolver.Answer answer = TestResolver.answer(name, List.of(FIRST), true);
            long before = Peers.openDescriptors();
            CompletableFuture<TcpStream> connect = TcpStream.connect(loop, name, listener.localAddress().getPort(),
                    ConnectOptions.defaults().withTimeout(Duration.ofMillis(200))).toCompletableFuture();
            awaitLookup(loop, answer);
            assertThat(Failures.of(loop, connect)).isInstanceOf(SocketTimeoutException.class);
            answer.gate().countDown();
            assertNothingMade(loop, listener, before);
            Loopback.await(loop, listener.close());
        }
    }

    @Test
    void aCancelDuringAConnectClosesItsSocketAndTriesNoFurtherAddress() throws Exception {
        try (EventLoop loop = EventLoop.open(); Blackhole first = new Blackhole()) {
            TcpListener second = TcpListener.bind(loop, new InetSocketAddress(SECOND, first.address.getPort()), ListenOptions.defaults());
            String name = name("two");
            TestResolver.answer(name, List.of(FIRST, SECOND), false);
            long before = Peers.openDescriptors();
            CompletableFuture<TcpStream> connect = TcpStream.connect(loop, name, first.address.getPort(), ConnectOptions.defaults())
                    .toCompletableFuture();
            Loopback.settle(loop);
            assertThat(connect).as("the connect to the first address waits (its listener's queue is full)").isNotDone();
            connect.cancel(false);
            assertNothingMade(loop, second, before);
            Loopback.await(loop, second.close());
        }
    }

    @Test
    void theDeadlineDuringAConnectFailsItAndTriesNoFurtherAddress() throws Exception {
        try (EventLoop loop = EventLoop.open(); Blackhole first = new Blackhole()) {
            TcpListener second = TcpListener.bind(loop, new InetSocketAddress(SECOND, first.address.getPort()), ListenOptions.defaults());
            String name = name("two-slow");
            TestResolver.answer(name, List.of(FIRST, SECOND), false);
            long before = Peers.openDescriptors();
            CompletableFuture<TcpStream> connect = TcpStream.connect(loop, name, first.address.getPort(),
                    ConnectOptions.defaults().withTimeout(Duration.ofMillis(300))).toCompletableFuture();
            assertThat(Failures.of(loop, connect)).isInstanceOf(SocketTimeoutException.class);
            assertNothingMade(loop, second, before);
            Loopback.await(loop, second.close());
        }
    }

    /** The control: with the first address refusing, the connect goes on to the second, where the listener sees it. */
    @Test
    void aRefusedAddressIsFollowedByTheNext() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            SocketChannel refusing = SocketChannel.open().bind(new InetSocketAddress(FIRST, 0));
            int port = ((InetSocketAddress) refusing.getLocalAddress()).getPort();
            TcpListener second = TcpListener.bind(loop, new InetSocketAddress(SECOND, port), ListenOptions.defaults());
            String name = name("refused-first");
            TestResolver.answer(name, List.of(FIRST, SECOND), false);
            CompletableFuture<TcpStream> accepted = second.accept().toCompletableFuture();
            TcpStream client = Loopback.await(loop, TcpStream.connect(loop, name, port, ConnectOptions.defaults()));
            assertThat(client.peerAddress()).isEqualTo(new InetSocketAddress(SECOND, port));
            Loopback.await(loop, Loopback.await(loop, accepted).close());
            Loopback.await(loop, client.close());
            Loopback.await(loop, second.close());
            refusing.close();
        }
    }

    private static void awaitLookup(EventLoop loop, TestResolver.Answer answer) throws InterruptedException {
        loop.runNow();
        assertThat(answer.entered().await(Loopback.LIMIT.toMillis(), TimeUnit.MILLISECONDS)).as("the lookup started").isTrue();
    }

    /** Once the loop settled: nothing connected to {@code listener}, no descriptor beyond {@code before}, nothing in flight. */
    private static void assertNothingMade(EventLoop loop, TcpListener listener, long before) {
        long deadline = System.nanoTime() + Loopback.LIMIT.toNanos();
        while (loop.inFlight() > 0 && System.nanoTime() - deadline < 0) {
            Loopback.settle(loop);
        }
        assertThat(loop.inFlight()).as("operations in flight").isZero();
        CompletableFuture<TcpStream> accept = listener.accept().toCompletableFuture();
        for (int i = 0; i < 10; i++) {
            Loopback.settle(loop);
        }
        assertThat(accept).as("a connection reached an address after the cancel").isNotDone();
        accept.cancel(false);
        Loopback.settle(loop);
        assertThat(Peers.openDescriptors()).as("descriptors open").isEqualTo(before);
        assertThat(loop.inFlight()).isZero();
    }

    private static String name(String what) {
        return what + "-" + System.nanoTime() + ".rusticated-kit.invalid";
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
