package io.rusticated.conformance.netfuzz;

import io.rusticated.conformance.net.Blackhole;
import io.rusticated.net.ConnectOptions;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.Listener;
import io.rusticated.net.StreamSocket;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.net.UnixAddress;
import io.rusticated.net.UnixListener;
import io.rusticated.net.UnixStream;
import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Where rusticated's stream sockets of one address family connect in a world: its listener, an
 * address where connects are refused, and one where a connect never answers. The scenery (the
 * refusing socket, the full listener) is the JDK's channels, not under test.
 */
interface RusticatedFamily extends AutoCloseable {
    Listener<?, ?> listener();

    /** A connect to the listener, or ({@code refused}) where nothing listens. */
    CompletionStage<? extends StreamSocket<?>> connect(boolean refused);

    /** A connect to a listener whose queue is full: it waits until cancelled. */
    CompletionStage<? extends StreamSocket<?>> connectUnanswered() throws IOException;

    @Override
    void close() throws IOException;

    /** TCP on loopback (the world of {@link NetFuzzTest}). */
    static RusticatedFamily tcp(EventLoop loop) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        TcpListener listener = TcpListener.bind(loop, loopback, ListenOptions.defaults());
        SocketChannel refusing = SocketChannel.open().bind(loopback);
        return new RusticatedFamily() {
            private Blackhole blackhole;

            @Override
            public Listener<?, ?> listener() {
                return listener;
            }

            @Override
            public CompletionStage<TcpStream> connect(boolean refused) {
                try {
                    InetSocketAddress to = refused ? (InetSocketAddress) refusing.getLocalAddress() : listener.localAddress();
                    return TcpStream.connect(loop, to, ConnectOptions.defaults());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
            }

            @Override
            public CompletionStage<TcpStream> connectUnanswered() throws IOException {
                if (blackhole == null) {
                    blackhole = new Blackhole();
                }
                return TcpStream.connect(loop, blackhole.address, ConnectOptions.defaults());
            }

            @Override
            public void close() throws IOException {
                if (blackhole != null) {
                    blackhole.close();
                }
                refusing.close();
                loop.blockOn(listener.close());
            }
        };
    }

    /**
     * Unix-domain stream sockets: the listener at a path in {@code dir}, or ({@code abstractName})
     * at a Linux abstract name; refused where a socket is bound but does not listen (a path) or
     * where nothing is bound (an abstract name: Linux answers ECONNREFUSED, unix(7)).
     */
    static RusticatedFamily unix(EventLoop loop, Path dir, boolean abstractName) throws IOException {
        UnixAddress at = abstractName ? UnixAddress.abstractName("rusticated-netfuzz-" + ProcessHandle.current().pid() + "-" + System.nanoTime())
                : UnixAddress.of(dir.resolve("listener"));
        UnixListener listener = UnixListener.bind(loop, at, 4096);
        SocketChannel refusing = abstractName ? null
                : SocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(dir.resolve("refusing")));
        UnixAddress refusedAt = abstractName ? UnixAddress.abstractName(at + "-nobody") : UnixAddress.of(dir.resolve("refusing"));
        return new RusticatedFamily() {
            private ServerSocketChannel full;
            private final List<SocketChannel> fillers = new ArrayList<>();

            @Override
            public Listener<?, ?> listener() {
                return listener;
            }

            @Override
            public CompletionStage<UnixStream> connect(boolean refused) {
                return UnixStream.connect(loop, refused ? refusedAt : at);
            }

            /** A listener of backlog 1 with its queue full: Linux makes a connect wait (unix_wait_for_peer) until it has room. */
            @Override
            public CompletionStage<UnixStream> connectUnanswered() throws IOException {
                if (full == null) {
                    Path p = dir.resolve("full");
                    full = ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(p), 1);
                    for (int i = 0; i < 4; i++) {
                        SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX);
                        c.configureBlocking(false);
                        fillers.add(c);
                        try {
                            c.connect(UnixDomainSocketAddress.of(p));
                        } catch (IOException e) {
                            // the queue is full already
                        }
                    }
                }
                return UnixStream.connect(loop, UnixAddress.of(dir.resolve("full")));
            }

            @Override
            public void close() throws IOException {
                for (SocketChannel c : fillers) {
                    c.close();
                }
                if (full != null) {
                    full.close();
                }
                if (refusing != null) {
                    refusing.close();
                }
                loop.blockOn(listener.close());
            }
        };
    }
}
