package io.rusticated.macos;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.FileKey;
import io.rusticated.fs.FileType;
import io.rusticated.fs.Metadata;
import io.rusticated.fs.PosixAttributes;
import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.unix.FileModes;
import io.rusticated.unix.IoBuffers;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.rusticated.macos.MacAbi.*;

/**
 * Every file operation on macOS, one blocking libSystem call (or a short sequence) on the blocking
 * pool: kqueue cannot make file I/O asynchronous (a regular file is always "ready"; libuv refuses to
 * register one, compio and the JDK's macOS AsynchronousFileChannel use threads). macOS's own calls
 * where they differ from Linux's: {@code renameatx_np(RENAME_EXCL)} for a rename that must not
 * replace, {@code F_NOCACHE} for a direct open (there is no O_DIRECT), {@code F_FULLFSYNC} for sync
 * as the JDK's {@code FileDispatcherImpl.force0} does it on macOS, the 64-bit-inode {@code fstatat}
 * and directory streams ({@link DirStreams}) under this CPU's symbol names.
 */
final class MacFileOps {
    private MacFileOps() {
    }

    static int openFlags(Request op) {
        int o = op.openFlags();
        int flags = O_CLOEXEC;
        boolean reads = (o & Request.OPEN_READ) != 0;
        boolean writes = (o & (Request.OPEN_WRITE | Request.OPEN_APPEND)) != 0;
        flags |= reads && writes ? O_RDWR : writes ? O_WRONLY : O_RDONLY;
        if ((o & Request.OPEN_APPEND) != 0) {
            flags |= O_APPEND;
        }
        if ((o & Request.OPEN_TRUNCATE) != 0) {
            flags |= O_TRUNC;
        }
        if ((o & Request.OPEN_CREATE_NEW) != 0) {
            flags |= O_CREAT | O_EXCL;
        } else if ((o & Request.OPEN_CREATE) != 0) {
            flags |= O_CREAT;
        }
        if ((op.flags() & Request.DIRECTORY) != 0) {
            flags |= O_DIRECTORY;
        }
        return flags;
    }


    /** Scratch memory an opcode needs the OS to fill, or 0. */
    static long scratchSize(Opcode code) {
        return switch (code) {
            case STAT -> STAT.byteSize();
            case READ_DIR -> DirStreams.BATCH_BYTES;
            default -> 0;
        };
    }

    /** Each opcode as blocking calls on the pool, with the scratch memory the context lent the request. */
    static BlockingWork blocking(DriverContext ctx, DirStreams dirs) {
        return op -> run(op, ctx.scratch(op), dirs);
    }

    private static long run(Request op, MemorySegment scratch, DirStreams dirs) {
        int fd = (int) op.handle();
        return switch (op.opcode()) {
            case NOP -> 0;
            case READ -> op.offset() < 0
                    ? Darwin.read(fd, IoBuffers.readAddress(op.buffer()), IoBuffers.readLength(op.buffer()))
                    : Darwin.pread(fd, IoBuffers.readAddress(op.buffer()), IoBuffers.readLength(op.buffer()), op.offset());
            case WRITE -> op.offset() < 0
                    ? Darwin.write(fd, IoBuffers.writeAddress(op.buffer()), IoBuffers.writeLength(op.buffer()))
                    : Darwin.pwrite(fd, IoBuffers.writeAddress(op.buffer()), IoBuffers.writeLength(op.buffer()), op.offset());
            case OPEN -> open(op);
            case CLOSE -> {
                dirs.closing(fd);
                yield Darwin.close(fd);
            }
            case STAT -> op.path() != null
                    ? Darwin.fstatat(AT_FDCWD, op.path().utf8z().address(), scratch.address(),
                            (op.flags() & Request.NO_FOLLOW) != 0 ? AT_SYMLINK_NOFOLLOW : 0)
                    : Darwin.fstat(fd, scratch.address());
            case FSYNC -> fullSync(fd);
            case TRUNCATE -> Darwin.ftruncate(fd, op.length());
            case MKDIR -> Darwin.mkdirat(AT_FDCWD, op.path().utf8z().address(), op.mode());
            case UNLINK -> Darwin.unlinkat(AT_FDCWD, op.path().utf8z().address(), (op.flags() & Request.DIRECTORY) != 0 ? AT_REMOVEDIR : 0);
            case RENAME -> Darwin.renameatxNp(AT_FDCWD, op.path().utf8z().address(), AT_FDCWD, op.path2().utf8z().address(),
                    (op.flags() & Request.NO_REPLACE) != 0 ? RENAME_EXCL : 0);
            case SYMLINK -> Darwin.symlinkat(op.path().utf8z().address(), AT_FDCWD, op.path2().utf8z().address());
            case LINK -> Darwin.linkat(AT_FDCWD, op.path().utf8z().address(), AT_FDCWD, op.path2().utf8z().address(), 0);
            case READ_DIR -> dirs.read(fd, scratch);
            case ACCESS -> Darwin.faccessat(AT_FDCWD, op.path().utf8z().address(), FileModes.accessMode(op.flags()), 0);
            case POLL, WAIT_CHILD, SLEEP, ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> -EINVAL; // never offloaded
        };
    }

    /** openat, then F_NOCACHE for a direct open, as the JDK's setDirect0 does on macOS. */
    private static long open(Request op) {
        int fd = Darwin.openat(AT_FDCWD, op.path().utf8z().address(), openFlags(op), op.mode());
        if (fd >= 0 && (op.openFlags() & Request.OPEN_DIRECT) != 0) {
            int r = Darwin.fcntl(fd, F_NOCACHE, 1);
            if (r < 0) {
                Darwin.close(fd);
                return r;
            }
        }
        return fd;
    }

    /**
     * The JDK's force() on macOS: fcntl(F_FULLFSYNC), which also flushes the drive's cache (fsync
     * does not there); where that fails on a file system that is not local, fsync. DATA_ONLY is the
     * same call, as in the JDK (macOS has no fdatasync of its own).
     */
    static long fullSync(int fd) {
        int r = Darwin.fcntl(fd, F_FULLFSYNC, 0);
        if (r >= 0) {
            return r;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment statfs = arena.allocate(STATFS_SIZE, 8);
            if (Darwin.fstatfs(fd, statfs.address()) == 0 && (statfs.get(ValueLayout.JAVA_INT, STATFS_FLAGS) & MNT_LOCAL) == 0) {
                return Darwin.fsync(fd);
            }
        }
        return r;
    }

    /** The structure a successful STAT or READ_DIR carries, decoded from its scratch memory; else null. */
    static Object payload(Request op, MemorySegment scratch, long raw) {
        return switch (op.opcode()) {
            case STAT -> decodeStat(scratch);
            case READ_DIR -> decodeBatch(scratch, raw);
            default -> null;
        };
    }

    static Metadata decodeStat(MemorySegment s) {
        int mode = Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, STAT_MODE));
        long dev = s.get(ValueLayout.JAVA_INT, STAT_DEV); // dev_t is a signed 32-bit int; the JDK widens it as C does
        long inode = s.get(ValueLayout.JAVA_LONG, STAT_INO);
        PosixAttributes posix = new PosixAttributes(
                mode & 07777,
                s.get(ValueLayout.JAVA_INT, STAT_UID),
                s.get(ValueLayout.JAVA_INT, STAT_GID),
                Short.toUnsignedLong(s.get(ValueLayout.JAVA_SHORT, STAT_NLINK)),
                inode,
                dev,
                s.get(ValueLayout.JAVA_LONG, STAT_BLOCKS),
                s.get(ValueLayout.JAVA_INT, STAT_BLKSIZE),
                timestamp(s, STAT_CTIME));
        return new Metadata(
                FileModes.fileType(mode),
                s.get(ValueLayout.JAVA_LONG, STAT_SIZE),
                timestamp(s, STAT_ATIME),
                timestamp(s, STAT_MTIME),
                timestamp(s, STAT_BIRTHTIME),
                new FileKey(dev, inode),
                posix);
    }

    private static long timestamp(MemorySegment s, long at) {
        return s.get(ValueLayout.JAVA_LONG, at + TIMESPEC_SEC) * 1_000_000_000L + s.get(ValueLayout.JAVA_LONG, at + TIMESPEC_NSEC);
    }


    /** The records {@link DirStreams#read} packed. */
    static List<DirEntry> decodeBatch(MemorySegment batch, long bytes) {
        List<DirEntry> out = new ArrayList<>();
        long at = 0;
        while (at < bytes) {
            long inode = batch.get(ValueLayout.JAVA_LONG_UNALIGNED, at);
            int type = Byte.toUnsignedInt(batch.get(ValueLayout.JAVA_BYTE, at + 8));
            int length = Short.toUnsignedInt(batch.get(ValueLayout.JAVA_SHORT_UNALIGNED, at + 9));
            byte[] name = batch.asSlice(at + DirStreams.RECORD_HEADER, length).toArray(ValueLayout.JAVA_BYTE);
            out.add(new DirEntry(new String(name, StandardCharsets.UTF_8), null, FileModes.direntType(type), inode));
            at += DirStreams.RECORD_HEADER + length;
        }
        return out;
    }

}
