package io.rusticated.linux;

import io.rusticated.fs.Fs;
import io.rusticated.io.Buffer;
import io.rusticated.io.BufferPool;
import io.rusticated.io.NativeMemory;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rusticated's native memory is its own: none of it shows in the JDK's {@code direct} buffer pool,
 * which a program on the rusticated image reads as its own direct buffers; it is aligned as asked,
 * zeroed, and freed once unreachable.
 */
class NativeMemoryTest {
    @TempDir
    Path dir;

    private static BufferPoolMXBean directPool() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream().filter(p -> p.getName().equals("direct"))
                .findFirst().orElseThrow();
    }

    @Test
    void rusticatedsBuffersAndOperationsAreNotInTheJdksDirectPool() throws Exception {
        Path f = Files.write(dir.resolve("f.bin"), new byte[100_000]);
        long count = directPool().getCount();
        long used = directPool().getMemoryUsed();
        try (EventLoop loop = EventLoop.open()) {
            for (int i = 0; i < 20; i++) {
                Buffer b = BufferPool.shared().acquire(4096 << (i % 8));
                assertThat(loop.blockOn(Fs.readAll(f))).hasSize(100_000);
                loop.blockOn(Fs.metadata(f));
                b.release();
            }
            Buffer.allocate(1 << 20);
            NativePath.of(f.toString()).utf8z();
        }
        assertThat(directPool().getCount()).as("direct buffers").isEqualTo(count);
        assertThat(directPool().getMemoryUsed()).as("direct memory").isEqualTo(used);
    }

    @Test
    void alignedZeroedAndFreedWhenUnreachable() throws Exception {
        for (long alignment : new long[] {1, 8, 16, 64, 4096}) {
            MemorySegment m = NativeMemory.allocate(10_000, alignment);
            assertThat(m.address() % alignment).isZero();
            assertThat(m.byteSize()).isEqualTo(10_000);
            for (long i = 0; i < m.byteSize(); i++) {
                if (m.get(java.lang.foreign.ValueLayout.JAVA_BYTE, i) != 0) {
                    throw new AssertionError("byte " + i + " not zeroed");
                }
            }
        }
        long chunk = 8 << 20;
        MemorySegment[] held = new MemorySegment[5];
        for (int i = 0; i < held.length; i++) {
            held[i] = NativeMemory.allocate(chunk, 4096);
        }
        long live = NativeMemory.liveBytes();
        java.util.Arrays.fill(held, null);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (NativeMemory.liveBytes() > live - held.length * chunk && System.nanoTime() < deadline) {
            System.gc();
            Thread.sleep(10);
        }
        assertThat(NativeMemory.liveBytes()).as("freed once unreachable").isLessThanOrEqualTo(live - held.length * chunk);
    }
}
