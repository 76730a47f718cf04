package io.rusticated.linux;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.FileType;
import io.rusticated.fs.Metadata;
import io.rusticated.io.NativeMemory;
import io.rusticated.path.NativePath;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import io.rusticated.spi.DirectCalls;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Platform;
import io.rusticated.spi.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Linux's system calls on the calling thread ({@link LinuxDirectCalls}), each against what the
 * JDK sees of the same files: requests run as the blocking pool would run them (a path relative
 * to a directory handle too), reads and writes at the file position and at offsets, lseek, and
 * copies inside the kernel. Requests are the loop's own operations, prepared and never submitted.
 */
class DirectCallsTest {
    private static final DirectCalls OS = Platform.directCalls();

    @TempDir
    Path dir;

    private static MemorySegment scratch(Opcode opcode) {
        return NativeMemory.allocate(Math.max(1, OS.scratchSize(opcode)), 8);
    }

    private static long open(Path p, int flags) {
        FutureOperation<Integer> op = Ops.count();
        op.prepareOpen(NativePath.of(p), flags, 0644);
        long fd = OS.run(op, MemorySegment.NULL);
        assertThat(fd).as("open %s", p).isNotNegative();
        return fd;
    }

    private static void close(long fd) {
        FutureOperation<Void> op = Ops.done();
        op.prepareClose(fd);
        assertThat(OS.run(op, MemorySegment.NULL)).isZero();
    }

    @Test
    void isFoundForLinuxAndNamesLinuxErrors() {
        assertThat(OS).isInstanceOf(LinuxDirectCalls.class);
        assertThat(OS.errors().lookup(LinuxAbi.ENOENT).name()).isEqualTo("ENOENT");
    }

    @Test
    void statAsTheJdkSeesIt() throws Exception {
        Path f = Files.writeString(dir.resolve("f.txt"), "hello");
        FutureOperation<Metadata> op = Ops.payload(Metadata.class);
        op.prepareStat(Request.NO_HANDLE, NativePath.of(f), true);
        MemorySegment statx = scratch(Opcode.STAT);
        long raw = OS.run(op, statx);
        assertThat(raw).isZero();
        Metadata m = (Metadata) OS.payload(op, statx, raw);
        BasicFileAttributes jdk = Files.readAttributes(f, BasicFileAttributes.class);
        assertThat(m.type()).isEqualTo(FileType.REGULAR);
        assertThat(m.size()).isEqualTo(5);
        assertThat(m.modifiedTimeNanos()).isEqualTo(jdk.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));

        op.prepareStat(Request.NO_HANDLE, NativePath.of(dir.resolve("missing")), true);
        assertThat(OS.run(op, statx)).isEqualTo(-LinuxAbi.ENOENT);
    }

    @Test
    void aPathRelativeToADirectoryHandle() throws Exception {
        Path sub = Files.createDirectory(dir.resolve("sub"));
        Files.writeString(sub.resolve("inner.txt"), "12345678");
        long d = open(sub, Request.OPEN_READ);
        try {
            FutureOperation<Metadata> op = Ops.payload(Metadata.class);
            op.prepareStat(d, NativePath.of("inner.txt"), true);
            MemorySegment statx = scratch(Opcode.STAT);
            long raw = OS.run(op, statx);
            assertThat(raw).isZero();
            assertThat(((Metadata) OS.payload(op, statx, raw)).size()).isEqualTo(8);
            // the same name relative to the working directory names nothing
            op.prepareStat(Request.NO_HANDLE, NativePath.of("inner.txt"), true);
            assertThat(OS.run(op, statx)).isEqualTo(-LinuxAbi.ENOENT);
        } finally {
            close(d);
        }
    }

    @Test
    void directoryEntriesInBatches() throws Exception {
        for (int i = 0; i < 300; i++) {
            Files.writeString(dir.resolve("entry-with-a-longer-name-" + i), "");
        }
        long d = open(dir, Request.OPEN_READ);
        try {
            FutureOperation<List<DirEntry>> op = Ops.payload(null);
            MemorySegment dirents = scratch(Opcode.READ_DIR);
            int seen = 0;
            int batches = 0;
            for (;;) {
                op.prepareReadDir(d, NativePath.of(dir));
                long raw = OS.run(op, dirents);
                assertThat(raw).isNotNegative();
                @SuppressWarnings("unchecked")
                List<DirEntry> batch = (List<DirEntry>) OS.payload(op, dirents, raw);
                if (batch.isEmpty()) {
                    break;
                }
                seen += batch.size();
                batches++;
            }
            assertThat(seen).isEqualTo(300);
            assertThat(batches).isGreaterThanOrEqualTo(1);
        } finally {
            close(d);
        }
    }

    @Test
    void readWriteAndSeekAsTheJdksChannelDoes() throws Exception {
        Path f = dir.resolve("rw.bin");
        long fd = open(f, Request.OPEN_READ | Request.OPEN_WRITE | Request.OPEN_CREATE);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment hello = arena.allocateFrom("hello world", StandardCharsets.US_ASCII).asSlice(0, 11);
            assertThat(OS.write(fd, hello, -1)).isEqualTo(11);
            assertThat(OS.seek(fd, -1)).as("the position moved").isEqualTo(11);
            assertThat(OS.write(fd, hello.asSlice(0, 5), 20)).as("pwrite").isEqualTo(5);
            assertThat(OS.seek(fd, -1)).as("pwrite moves no position").isEqualTo(11);
            assertThat(Files.size(f)).isEqualTo(25);
            assertThat(OS.seek(fd, 6)).isEqualTo(6);
            MemorySegment into = arena.allocate(5);
            assertThat(OS.read(fd, into, -1)).isEqualTo(5);
            assertThat(new String(into.toArray(ValueLayout.JAVA_BYTE), StandardCharsets.US_ASCII)).isEqualTo("world");
            assertThat(OS.read(fd, into, 20)).as("pread").isEqualTo(5);
            assertThat(OS.read(fd, into, 100)).as("at the end").isZero();
        } finally {
            close(fd);
        }
    }

    @Test
    void aPipeHasNoPosition() throws Exception {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            assertThat(Libc.pipe2(fds, LinuxAbi.O_CLOEXEC)).isZero();
            int r = fds.getAtIndex(ValueLayout.JAVA_INT, 0);
            int w = fds.getAtIndex(ValueLayout.JAVA_INT, 1);
            try {
                assertThat(OS.seek(r, -1)).isEqualTo(-LinuxAbi.ESPIPE);
                assertThat(OS.write(w, arena.allocate(3), -1)).isEqualTo(3);
                assertThat(OS.read(r, arena.allocate(10), -1)).isEqualTo(3);
            } finally {
                close(r);
                close(w);
            }
        }
    }

    @Test
    void copiesInsideTheKernelAtPositionsAndOffsets() throws Exception {
        byte[] data = new byte[3 << 20];
        new java.util.Random(7).nextBytes(data);
        Path src = Files.write(dir.resolve("src.bin"), data);
        Path dst = dir.resolve("dst.bin");
        long in = open(src, Request.OPEN_READ);
        long out = open(dst, Request.OPEN_WRITE | Request.OPEN_CREATE);
        try {
            long copied = 0;
            long n;
            while ((n = OS.copy(in, -1, out, -1, 1 << 20)) > 0) {
                copied += n;
            }
            assertThat(n).isZero();
            assertThat(copied).isEqualTo(data.length);
            assertThat(Files.readAllBytes(dst)).isEqualTo(data);
            assertThat(OS.copy(in, 10, out, data.length, 100)).as("at explicit offsets").isEqualTo(100);
            assertThat(OS.seek(in, -1)).as("explicit offsets move no position").isEqualTo(data.length);
            byte[] tail = java.util.Arrays.copyOfRange(Files.readAllBytes(dst), data.length, data.length + 100);
            assertThat(tail).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 110));
        } finally {
            close(in);
            close(out);
        }
    }

    @Test
    void opcodesOfTheLoopAreRefused() {
        FutureOperation<Void> op = Ops.done();
        op.prepareNop();
        assertThatThrownBy(() -> OS.run(op, MemorySegment.NULL)).isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("NOP");
    }
}
