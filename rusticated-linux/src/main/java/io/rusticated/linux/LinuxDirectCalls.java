package io.rusticated.linux;

import io.rusticated.io.NativeMemory;
import io.rusticated.spi.DirectCalls;
import io.rusticated.spi.ErrorTable;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * Linux's system calls on the calling thread: the blocking pool's calls ({@link LinuxFileOps}),
 * read(2)/pread(2) and write(2)/pwrite(2), lseek(2), and copy_file_range(2) with
 * sendfile(2) where it cannot copy, as the JDK's {@code FileChannelImpl} and {@code Files.copy}
 * do. Every one goes through {@code syscall(2)}, the one downcall linked at start-up. A call
 * interrupted by a signal (EINTR) is made again, as the JDK's {@code RESTARTABLE} does.
 */
public final class LinuxDirectCalls implements DirectCalls {
    /** Two loff_t offsets for copy_file_range: per thread, used only during a call. */
    private static final ThreadLocal<MemorySegment> OFFSETS = ThreadLocal.withInitial(() -> NativeMemory.allocate(16, 8));

    @Override
    public boolean supportsCurrentOs() {
        return LinuxArch.supports(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    @Override
    public ErrorTable errors() {
        return LinuxErrors.TABLE;
    }

    @Override
    public long scratchSize(Opcode opcode) {
        return opcode == Opcode.STAT || opcode == Opcode.READ_DIR ? LinuxFileOps.scratchSize(opcode) : 0;
    }

    @Override
    public long run(Request request, MemorySegment scratch) {
        switch (request.opcode()) {
            case OPEN, CLOSE, STAT, FSYNC, TRUNCATE, MKDIR, UNLINK, RENAME, SYMLINK, LINK, ACCESS, READ_DIR -> {
                long r;
                do {
                    r = LinuxFileOps.runBlocking(request, scratch);
                } while (r == -EINTR && request.opcode() != Opcode.CLOSE); // a close is never repeated: the descriptor is gone
                return r;
            }
            default -> throw new UnsupportedOperationException("Linux: " + request.opcode() + " is not a call made on the calling thread");
        }
    }

    @Override
    public Object payload(Request request, MemorySegment scratch, long result) {
        return switch (request.opcode()) {
            case STAT -> LinuxFileOps.decodeStatx(scratch);
            case READ_DIR -> LinuxFileOps.decodeDirents(scratch, (int) result);
            default -> null;
        };
    }

    @Override
    public long read(long handle, MemorySegment into, long offset) {
        long r;
        do {
            r = offset < 0 ? Libc.read((int) handle, into.address(), into.byteSize()) : Libc.pread((int) handle, into.address(), into.byteSize(), offset);
        } while (r == -EINTR);
        return r;
    }

    @Override
    public long write(long handle, MemorySegment from, long offset) {
        long r;
        do {
            r = offset < 0 ? Libc.write((int) handle, from.address(), from.byteSize()) : Libc.pwrite((int) handle, from.address(), from.byteSize(), offset);
        } while (r == -EINTR);
        return r;
    }

    @Override
    public long seek(long handle, long offset) {
        return offset < 0 ? Libc.lseek((int) handle, 0, SEEK_CUR) : Libc.lseek((int) handle, offset, SEEK_SET);
    }

    /**
     * copy_file_range first (Linux 4.5; any two files on one file system, across file systems
     * since 5.19); where it refuses the pair before copying (EXDEV, EINVAL, ENOSYS, EOPNOTSUPP),
     * sendfile, as the JDK falls back, when the target is written at its position; else
     * {@link #UNSUPPORTED}.
     */
    @Override
    public long copy(long from, long fromOffset, long to, long toOffset, long count) {
        MemorySegment offsets = OFFSETS.get();
        offsets.set(ValueLayout.JAVA_LONG, 0, fromOffset);
        offsets.set(ValueLayout.JAVA_LONG, 8, toOffset);
        long in = fromOffset < 0 ? 0 : offsets.address();
        long out = toOffset < 0 ? 0 : offsets.address() + 8;
        long r;
        do {
            r = Libc.copyFileRange((int) from, in, (int) to, out, count);
        } while (r == -EINTR);
        if (r != -EXDEV && r != -EINVAL && r != -ENOSYS && r != -EOPNOTSUPP) {
            return r;
        }
        if (toOffset >= 0) {
            return UNSUPPORTED;
        }
        do {
            r = Libc.sendfile((int) to, (int) from, in, count);
        } while (r == -EINTR);
        return r == -EINVAL || r == -ENOSYS ? UNSUPPORTED : r;
    }
}
