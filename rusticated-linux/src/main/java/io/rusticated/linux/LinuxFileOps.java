package io.rusticated.linux;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.FileType;
import io.rusticated.fs.Metadata;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.BlockingWork;
import io.rusticated.rt.DriverContext;
import io.rusticated.rt.Opcode;
import io.rusticated.rt.Operation;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * What both Linux backends share about file operations: the flags an operation maps to, the
 * blocking system call for each opcode (the epoll backend's file I/O and io_uring's per-opcode
 * fallback), and decoding a completion (statx, dirents, errno) before delivery.
 */
final class LinuxFileOps {
    private LinuxFileOps() {
    }

    static {
        // The error path must work when no descriptor is left (EMFILE): loading a class then would
        // need to open its jar and fail, so load what errors need now.
        LinuxErrors.preload();
    }

    /** Bytes of a statx struct the kernel fills. */
    static final long STATX_SIZE = STATX.byteSize();
    /** Bytes getdents64 may fill per call. */
    static final long DIRENT_BUFFER = 32 * 1024;

    static int openFlags(Operation op) {
        OpenOptions o = op.openOptions();
        int flags = O_CLOEXEC;
        boolean writes = o.write() || o.append();
        flags |= o.read() && writes ? O_RDWR : writes ? O_WRONLY : O_RDONLY;
        if (o.append()) {
            flags |= O_APPEND;
        }
        if (o.truncate()) {
            flags |= O_TRUNC;
        }
        if (o.createNew()) {
            flags |= O_CREAT | O_EXCL;
        } else if (o.create()) {
            flags |= O_CREAT;
        }
        if (o.direct()) {
            flags |= O_DIRECT;
        }
        if ((op.flags() & Operation.DIRECTORY) != 0) {
            flags |= O_DIRECTORY;
        }
        return flags;
    }

    static int statFlags(Operation op) {
        int flags = AT_STATX_SYNC_AS_STAT;
        if (op.path() == null) {
            flags |= AT_EMPTY_PATH;
        }
        if ((op.flags() & Operation.NO_FOLLOW) != 0) {
            flags |= AT_SYMLINK_NOFOLLOW;
        }
        return flags;
    }

    /** The path's address for a statx: an empty string when describing the handle itself. */
    static long statPath(Operation op) {
        return op.path() != null ? op.path().utf8z().address() : EMPTY_STRING.address();
    }

    static int statDirfd(Operation op) {
        return op.path() != null ? AT_FDCWD : (int) op.handle();
    }

    private static final MemorySegment EMPTY_STRING = java.lang.foreign.Arena.global().allocate(1);

    /** Where a read writes: the buffer's spare capacity. */
    static long readAddress(Buffer b) {
        return b.memory().address() + b.lengthWhileLent();
    }

    static int readLength(Buffer b) {
        return b.capacity() - b.lengthWhileLent();
    }

    static long writeAddress(Buffer b) {
        return b.memory().address();
    }

    static int writeLength(Buffer b) {
        return b.lengthWhileLent();
    }

    /** Operation's access bits as access(2)'s mode: R_OK, W_OK, X_OK, or F_OK for none. */
    static int accessMode(int access) {
        int mode = F_OK;
        if ((access & Operation.ACCESS_READ) != 0) {
            mode |= R_OK;
        }
        if ((access & Operation.ACCESS_WRITE) != 0) {
            mode |= W_OK;
        }
        if ((access & Operation.ACCESS_EXECUTE) != 0) {
            mode |= X_OK;
        }
        return mode;
    }

    /** Each opcode as one blocking system call, for the blocking pool. */
    static final BlockingWork BLOCKING = LinuxFileOps::runBlocking;

    private static long runBlocking(Operation op) {
        int fd = (int) op.handle();
        return switch (op.opcode()) {
            case NOP -> 0;
            case READ -> op.offset() < 0
                    ? Libc.read(fd, readAddress(op.buffer()), readLength(op.buffer()))
                    : Libc.pread(fd, readAddress(op.buffer()), readLength(op.buffer()), op.offset());
            case WRITE -> op.offset() < 0
                    ? Libc.write(fd, writeAddress(op.buffer()), writeLength(op.buffer()))
                    : Libc.pwrite(fd, writeAddress(op.buffer()), writeLength(op.buffer()), op.offset());
            case OPEN -> Libc.openat(AT_FDCWD, op.path().utf8z().address(), openFlags(op), op.mode());
            case CLOSE -> Libc.close(fd);
            case STAT -> Libc.statx(statDirfd(op), statPath(op), statFlags(op), STATX_BASIC_STATS | STATX_BTIME, op.scratch().address());
            case FSYNC -> Libc.fsync(fd, (op.flags() & Operation.DATA_ONLY) != 0);
            case TRUNCATE -> Libc.ftruncate(fd, op.offset());
            case MKDIR -> Libc.mkdirat(AT_FDCWD, op.path().utf8z().address(), op.mode());
            case UNLINK -> Libc.unlinkat(AT_FDCWD, op.path().utf8z().address(), (op.flags() & Operation.DIRECTORY) != 0 ? AT_REMOVEDIR : 0);
            case RENAME -> Libc.renameat2(AT_FDCWD, op.path().utf8z().address(), AT_FDCWD, op.path2().utf8z().address(),
                    (op.flags() & Operation.NO_REPLACE) != 0 ? RENAME_NOREPLACE : 0);
            case SYMLINK -> Libc.symlinkat(op.path().utf8z().address(), AT_FDCWD, op.path2().utf8z().address());
            case LINK -> Libc.linkat(AT_FDCWD, op.path().utf8z().address(), AT_FDCWD, op.path2().utf8z().address(), 0);
            case READ_DIR -> Libc.getdents64(fd, op.scratch().address(), op.scratch().byteSize());
            case ACCESS -> Libc.faccessat(AT_FDCWD, op.path().utf8z().address(), accessMode(op.flags()), 0);
            case POLL, SLEEP -> -EINVAL; // never offloaded
        };
    }

    /** Scratch memory an opcode needs the kernel to fill, or NULL. */
    static long scratchSize(Opcode code) {
        return switch (code) {
            case STAT -> STATX_SIZE;
            case READ_DIR -> DIRENT_BUFFER;
            default -> 0;
        };
    }

    /**
     * Decodes and delivers a finished operation: {@code raw} >= 0 is its result, < 0 a negated
     * errno. An open that succeeded after a cancel request has its descriptor closed here, so a
     * cancelled open never leaks one.
     */
    static void finish(DriverContext ctx, ScratchPool scratch, Operation op, long raw) {
        Throwable failure = null;
        long result = raw;
        try {
            if (raw == Long.MIN_VALUE) {
                failure = new IllegalStateException("the blocking system call for " + op + " threw");
            } else if (raw < 0) {
                int errno = (int) -raw;
                failure = errno == ECANCELED || (errno == EINTR && op.isCancelRequested())
                        ? new CancellationException(op.opcode() + " cancelled")
                        : LinuxErrors.exception(errno, op);
                result = 0;
            } else {
                switch (op.opcode()) {
                    case STAT -> op.attachPayload(decodeStatx(op.scratch()));
                    case READ_DIR -> op.attachPayload(decodeDirents(op.scratch(), (int) raw));
                    case OPEN -> {
                        if (op.isCancelRequested()) {
                            Libc.close((int) raw);
                            failure = new CancellationException("open of " + op.path() + " cancelled; its descriptor was closed");
                            result = 0;
                        }
                    }
                    default -> {
                    }
                }
            }
        } catch (RuntimeException e) {
            failure = e;
        }
        scratch.release(op);
        ctx.deliver(op, result, failure);
    }

    static Metadata decodeStatx(MemorySegment s) {
        int mode = Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, STATX_MODE));
        int mask = s.get(ValueLayout.JAVA_INT, STATX_MASK);
        long dev = ((long) s.get(ValueLayout.JAVA_INT, STATX_DEV_MAJOR) << 32) | Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, STATX_DEV_MINOR));
        return new Metadata(
                FileType.fromMode(mode),
                s.get(ValueLayout.JAVA_LONG, STATX_SIZE_OFFSET),
                mode & 07777,
                s.get(ValueLayout.JAVA_INT, STATX_UID),
                s.get(ValueLayout.JAVA_INT, STATX_GID),
                Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, STATX_NLINK)),
                s.get(ValueLayout.JAVA_LONG, STATX_INO),
                dev,
                s.get(ValueLayout.JAVA_LONG, STATX_BLOCKS),
                s.get(ValueLayout.JAVA_INT, STATX_BLKSIZE),
                timestamp(s, STATX_ATIME),
                timestamp(s, STATX_MTIME),
                timestamp(s, STATX_CTIME),
                (mask & STATX_BTIME) != 0 ? timestamp(s, STATX_BTIME_OFFSET) : -1);
    }

    private static final long STATX_SIZE_OFFSET = LinuxAbi.STATX_SIZE;

    private static long timestamp(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_LONG, at) * 1_000_000_000L + Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, at + STATX_TIMESTAMP_NSEC));
    }

    static List<DirEntry> decodeDirents(MemorySegment buf, int bytes) {
        List<DirEntry> out = new ArrayList<>(bytes / 32);
        long at = 0;
        while (at < bytes) {
            int reclen = Short.toUnsignedInt(buf.get(ValueLayout.JAVA_SHORT, at + DIRENT64_RECLEN));
            long nameStart = at + DIRENT64_NAME;
            long nameEnd = nameStart;
            long limit = at + reclen;
            while (nameEnd < limit && buf.get(ValueLayout.JAVA_BYTE, nameEnd) != 0) {
                nameEnd++;
            }
            int nameLen = (int) (nameEnd - nameStart);
            boolean dot = nameLen == 1 && buf.get(ValueLayout.JAVA_BYTE, nameStart) == '.';
            boolean dotdot = nameLen == 2 && buf.get(ValueLayout.JAVA_BYTE, nameStart) == '.' && buf.get(ValueLayout.JAVA_BYTE, nameStart + 1) == '.';
            if (!dot && !dotdot) {
                byte[] name = buf.asSlice(nameStart, nameLen).toArray(ValueLayout.JAVA_BYTE);
                out.add(new DirEntry(new String(name, StandardCharsets.UTF_8), null,
                        direntType(Byte.toUnsignedInt(buf.get(ValueLayout.JAVA_BYTE, at + DIRENT64_TYPE))),
                        buf.get(ValueLayout.JAVA_LONG, at + DIRENT64_INO)));
            }
            at += reclen;
        }
        return out;
    }

    private static FileType direntType(int dtype) {
        return switch (dtype) {
            case DT_REG -> FileType.REGULAR;
            case DT_DIR -> FileType.DIRECTORY;
            case DT_LNK -> FileType.SYMLINK;
            case DT_FIFO -> FileType.FIFO;
            case DT_SOCK -> FileType.SOCKET;
            case DT_CHR -> FileType.CHAR_DEVICE;
            case DT_BLK -> FileType.BLOCK_DEVICE;
            default -> FileType.UNKNOWN;
        };
    }
}
