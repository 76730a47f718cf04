package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link File#read} and {@link File#readAt} run on operations the loop recycles; each call still
 * returns its own future, and a future kept after its completion never reaches the operation's
 * next request.
 */
class RecycledReadTest {
    @TempDir
    Path dir;

    @Test
    void everyReadReturnsItsOwnFuture() throws Exception {
        Path p = dir.resolve("f");
        Files.write(p, "abcdefgh".getBytes(StandardCharsets.US_ASCII));
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, p, io.rusticated.fs.OpenOptions.readOnly()));
            Buffer a = Buffer.allocate(4);
            Buffer b = Buffer.allocate(4);
            CompletableFuture<Integer> first = f.readAt(a, 0).toCompletableFuture();
            assertThat(loop.blockOn(first)).isEqualTo(4);
            CompletableFuture<Integer> second = f.readAt(b, 4).toCompletableFuture();
            assertThat(second).isNotSameAs(first);
            assertThat(loop.blockOn(second)).isEqualTo(4);
            assertThat(first.cancel(true)).as("a settled future cannot be cancelled").isFalse();
            assertThat(first.join()).isEqualTo(4);
            assertThat(a.toString(StandardCharsets.US_ASCII)).isEqualTo("abcd");
            assertThat(b.toString(StandardCharsets.US_ASCII)).isEqualTo("efgh");
            loop.blockOn(f.close());
        }
    }

    /**
     * Two pipe reads complete in one turn. The first continuation cancels the other read from
     * another thread (so the cancel is queued for the loop); the other read's continuation then
     * issues a new read on the operation just recycled. The queued cancel names the settled
     * future, not the operation, so the new read is not cancelled. (When the two completions
     * land in different turns, the cancel reaches the other read while it is in flight instead;
     * the new read must come through untouched either way.)
     */
    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void aCancelQueuedForASettledReadDoesNotReachTheRecycledOperation() {
        try (EventLoop loop = EventLoop.open(); TestPipe p0 = TestPipe.open(); TestPipe p1 = TestPipe.open()) {
            TestPipe[] pipes = {p0, p1};
            File[] in = {File.fromHandle(loop, p0.readHandle, Path.of("pipe0")), File.fromHandle(loop, p1.readHandle, Path.of("pipe1"))};
            @SuppressWarnings("unchecked")
            CompletableFuture<Integer>[] reads = new CompletableFuture[2];
            @SuppressWarnings("unchecked")
            CompletableFuture<Integer>[] next = new CompletableFuture[1];
            int[] nextOn = {-1};
            int[] settled = {0};
            Buffer nextBuffer = Buffer.allocate(16);
            for (int i = 0; i < 2; i++) {
                int self = i;
                reads[i] = in[i].read(Buffer.allocate(16)).toCompletableFuture();
                reads[i].whenComplete((n, e) -> {
                    if (settled[0]++ == 0) {
                        Thread t = Thread.ofPlatform().start(() -> reads[1 - self].cancel(true));
                        try {
                            t.join();
                        } catch (InterruptedException ex) {
                            throw new AssertionError(ex);
                        }
                    } else {
                        nextOn[0] = self;
                        next[0] = in[self].read(nextBuffer).toCompletableFuture();
                    }
                });
            }
            loop.runNow(); // both reads are with the kernel
            p0.write("a".getBytes(StandardCharsets.US_ASCII));
            p1.write("b".getBytes(StandardCharsets.US_ASCII));
            loop.blockOn(CompletableFuture.allOf(reads[0].exceptionally(e -> -1), reads[1].exceptionally(e -> -1)));
            assertThat(next[0]).as("the second continuation issued a read").isNotNull();
            loop.runNow(); // runs the queued cancel, if the loop has not yet
            assertThat(next[0]).as("the new read waits for data, not cancelled").isNotDone();
            pipes[nextOn[0]].write("later".getBytes(StandardCharsets.US_ASCII));
            assertThat(loop.blockOn(next[0])).isEqualTo(5);
            assertThat(nextBuffer.toString(StandardCharsets.US_ASCII)).isEqualTo("later");
            assertThat(loop.inFlight()).isZero();
        }
    }
}
