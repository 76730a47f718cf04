package io.rusticated.conformance.net;

import io.rusticated.net.ConnectOptions;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;

/** TCP connections on loopback made with rusticated's own listener and connect, for the socket cases. */
public final class Loopback {
    /** Any free port on the loopback address. */
    public static final InetSocketAddress ANY = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    /**
     * How long a call a case expects to complete may take: far beyond what loopback needs, short
     * enough that a close which waits for an operation nobody cancelled fails the case quickly.
     */
    public static final Duration LIMIT = Duration.ofSeconds(5);
    /** SO_SNDBUF and SO_RCVBUF of {@link #small} connections: a few hundred KiB fill them. */
    public static final int SMALL_BUFFERS = 16 * 1024;

    private Loopback() {
    }

    /** Both ends of one connection. */
    public record Pair(TcpStream client, TcpStream server) {
        /** Closes both ends and waits until they are closed. */
        public void close(EventLoop loop) {
            await(loop, client.close());
            await(loop, server.close());
        }
    }

    public static TcpListener listen(EventLoop loop) throws IOException {
        return TcpListener.bind(loop, ANY, ListenOptions.defaults());
    }

    /** One connection to the listener, accepted by it. */
    public static Pair connect(EventLoop loop, TcpListener listener) throws IOException {
        CompletableFuture<TcpStream> accepted = listener.accept().toCompletableFuture();
        TcpStream client = await(loop, TcpStream.connect(loop, listener.localAddress(), ConnectOptions.defaults()));
        return new Pair(client, await(loop, accepted));
    }

    /** One connection whose ends have small fixed buffers, so that a write of a few hundred KiB waits for the peer. */
    public static Pair small(EventLoop loop, TcpListener listener) throws IOException {
        Pair p = connect(loop, listener);
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

    /**
     * This process's open descriptors, where the OS lists them ({@code /proc/self/fd} on Linux,
     * {@code /dev/fd} on macOS and the BSDs); -1 where it does not.
     */
    public static long openDescriptors() throws IOException {
        for (String dir : new String[] {"/proc/self/fd", "/dev/fd"}) {
            Path p = Path.of(dir);
            if (Files.isDirectory(p)) {
                try (Stream<Path> fds = Files.list(p)) {
                    return fds.count();
                }
            }
        }
        return -1;
    }
}
