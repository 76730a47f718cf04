package io.rusticated.bench.net;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's NIO {@link Selector} on one thread: non-blocking channels, a 64 KiB direct buffer per
 * connection; a readable connection is read once and what arrived written back, the rest of a short
 * write waiting for OP_WRITE (reading pauses meanwhile).
 */
final class SelectorEcho implements EchoServer {
    private final Selector selector;
    private final ServerSocketChannel server;
    private final Thread thread;
    private final AtomicLong accepted = new AtomicLong();
    private volatile boolean closing;

    SelectorEcho(int port) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
        thread = Thread.ofPlatform().name("echo-selector").daemon().start(this::run);
    }

    private void run() {
        try {
            while (!closing) {
                selector.select();
                Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
                while (keys.hasNext()) {
                    SelectionKey key = keys.next();
                    keys.remove();
                    try {
                        if (key.isAcceptable()) {
                            accept();
                        } else {
                            echo(key);
                        }
                    } catch (IOException e) {
                        key.channel().close(); // a reset by the client
                    }
                }
            }
        } catch (IOException | java.nio.channels.ClosedSelectorException e) {
            if (!closing) {
                throw new java.io.UncheckedIOException(new IOException("selector failed", e));
            }
        }
    }

    private void accept() throws IOException {
        SocketChannel c;
        while ((c = server.accept()) != null) {
            accepted.incrementAndGet();
            c.configureBlocking(false);
            c.setOption(StandardSocketOptions.TCP_NODELAY, true);
            c.register(selector, SelectionKey.OP_READ, ByteBuffer.allocateDirect(65536));
        }
    }

    private static void echo(SelectionKey key) throws IOException {
        SocketChannel c = (SocketChannel) key.channel();
        ByteBuffer b = (ByteBuffer) key.attachment();
        if (key.isWritable()) { // the rest of a short write
            c.write(b);
            if (!b.hasRemaining()) {
                b.clear();
                key.interestOps(SelectionKey.OP_READ);
            }
            return;
        }
        int n = c.read(b);
        if (n < 0) {
            c.close();
            return;
        }
        b.flip();
        c.write(b);
        if (b.hasRemaining()) {
            key.interestOps(SelectionKey.OP_WRITE);
        } else {
            b.clear();
        }
    }

    @Override
    public int port() {
        return server.socket().getLocalPort();
    }

    @Override
    public long accepted() {
        return accepted.get();
    }

    @Override
    public void close() throws Exception {
        closing = true;
        selector.wakeup();
        thread.join(10_000);
        for (SelectionKey k : selector.keys()) {
            k.channel().close();
        }
        selector.close();
    }
}
