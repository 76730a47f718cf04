package io.rusticated.conformance.net;

import io.rusticated.net.ListenOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** What the socket cases found by the fuzz share beyond {@link Peers}: a time limit, small buffers, a few turns. */
public final class Loopback {
    /**
     * How long a call a case expects to complete may take: far beyond what loopback needs, short
     * enough that a close which waits for an operation nobody cancelled fails the case quickly.
     */
    public static final Duration LIMIT = Duration.ofSeconds(5);
    /** SO_SNDBUF and SO_RCVBUF of {@link #small} connections: a few hundred KiB fill them. */
    public static final int SMALL_BUFFERS = 16 * 1024;

    private Loopback() {
    }

    public static TcpListener listen(EventLoop loop) throws IOException {
        return TcpListener.bind(loop, Peers.ANY_LOOPBACK, ListenOptions.defaults());
    }

    /** One connection whose ends have small fixed buffers, so that a write of a few hundred KiB waits for the peer. */
    static Peers.Pair small(EventLoop loop, TcpListener listener) throws IOException {
        Peers.Pair p = Peers.connect(loop, listener);
        for (TcpStream s : new TcpStream[] {p.client(), p.server()}) {
            s.setOption(StandardSocketOptions.SO_SNDBUF, SMALL_BUFFERS);
            s.setOption(StandardSocketOptions.SO_RCVBUF, SMALL_BUFFERS);
        }
        return p;
    }

    /** The stage's value, driving the loop; fails the case past {@link #LIMIT}. */
    public static <T> T await(EventLoop loop, CompletionStage<T> stage) {
        CompletableFuture<T> f = stage.toCompletableFuture();
        loop.blockOn(Time.timeout(f.handle((v, e) -> null), LIMIT).exceptionally(e -> null));
        if (!f.isDone()) {
            throw new AssertionError("not completed within " + LIMIT + " (" + loop.inFlight() + " operations in flight on the loop)");
        }
        return f.join();
    }

    /** Turns the loop a few times without waiting, so what was submitted reaches the OS and what is ready completes. */
    public static void settle(EventLoop loop) {
        for (int i = 0; i < 4; i++) {
            loop.runNow();
        }
        loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + 5_000_000L));
        loop.runNow();
    }
}
