package io.rusticated.linux;

import io.rusticated.conformance.Await;
import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sequential reads issued without waiting, on a file whose pages are not cached: io_uring cannot
 * complete such a read at submission, and reads it runs side by side each take the file position
 * before any of them moved it (offset -1 is "the position when the read starts"), so they must
 * reach the kernel one at a time. The conformance kit's FilePositionTest has the same case on a
 * cached file, where io_uring happens to complete each read before it takes the next; evicting
 * the file's pages (GNU dd's nocache) is Linux's own business, so this case lives here.
 */
class ColdSequentialReadTest {
    private static final int BLOCK = 64 * 1024;
    private static final int BLOCKS = 256;

    @TempDir
    Path dir;

    @Test
    void readsIssuedWithoutWaitingOnAColdFileReadConsecutiveBlocks() throws Exception {
        ByteBuffer content = ByteBuffer.allocate(BLOCK * BLOCKS).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < BLOCKS; i++) {
            for (int k = 0; k < BLOCK / 4; k++) {
                content.putInt(i);
            }
        }
        Path p = dir.resolve("cold");
        try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ch.write(content.flip());
            ch.force(true); // written back, so clean: only clean pages can be evicted
        }
        Process evict = new ProcessBuilder("dd", "if=" + p, "iflag=nocache", "count=0", "status=none").inheritIO().start();
        assertThat(evict.waitFor(10, TimeUnit.SECONDS) && evict.exitValue() == 0).as("dd evicted the file's pages").isTrue();
        try (EventLoop loop = EventLoop.open()) {
            File f = loop.blockOn(File.open(loop, p, OpenOptions.readOnly()));
            List<Buffer> buffers = new ArrayList<>();
            List<CompletableFuture<Integer>> reads = new ArrayList<>();
            for (int i = 0; i < BLOCKS; i++) {
                Buffer b = Buffer.allocate(BLOCK);
                buffers.add(b);
                reads.add(f.read(b).toCompletableFuture());
            }
            Await.on(loop, CompletableFuture.allOf(reads.toArray(new CompletableFuture[0])));
            for (int i = 0; i < BLOCKS; i++) {
                assertThat(reads.get(i).join()).isEqualTo(BLOCK);
                assertThat(buffers.get(i).asByteBuffer().order(ByteOrder.LITTLE_ENDIAN).getInt(0)).as("block read by read %d", i).isEqualTo(i);
            }
            assertThat(loop.blockOn(f.read(Buffer.allocate(16)))).as("every block read once, so at the end").isZero();
            loop.blockOn(f.close());
        }
    }
}
