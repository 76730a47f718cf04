package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.TcpListener;
import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import io.rusticated.signal.SignalListener;
import io.rusticated.signal.Signals;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A peer's reset (research networking.md §5 traps 5 and 6): a read fails with the JDK's
 * {@code SocketException: Connection reset}, and so does every later read, as the JDK's channels
 * remember it (the OS reports it once); writes fail with an {@link IOException} and never raise
 * SIGPIPE, which a program listening for it would otherwise receive for rusticated's writes.
 */
@Needs(Feature.SOCKETS)
class PeerResetTest {
    /** What a write to a reset peer fails with: the OS's text, as the JDK's channels report it. */
    private static final Set<String> PEER_GONE = Set.of("Connection reset by peer", "Broken pipe");

    @Test
    void aResetFailsThisReadAndEveryLaterOne() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            CompletableFuture<Integer> pending = p.client().read(Buffer.allocate(64)).toCompletableFuture();
            Loopback.settle(loop);
            Loopback.await(loop, p.server().closeWithReset());
            Throwable first = Failures.of(loop, pending);
            assertThat(first).isExactlyInstanceOf(SocketException.class).hasMessage("Connection reset");
            for (int i = 0; i < 3; i++) {
                assertThat(Failures.of(loop, p.client().read(Buffer.allocate(64)))).as("read %d after the reset", i + 1)
                        .isExactlyInstanceOf(SocketException.class).hasMessage("Connection reset");
            }
            Loopback.await(loop, p.client().close());
            Loopback.await(loop, listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    @Needs({Feature.SOCKETS, Feature.POSIX_SIGNALS})
    void writesToAResetPeerFailAndRaiseNoSigpipe() throws Exception {
        try (EventLoop loop = EventLoop.open(); SignalListener sigpipe = Signals.listen(loop, Signal.PIPE)) {
            CompletableFuture<Signal> raised = sigpipe.next().toCompletableFuture();
            TcpListener listener = Loopback.listen(loop);
            Peers.Pair p = Peers.connect(loop, listener);
            Loopback.await(loop, p.server().closeWithReset());
            int failed = 0;
            for (int i = 0; i < 20; i++) {
                CompletableFuture<Integer> w = p.client().write(Buffer.of(new byte[1024])).toCompletableFuture();
                loop.blockOn(w.handle((v, e) -> null));
                if (w.isCompletedExceptionally()) {
                    Throwable t = Failures.of(loop, w);
                    assertThat(t).isExactlyInstanceOf(IOException.class);
                    assertThat(PEER_GONE).contains(t.getMessage());
                    failed++;
                }
            }
            assertThat(failed).as("writes that met the reset").isGreaterThan(0);
            // A SIGPIPE is raised in the writing thread as its write returns: anything raised
            // arrives within this wait, which only bounds a signal that must not come at all.
            loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + Duration.ofMillis(200).toNanos()));
            assertThat(raised).as("SIGPIPE delivered to a listener").isNotDone();
            Loopback.await(loop, p.client().close());
            Loopback.await(loop, listener.close());
        }
    }
}
