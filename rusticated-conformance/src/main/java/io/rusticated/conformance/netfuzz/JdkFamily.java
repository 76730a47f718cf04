package io.rusticated.conformance.netfuzz;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;

/** How the oracle's stream channels of one address family are made: TCP on loopback, or Unix-domain at paths. */
interface JdkFamily {
    ServerSocketChannel listen() throws IOException;

    /** A socket bound where nothing listens: a connect there is refused. */
    SocketChannel refusing() throws IOException;

    /** A new unconnected channel. */
    SocketChannel open() throws IOException;

    JdkFamily TCP = new JdkFamily() {
        private final InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

        @Override
        public ServerSocketChannel listen() throws IOException {
            return ServerSocketChannel.open().bind(loopback);
        }

        @Override
        public SocketChannel refusing() throws IOException {
            return SocketChannel.open().bind(loopback);
        }

        @Override
        public SocketChannel open() throws IOException {
            return SocketChannel.open();
        }
    };

    /** Unix-domain channels at paths in {@code dir} (the JDK has no abstract names). */
    static JdkFamily unix(Path dir) {
        return new JdkFamily() {
            @Override
            public ServerSocketChannel listen() throws IOException {
                return ServerSocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(dir.resolve("listener")));
            }

            @Override
            public SocketChannel refusing() throws IOException {
                return SocketChannel.open(StandardProtocolFamily.UNIX).bind(UnixDomainSocketAddress.of(dir.resolve("refusing")));
            }

            @Override
            public SocketChannel open() throws IOException {
                return SocketChannel.open(StandardProtocolFamily.UNIX);
            }
        };
    }
}
