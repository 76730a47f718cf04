package jdkprograms;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What a program sees of the JDK's file system beyond bytes and exceptions, which differed on the
 * rusticated image before issue 15: the direct buffer pool's figures, the threads completion
 * handlers run on when {@code java.nio.channels.DefaultThreadPool.threadFactory} names a factory,
 * file keys from a view and from {@code readAttributes}, secure directory streams, a position on
 * {@code /dev/null}, a read through a set interrupt flag, an overlapping asynchronous lock.
 * Prints the same on the image and on the stock JDK.
 */
public final class Compat {
    /** The factory the property names: handler threads called handler-N. */
    public static final class NamedThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "handler-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    }

    private static BufferPoolMXBean direct() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream().filter(p -> p.getName().equals("direct")).findFirst().orElseThrow();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        System.setProperty("java.nio.channels.DefaultThreadPool.threadFactory", NamedThreads.class.getName());

        // The direct pool counts what the program allocates, and (on both) nothing of the files' servers:
        // only direct buffers here, which the JDK reads into without a temporary buffer of its own.
        long count = direct().getCount();
        long used = direct().getMemoryUsed();
        ByteBuffer mine = ByteBuffer.allocateDirect(4096);
        Path f = dir.resolve("data.bin");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            for (int i = 0; i < 100; i++) {
                mine.clear();
                ch.write(mine);
            }
            for (int i = 0; i < 100; i++) {
                mine.clear();
                ch.read(mine, i * 4096L);
            }
        }
        for (int i = 0; i < 50; i++) {
            Files.exists(f);
            Files.size(f);
            try (var s = Files.list(dir)) {
                s.count();
            }
        }
        System.out.println("direct pool grew by " + (direct().getCount() - count) + " buffers, " + (direct().getMemoryUsed() - used) + " bytes");

        CompletableFuture<String> where = new CompletableFuture<>();
        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ch.read(ByteBuffer.allocate(10), 0, null, new CompletionHandler<Integer, Object>() {
                @Override
                public void completed(Integer n, Object a) {
                    where.complete(n + " bytes, handler on " + Thread.currentThread().getName());
                }

                @Override
                public void failed(Throwable exc, Object a) {
                    where.completeExceptionally(exc);
                }
            });
            System.out.println(where.get(10, TimeUnit.SECONDS));
            FileLock held = ch.lock(0, 100, false).get(10, TimeUnit.SECONDS);
            try {
                ch.lock(50, 10, false);
                System.out.println("overlapping lock: no exception at the call");
            } catch (OverlappingFileLockException e) {
                System.out.println("overlapping lock: " + e.getClass().getSimpleName() + " at the call");
            }
            held.release();
        }

        Object key = Files.readAttributes(f, BasicFileAttributes.class).fileKey();
        Object viewKey = Files.getFileAttributeView(f, BasicFileAttributeView.class).readAttributes().fileKey();
        System.out.println("file key from a view equals readAttributes': " + key.equals(viewKey) + " " + viewKey.equals(key));

        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            System.out.println("secure directory stream: " + (s instanceof SecureDirectoryStream));
        }
        try (FileChannel ch = FileChannel.open(Path.of("/dev/null"))) {
            System.out.println("position of /dev/null: " + ch.position());
        }
        Thread.currentThread().interrupt();
        System.out.println("readAllBytes when interrupted: " + Files.readAllBytes(f).length + " bytes, still interrupted " + Thread.interrupted());
    }
}
