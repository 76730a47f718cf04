package benchprograms;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An echo server written against the JDK's asynchronous channels only: a group with a fixed pool of
 * one thread, a 64 KiB direct buffer per connection, read then write until the buffer is sent, then
 * read again. A plain java.* program, so the same class runs on the stock JDK and, unchanged, on the
 * rusticated image (whose AsynchronousChannelProvider then serves it).
 *
 * <pre>java -cp DIR benchprograms.AioEcho [PORT]   prints "listening PORT"; --provider prints the provider's class</pre>
 */
public final class AioEcho implements AutoCloseable {
    private final AsynchronousChannelGroup group;
    private final AsynchronousServerSocketChannel server;
    private final AtomicLong accepted = new AtomicLong();

    private AioEcho(int port) throws IOException {
        group = AsynchronousChannelGroup.withFixedThreadPool(1, Executors.defaultThreadFactory());
        server = AsynchronousServerSocketChannel.open(group).bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
        acceptNext();
    }

    public static AioEcho start(int port) throws IOException {
        return new AioEcho(port);
    }

    public int port() {
        try {
            return ((InetSocketAddress) server.getLocalAddress()).getPort();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public long accepted() {
        return accepted.get();
    }

    private void acceptNext() {
        server.accept(null, new CompletionHandler<AsynchronousSocketChannel, Void>() {
            @Override
            public void completed(AsynchronousSocketChannel c, Void a) {
                accepted.incrementAndGet();
                acceptNext();
                try {
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                } catch (IOException e) {
                    close(c);
                    return;
                }
                new Connection(c).read();
            }

            @Override
            public void failed(Throwable e, Void a) {
                if (server.isOpen()) {
                    acceptNext(); // an aborted connection, or out of descriptors for now
                }
            }
        });
    }

    private static void close(AsynchronousSocketChannel c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing after a reset: nothing left to do
        }
    }

    private static final class Connection implements CompletionHandler<Integer, Boolean> {
        private final AsynchronousSocketChannel channel;
        private final ByteBuffer buffer = ByteBuffer.allocateDirect(65536);

        Connection(AsynchronousSocketChannel channel) {
            this.channel = channel;
        }

        void read() {
            buffer.clear();
            channel.read(buffer, Boolean.TRUE, this);
        }

        /** {@code reading}: whether the operation that completed was a read. */
        @Override
        public void completed(Integer n, Boolean reading) {
            if (reading) {
                if (n < 0) {
                    close(channel);
                    return;
                }
                buffer.flip();
            }
            if (buffer.hasRemaining()) {
                channel.write(buffer, Boolean.FALSE, this);
            } else {
                read();
            }
        }

        @Override
        public void failed(Throwable e, Boolean reading) {
            close(channel); // a reset by the client
        }
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        group.shutdownNow();
        group.awaitTermination(10, TimeUnit.SECONDS);
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("--provider")) {
            System.out.println(AsynchronousChannelProvider.provider().getClass().getName());
            return;
        }
        AioEcho echo = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println("listening " + echo.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
