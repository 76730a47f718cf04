package io.rusticated.linux.jdk;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A child JVM's program for {@link AioChildTest}: plain {@code java.nio.channels} calls on the
 * default group, printing what the provider and its threads did.
 */
public final class AioChild {
    private AioChild() {
    }

    /** The default group's thread factory when a run names it in {@code java.nio.channels.DefaultThreadPool.threadFactory}. */
    public static final class Factory implements ThreadFactory {
        static final AtomicInteger MADE = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "from-the-factory-" + MADE.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    public static void main(String[] args) throws Exception {
        AsynchronousChannelProvider provider = AsynchronousChannelProvider.provider();
        boolean describe = args.length > 0 && args[0].equals("describe");
        System.out.println("provider " + (describe ? provider.toString() : provider.getClass().getSimpleName()));
        AsynchronousServerSocketChannel l;
        try {
            l = AsynchronousServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        } catch (Throwable e) {
            System.out.println("open: " + e);
            return;
        }
        System.out.println("threads the factory made at start: " + Factory.MADE.get());
        Future<AsynchronousSocketChannel> accepted = l.accept();
        AsynchronousSocketChannel c = AsynchronousSocketChannel.open();
        System.out.println("channel " + c.getClass().getName());
        c.connect(l.getLocalAddress()).get(10, TimeUnit.SECONDS);
        AsynchronousSocketChannel s = accepted.get(10, TimeUnit.SECONDS);
        CompletableFuture<String> read = new CompletableFuture<>();
        ByteBuffer in = ByteBuffer.allocate(16);
        s.read(in, null, new CompletionHandler<Integer, Void>() {
            @Override
            public void completed(Integer n, Void a) {
                Thread t = Thread.currentThread();
                read.complete(n + " bytes on a " + (t.isDaemon() ? "daemon" : "non-daemon") + " thread"
                        + (t.getName().startsWith("from-the-factory-") ? " of the factory" : ""));
            }

            @Override
            public void failed(Throwable e, Void a) {
                read.completeExceptionally(e);
            }
        });
        c.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        System.out.println("read " + read.get(10, TimeUnit.SECONDS) + ": " + new String(in.array(), 0, in.position(), StandardCharsets.UTF_8));
        c.close();
        s.close();
        l.close();
    }
}
