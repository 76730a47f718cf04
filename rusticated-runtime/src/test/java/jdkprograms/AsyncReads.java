package jdkprograms;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** AsynchronousFileChannel reads at many offsets (concurrent, chained, past the end) and writes. Argument: an empty work directory. */
public final class AsyncReads {
    private static final int SIZE = (1 << 20) + 7;

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        byte[] data = Report.pattern(SIZE, 7);
        Path file = dir.resolve("data.bin");
        Files.write(file, data);

        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(file, StandardOpenOption.READ)) {
            System.out.println("size " + ch.size());
            concurrentReads(ch, data);
            chainedRead(ch, data);
            edgeReads(ch, data);
        }

        Path out = dir.resolve("written.bin");
        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(out, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            List<Future<Integer>> writes = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                writes.add(ch.write(ByteBuffer.wrap(data, i * 4096, 4096), (long) (15 - i) * 4096));
            }
            int total = 0;
            for (Future<Integer> w : writes) {
                total += w.get(10, TimeUnit.SECONDS);
            }
            ch.force(false);
            System.out.println("wrote " + total + " size " + ch.size());
            ByteBuffer first = ByteBuffer.allocateDirect(4096);
            ch.read(first, 15 * 4096).get(10, TimeUnit.SECONDS);
            System.out.println("block 0 landed at 15: " + (first.flip().equals(ByteBuffer.wrap(data, 0, 4096))));
            ch.truncate(10_000);
            System.out.println("after truncate " + ch.size());
            ch.write(ByteBuffer.wrap(new byte[] {42}), 20_000).get(10, TimeUnit.SECONDS);
            System.out.println("after write past the end " + ch.size());
            ByteBuffer hole = ByteBuffer.allocate(3);
            ch.read(hole, 12_000).get(10, TimeUnit.SECONDS);
            System.out.println("hole reads zeros " + Arrays.toString(hole.array()));
        }

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(file, Set.of(StandardOpenOption.READ), pool)) {
            CompletableFuture<String> done = new CompletableFuture<>();
            ByteBuffer b = ByteBuffer.allocate(100);
            ch.read(b, 1000, "attachment", new CompletionHandler<>() {
                @Override
                public void completed(Integer n, String att) {
                    done.complete(att + " " + n + " " + Report.crc(b.array(), 0, n) + " expected " + Report.crc(data, 1000, 100));
                }

                @Override
                public void failed(Throwable e, String att) {
                    done.completeExceptionally(e);
                }
            });
            System.out.println("with an executor: " + done.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdown();
        }

        try {
            AsynchronousFileChannel.open(dir.resolve("missing"), StandardOpenOption.READ);
        } catch (Exception e) {
            System.out.println("open missing: " + Report.failure(e));
        }
        AsynchronousFileChannel closed = AsynchronousFileChannel.open(file, StandardOpenOption.READ);
        closed.close();
        try {
            closed.read(ByteBuffer.allocate(1), 0).get();
        } catch (Exception e) {
            System.out.println("read after close: " + Report.failure(e) + " cause " + (e.getCause() == null ? "none" : e.getCause().getClass().getSimpleName()));
        }
    }

    /** 300 reads in flight at once, at random offsets and lengths, heap and direct buffers. */
    private static void concurrentReads(AsynchronousFileChannel ch, byte[] data) throws Exception {
        Random r = new Random(42);
        List<Future<Integer>> reads = new ArrayList<>();
        List<ByteBuffer> buffers = new ArrayList<>();
        List<Long> offsets = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            long off = i % 10 == 0 ? SIZE - 1 - r.nextInt(100) : r.nextInt(SIZE);
            int len = 1 + r.nextInt(8192);
            ByteBuffer b = i % 2 == 0 ? ByteBuffer.allocate(len) : ByteBuffer.allocateDirect(len);
            buffers.add(b);
            offsets.add(off);
            reads.add(ch.read(b, off));
        }
        long bytes = 0;
        int bad = 0;
        for (int i = 0; i < reads.size(); i++) {
            int n = reads.get(i).get(10, TimeUnit.SECONDS);
            int expected = (int) Math.min(buffers.get(i).capacity(), SIZE - offsets.get(i));
            ByteBuffer b = buffers.get(i).flip();
            if (n != expected || !b.equals(ByteBuffer.wrap(data, (int) (long) offsets.get(i), n))) {
                bad++;
            }
            bytes += n;
        }
        System.out.println("concurrent reads 300 bytes " + bytes + " wrong " + bad);
    }

    /** The whole file by a chain of completion handlers, 64 KiB at a time. */
    private static void chainedRead(AsynchronousFileChannel ch, byte[] data) throws Exception {
        byte[] got = new byte[SIZE];
        CompletableFuture<Integer> done = new CompletableFuture<>();
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        ch.read(buf, 0L, 0L, new CompletionHandler<Integer, Long>() {
            int reads;

            @Override
            public void completed(Integer n, Long pos) {
                if (n < 0) {
                    done.complete(reads);
                    return;
                }
                reads++;
                buf.flip().get(got, (int) (long) pos, n);
                buf.clear();
                ch.read(buf, pos + n, pos + n, this);
            }

            @Override
            public void failed(Throwable e, Long pos) {
                done.completeExceptionally(e);
            }
        });
        int reads = done.get(10, TimeUnit.SECONDS);
        System.out.println("chained reads " + reads + " equal " + Arrays.equals(got, data));
    }

    private static void edgeReads(AsynchronousFileChannel ch, byte[] data) throws Exception {
        ByteBuffer one = ByteBuffer.allocate(1);
        System.out.println("last byte read " + ch.read(one, SIZE - 1).get() + " value " + (one.get(0) & 0xff) + " expected " + (data[SIZE - 1] & 0xff));
        System.out.println("at the end " + ch.read(ByteBuffer.allocate(1), SIZE).get());
        System.out.println("past the end " + ch.read(ByteBuffer.allocate(1), SIZE + 12345L).get());
        System.out.println("far past 4 GiB " + ch.read(ByteBuffer.allocate(1), 1L << 33).get());
        System.out.println("into a full buffer " + ch.read(ByteBuffer.allocate(0), 0).get());
        try {
            ch.read(ByteBuffer.allocate(1), -1);
        } catch (Exception e) {
            System.out.println("negative position: " + Report.failure(e));
        }
        try {
            ch.write(ByteBuffer.allocate(1), 0).get();
        } catch (Exception e) {
            System.out.println("write to a read-only channel: " + Report.failure(e));
        }
    }
}
