package io.rusticated.linux;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.DirReader;
import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Operation;
import io.rusticated.rt.Ops;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operations served by the blocking pool (directory reads on io_uring; every file operation on
 * epoll) on both backends.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class BlockingPoolTest {
    @TempDir
    Path dir;

    /**
     * blockOn of one pool operation with nothing else in flight: the pool's result arrives as a
     * loop task, and the turn that runs it must not then wait on the kernel for nothing.
     */
    @Test
    void blockOnAnOperationServedByThePoolReturns() throws Exception {
        Files.writeString(dir.resolve("one"), "1");
        try (EventLoop loop = EventLoop.open()) {
            for (int i = 0; i < 5; i++) {
                DirReader reader = loop.blockOn(Fs.readDir(dir));
                // Submitted from a timer's completion, so the loop is (almost always) already
                // waiting in the kernel when the pool hands the batch back.
                List<DirEntry> batch = loop.blockOn(Time.sleep(Duration.ofMillis(5)).thenCompose(v -> reader.nextBatch()));
                assertThat(batch).extracting(DirEntry::name).containsExactly("one");
                loop.blockOn(reader.close());
            }
        }
    }

    @Test
    void manyConcurrentPositionalReadsOfAFile() throws Exception {
        byte[] content = new byte[64 * 1024];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31);
        }
        Path p = dir.resolve("data");
        Files.write(p, content);
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(p, OpenOptions.readOnly()));
            List<Buffer> buffers = new ArrayList<>();
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                Buffer b = Buffer.allocate(1024);
                buffers.add(b);
                reads.add(f.readAt(b, i * 1024L).toCompletableFuture());
            }
            loop.blockOn(CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new)));
            for (int i = 0; i < 64; i++) {
                byte[] expected = java.util.Arrays.copyOfRange(content, i * 1024, (i + 1) * 1024);
                assertThat(buffers.get(i).toByteArray()).as("chunk " + i).isEqualTo(expected);
            }
            loop.blockOn(f.close());
        }
    }

    /** A regular file is always ready: POLL on it completes at once with what was asked. */
    @Test
    void pollOnARegularFileIsReadyAtOnce() throws Exception {
        Path p = dir.resolve("ready");
        Files.writeString(p, "x");
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(p, OpenOptions.readOnly()));
            FutureOperation<Integer> poll = Ops.count();
            poll.preparePoll(f.handle(), Operation.POLL_IN);
            loop.submit(poll);
            assertThat(loop.blockOn(poll.future()) & LinuxAbi.EPOLLIN).isNotZero();
            loop.blockOn(f.close());
        }
    }

    @Test
    void sequentialReadsOfAFileFollowItsPosition() throws Exception {
        Path p = dir.resolve("seq");
        Files.writeString(p, "first second");
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(p, OpenOptions.readOnly()));
            Buffer a = Buffer.allocate(6);
            Buffer b = Buffer.allocate(16);
            loop.blockOn(f.read(a));
            loop.blockOn(f.read(b));
            assertThat(a.toString(StandardCharsets.UTF_8)).isEqualTo("first ");
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("second");
            loop.blockOn(f.close());
        }
    }
}
