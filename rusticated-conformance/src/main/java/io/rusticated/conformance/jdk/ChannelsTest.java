package io.rusticated.conformance.jdk;

import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.rusticated.conformance.jdk.JdkPaths.jdk;
import static io.rusticated.conformance.jdk.JdkPaths.ours;
import static io.rusticated.conformance.jdk.JdkPaths.pattern;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The channels rusticated serves, against the bytes the JDK reads, and the JDK's rules for them. */
@Needs(Feature.THREADS)
class ChannelsTest {
    private static final int SIZE = 1024 * 1024 + 123;

    @TempDir
    Path tmp;

    private Path patternFile() throws IOException {
        return Files.write(jdk(tmp).resolve("pattern.bin"), pattern(SIZE));
    }

    @Test
    void asynchronousReadsAtManyOffsetsMatchTheFile() throws Exception {
        byte[] data = pattern(SIZE);
        Path f = ours(patternFile());
        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(f, READ)) {
            assertThat(ch.getClass().getName()).isEqualTo("io.rusticated.jdk.RusticatedAsynchronousFileChannel");
            assertThat(ch.size()).isEqualTo(SIZE);
            long[] offsets = {0, 1, 4095, 4096, 4097, 65535, 65536, 500_000, SIZE - 4096, SIZE - 2, SIZE - 1};
            List<Future<Integer>> futures = new ArrayList<>();
            List<ByteBuffer> buffers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                long at = i < offsets.length ? offsets[i] : (i * 7919L * 13) % SIZE;
                ByteBuffer b = i % 2 == 0 ? ByteBuffer.allocate(1 + i * 37 % 9000) : ByteBuffer.allocateDirect(1 + i * 53 % 70_000);
                buffers.add(b);
                futures.add(ch.read(b, at));
            }
            for (int i = 0; i < futures.size(); i++) {
                long at = i < offsets.length ? offsets[i] : (i * 7919L * 13) % SIZE;
                int n = futures.get(i).get(10, TimeUnit.SECONDS);
                ByteBuffer b = buffers.get(i);
                assertThat(n).isEqualTo((int) Math.min(b.capacity(), SIZE - at));
                assertThat(b.position()).isEqualTo(n);
                for (int k = 0; k < n; k++) {
                    if (b.get(k) != data[(int) at + k]) {
                        throw new AssertionError("byte " + (at + k) + " differs");
                    }
                }
            }
            assertThat(ch.read(ByteBuffer.allocate(10), SIZE).get()).isEqualTo(-1);
            assertThat(ch.read(ByteBuffer.allocate(10), SIZE + 100).get()).isEqualTo(-1);
            assertThat(ch.read(ByteBuffer.allocate(0), 5).get()).isZero();
            assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(1), -1)).isInstanceOf(IllegalArgumentException.class).hasMessage("Negative position");
            assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(1).asReadOnlyBuffer(), 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> ch.write(ByteBuffer.allocate(1), 0)).isInstanceOf(java.nio.channels.NonWritableChannelException.class);

            CompletableFuture<String> where = new CompletableFuture<>();
            ByteBuffer last = ByteBuffer.allocate(1);
            ch.read(last, SIZE - 1, "attachment", new CompletionHandler<>() {
                @Override
                public void completed(Integer n, String att) {
                    where.complete(n + " " + att + " " + Thread.currentThread().getName());
                }

                @Override
                public void failed(Throwable exc, String att) {
                    where.completeExceptionally(exc);
                }
            });
            String done = where.get(10, TimeUnit.SECONDS);
            assertThat(done).startsWith("1 attachment rusticated-aio-handler-");
            assertThat(last.get(0)).isEqualTo(data[SIZE - 1]);
        }
    }

    @Test
    void asynchronousWritesWithAnExecutorAndCloseSemantics() throws Exception {
        Path f = ours(tmp).resolve("aio.bin");
        ExecutorService pool = Executors.newFixedThreadPool(1, r -> new Thread(r, "given-executor"));
        AsynchronousFileChannel ch = AsynchronousFileChannel.open(f, java.util.Set.of(READ, WRITE, CREATE), pool);
        try {
            ByteBuffer src = ByteBuffer.wrap(pattern(300_000));
            int written = 0;
            while (src.hasRemaining()) {
                written += ch.write(src, written).get();
            }
            assertThat(written).isEqualTo(300_000);
            CompletableFuture<String> thread = new CompletableFuture<>();
            ch.write(ByteBuffer.wrap(new byte[] {42}), 300_000, null, new CompletionHandler<Integer, Object>() {
                @Override
                public void completed(Integer result, Object attachment) {
                    thread.complete(Thread.currentThread().getName() + " " + result);
                }

                @Override
                public void failed(Throwable exc, Object attachment) {
                    thread.completeExceptionally(exc);
                }
            });
            assertThat(thread.get(10, TimeUnit.SECONDS)).isEqualTo("given-executor 1");
            ch.force(true);
            assertThat(ch.size()).isEqualTo(300_001);
            ch.truncate(1000);
            assertThat(ch.size()).isEqualTo(1000);
            try (FileLock l = ch.lock().get()) {
                assertThat(l.acquiredBy()).isSameAs(ch);
                assertThat(l.isValid()).isTrue();
                assertThatThrownBy(() -> ch.tryLock()).isInstanceOf(OverlappingFileLockException.class);
            }
            FileLock shared = ch.tryLock(0, 10, true);
            assertThat(shared).isNotNull();
            ch.close();
            assertThat(shared.isValid()).isFalse();
            assertThatThrownBy(() -> ch.read(ByteBuffer.allocate(1), 0).get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(ClosedChannelException.class);
            assertThatThrownBy(ch::size).isInstanceOf(ClosedChannelException.class);
        } finally {
            ch.close();
            pool.shutdown();
        }
        assertThat(Files.readAllBytes(jdk(f))).isEqualTo(java.util.Arrays.copyOf(pattern(300_000), 1000));
    }

    @Test
    void fileChannelServesWhatTheJdkDoes() throws Exception {
        Path f = ours(tmp).resolve("ch.bin");
        try (FileChannel ch = FileChannel.open(f, READ, WRITE, CREATE)) {
            assertThat(ch.getClass().getName()).isEqualTo("io.rusticated.jdk.RusticatedFileChannel");
            assertThat(ch.write(ByteBuffer.wrap("hello world".getBytes()))).isEqualTo(11);
            assertThat(ch.position()).isEqualTo(11);
            assertThat(ch.size()).isEqualTo(11);
            ch.position(6);
            ByteBuffer b = ByteBuffer.allocate(100);
            assertThat(ch.read(b)).isEqualTo(5);
            assertThat(new String(b.array(), 0, 5)).isEqualTo("world");
            assertThat(ch.read(b)).isEqualTo(-1);
            assertThat(ch.write(ByteBuffer.wrap("!".getBytes()), 20)).isEqualTo(1);
            assertThat(ch.size()).isEqualTo(21);
            assertThat(ch.position()).isEqualTo(11);
            ByteBuffer[] parts = {ByteBuffer.allocate(3), ByteBuffer.allocateDirect(4)};
            ch.position(0);
            assertThat(ch.read(parts)).isEqualTo(7);
            assertThat(ch.position()).isEqualTo(7);
            assertThat(ch.write(new ByteBuffer[] {ByteBuffer.wrap("ab".getBytes()), ByteBuffer.wrap("cd".getBytes())})).isEqualTo(4);
            ch.truncate(9);
            assertThat(ch.size()).isEqualTo(9);
            assertThat(ch.position()).isEqualTo(9);
            ch.force(false);
            MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, 9);
            assertThat((char) m.get(0)).isEqualTo('h');
            m.put(0, (byte) 'H');
            m.force();
            try (FileLock l = ch.lock(0, 5, false)) {
                assertThat(l.acquiredBy()).isSameAs(ch);
                assertThatThrownBy(() -> ch.tryLock(0, 5, true)).isInstanceOf(OverlappingFileLockException.class);
            }
            try (FileChannel target = FileChannel.open(ours(tmp).resolve("t.bin"), WRITE, CREATE)) {
                assertThat(ch.transferTo(2, 100, target)).isEqualTo(7);
                ch.position(0);
                assertThat(target.transferFrom(ch, 7, 3)).isEqualTo(3);
                assertThat(ch.position()).isEqualTo(3);
            }
        }
        assertThat(Files.readString(jdk(f))).isEqualTo("Hello wab");
        assertThat(Files.readString(jdk(tmp).resolve("t.bin"))).isEqualTo("llo wabHel");

        Path log = ours(tmp).resolve("append.log");
        try (FileChannel a = FileChannel.open(log, StandardOpenOption.APPEND, CREATE)) {
            a.write(ByteBuffer.wrap("one ".getBytes()));
            a.position(0);
            a.write(ByteBuffer.wrap("two".getBytes()));
            assertThat(a.position()).isEqualTo(7);
        }
        assertThat(Files.readString(jdk(log))).isEqualTo("one two");
        try (Stream<String> lines = Files.lines(ours(patternTextFile())).parallel()) {
            assertThat(lines.count()).isEqualTo(20_000);
        }
    }

    private Path patternTextFile() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20_000; i++) {
            sb.append("line ").append(i).append('\n');
        }
        return Files.writeString(jdk(tmp).resolve("lines.txt"), sb);
    }

    @Test
    void callsOnTheLoopThreadGoToTheJdkInsteadOfDeadlocking() throws Exception {
        Path f = ours(patternFile());
        FileChannel open = FileChannel.open(f);
        open.position(SIZE - 10);
        CompletableFuture<String> result = new CompletableFuture<>();
        EventLoop.shared().execute(() -> {
            try {
                ByteBuffer b = ByteBuffer.allocate(4);
                int n = open.read(b);
                long size = open.size();
                long p = open.position();
                result.complete(Files.size(f) + " " + Files.readAllBytes(f).length + " " + n + " " + size + " " + p + " "
                        + Files.exists(f) + " " + Thread.currentThread().getName());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        assertThat(result.get(20, TimeUnit.SECONDS)).isEqualTo(SIZE + " " + SIZE + " 4 " + SIZE + " " + (SIZE - 6) + " true rusticated-loop");
        ByteBuffer b = ByteBuffer.allocate(10);
        assertThat(open.read(b)).isEqualTo(6); // positional from now on, at the channel's position
        open.close();
    }

    @Test
    @Needs(Feature.POSIX_SHELL)
    void interruptingABlockedReadClosesTheChannel() throws Exception {
        Path fifo = jdk(tmp).resolve("fifo");
        Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mk.waitFor(10, TimeUnit.SECONDS) && mk.exitValue() == 0).isTrue();
        FileChannel ch = FileChannel.open(ours(fifo), READ, WRITE); // O_RDWR: the open does not wait for a writer
        assertThatThrownBy(ch::position).isInstanceOf(IOException.class).hasMessage("Illegal seek");
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        CompletableFuture<Void> reading = new CompletableFuture<>();
        Thread reader = Thread.ofPlatform().start(() -> {
            try {
                reading.complete(null);
                ch.read(ByteBuffer.allocate(10));
                outcome.complete(null);
            } catch (Throwable t) {
                outcome.complete(t);
            }
        });
        reading.get(10, TimeUnit.SECONDS);
        while (reader.getState() != Thread.State.WAITING && reader.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait(); // until it parks waiting for the read's completion
        }
        reader.interrupt();
        assertThat(outcome.get(10, TimeUnit.SECONDS)).isInstanceOf(ClosedByInterruptException.class);
        assertThat(ch.isOpen()).isFalse();

        FileChannel again = FileChannel.open(ours(fifo), READ, WRITE);
        CompletableFuture<Throwable> closedUnder = new CompletableFuture<>();
        Thread r2 = Thread.ofPlatform().start(() -> {
            try {
                again.read(ByteBuffer.allocate(10));
                closedUnder.complete(null);
            } catch (Throwable t) {
                closedUnder.complete(t);
            }
        });
        while (r2.getState() != Thread.State.WAITING && r2.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        again.close();
        assertThat(closedUnder.get(10, TimeUnit.SECONDS)).isInstanceOf(AsynchronousCloseException.class);
    }

    @Test
    void watchServiceReportsOurPaths() throws Exception {
        Path dir = ours(tmp);
        try (WatchService ws = dir.getFileSystem().newWatchService()) {
            WatchKey key = dir.register(ws, StandardWatchEventKinds.ENTRY_CREATE);
            Files.writeString(dir.resolve("new.txt"), "x");
            WatchKey taken = ws.poll(10, TimeUnit.SECONDS);
            assertThat(taken).isSameAs(key);
            assertThat(taken.watchable()).isEqualTo(dir);
            List<WatchEvent<?>> events = taken.pollEvents();
            assertThat(events).isNotEmpty();
            Path context = (Path) events.get(0).context();
            assertThat(context.getFileSystem()).isSameAs(JdkPaths.OUR_FS);
            assertThat(dir.resolve(context)).isEqualTo(dir.resolve("new.txt"));
            assertThat(taken.reset()).isTrue();
        }
    }
}
