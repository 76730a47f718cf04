package io.rusticated.bench.net;

import io.rusticated.net.Incoming;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Opcode;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the rusticated echo servers share: one loop on its own thread, a listener (backlog 4096)
 * whose connections arrive through {@link TcpListener#incoming} (one multishot accept on
 * io_uring), and {@link #serve} for each, on the loop thread.
 */
abstract class RusticatedServer implements EchoServer {
    final EventLoop loop;
    private final TcpListener listener;
    private final Incoming<TcpStream> incoming;
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean closing;

    RusticatedServer(int port) throws Exception {
        this.loop = EventLoop.startThread("echo-loop");
        if (!loop.supports(Opcode.ACCEPT) || !loop.supports(Opcode.RECV) || !loop.supports(Opcode.SEND)) {
            String backend = loop.backend().name();
            loop.close();
            throw new UnsupportedOperationException("rusticated's " + backend + " backend does not serve sockets yet");
        }
        this.listener = TcpListener.bind(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                ListenOptions.defaults().withBacklog(4096));
        this.incoming = listener.incoming(1024);
    }

    /** Starts accepting; subclasses call it once their own state is ready. */
    final void startAccepting() {
        loop.execute(this::acceptNext);
    }

    private void acceptNext() {
        incoming.next().whenComplete((stream, failure) -> {
            if (failure != null) {
                if (!closing) {
                    System.err.println("echo server: accepting failed: " + failure);
                }
                return; // the listener closed (or accepting failed for good): the server is stopping
            }
            accepted.incrementAndGet();
            serve(stream);
            acceptNext();
        });
    }

    /** Echoes one connection (loop thread). */
    abstract void serve(TcpStream stream);

    @Override
    public final int port() {
        try {
            return listener.localAddress().getPort();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public final long accepted() {
        return accepted.get();
    }

    @Override
    public String stats() {
        return loop.stats().toString();
    }

    @Override
    public void close() {
        closing = true;
        loop.blockOn(incoming.close().thenCompose(v -> listener.close()));
        loop.close(); // cancels what is still in flight on the connections
    }

    /** The backend the loop runs on (io_uring, epoll). */
    final String backend() {
        return loop.backend().name();
    }
}
