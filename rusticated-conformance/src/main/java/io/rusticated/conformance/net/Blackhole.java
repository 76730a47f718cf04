package io.rusticated.conformance.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A local address that never answers a connect: a listener (backlog 1) whose accept queue is
 * full, so Linux drops further SYNs and a connect waits through its retries (minutes) instead of
 * being refused. Deterministic and local, unlike a non-routable address. Made of the JDK's
 * channels: scenery, not under test.
 */
public final class Blackhole implements AutoCloseable {
    public final InetSocketAddress address;
    private final ServerSocketChannel listener;
    private final List<SocketChannel> fillers = new ArrayList<>();

    public Blackhole() throws IOException {
        listener = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
        address = (InetSocketAddress) listener.getLocalAddress();
        // Two fill the queue (backlog + 1); the rest make sure of it whatever the kernel counts.
        for (int i = 0; i < 8; i++) {
            SocketChannel c = SocketChannel.open();
            c.configureBlocking(false);
            c.connect(address);
            fillers.add(c);
        }
    }

    @Override
    public void close() throws IOException {
        for (SocketChannel c : fillers) {
            c.close();
        }
        listener.close();
    }
}
