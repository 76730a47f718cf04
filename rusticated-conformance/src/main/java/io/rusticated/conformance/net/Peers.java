package io.rusticated.conformance.net;

import io.rusticated.net.ConnectOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/** What the socket cases share: loopback addresses, a connected pair, the count of open descriptors. */
final class Peers {
    static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    private Peers() {
    }

    /** Both ends of one TCP connection on the loop. */
    record Pair(TcpStream client, TcpStream server) {
        void close(EventLoop loop) {
            loop.blockOn(client.close());
            loop.blockOn(server.close());
        }
    }

    static Pair connect(EventLoop loop, TcpListener listener) throws IOException {
        CompletableFuture<TcpStream> accepted = listener.accept().toCompletableFuture();
        TcpStream client = loop.blockOn(TcpStream.connect(loop, listener.localAddress(), ConnectOptions.defaults()));
        return new Pair(client, loop.blockOn(accepted));
    }

    /** This process's open descriptors, as /dev/fd lists them (the listing's own descriptor included, every time). */
    static long openDescriptors() {
        try (Stream<Path> fds = Files.list(Path.of("/dev/fd"))) {
            return fds.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
