package io.rusticated.linux;

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
import io.rusticated.unix.net.SocketScratch;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * What both Linux backends share about file operations: the flags an operation maps to, the
 * blocking system call for each opcode (the epoll backend's file I/O and io_uring's per-opcode
 * fallback), and decoding a completion's payload (statx, dirents) before it is completed.
 */
final class LinuxFileOps {
    private LinuxFileOps() {
    }

    /** Bytes of a statx struct the kernel fills. */
    static final long STATX_BYTES = STATX.byteSize();
    /** The scratch of socket requests (an address, a msghdr, an iovec), laid out as the epoll backend's shared layer lays it out. */
    static final SocketScratch SOCKETS = new SocketScratch(LinuxAbi.SOCKET_ABI);
    /** Scratch of a socket request: the same size as a statx, so one free list serves both. */
    static final long SOCKET_SCRATCH = STATX_BYTES;

    static {
        if (SOCKETS.size() > SOCKET_SCRATCH) {
            throw new AssertionError("a socket request's scratch does not fit " + SOCKET_SCRATCH + " bytes");
        }
    }

    /** Bytes getdents64 may fill per call. */
    static final long DIRENT_BUFFER = 32 * 1024;

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
        if ((o & Request.OPEN_DIRECT) != 0) {
            flags |= O_DIRECT;
        }
        if ((op.flags() & Request.DIRECTORY) != 0) {
            flags |= O_DIRECTORY;
        }
        if ((op.flags() & Request.NO_FOLLOW) != 0) {
            flags |= O_NOFOLLOW;
        }
        return flags;
    }

    static int statFlags(Request op) {
        int flags = AT_STATX_SYNC_AS_STAT;
        if (op.path() == null) {
            flags |= AT_EMPTY_PATH;
        }
        if ((op.flags() & Request.NO_FOLLOW) != 0) {
            flags |= AT_SYMLINK_NOFOLLOW;
        }
        return flags;
    }

    /** The path's address for a statx: an empty string when describing the handle itself. */
    static long statPath(Request op) {
        return op.path() != null ? op.path().utf8z().address() : EMPTY_STRING.address();
    }

    static int statDirfd(Request op) {
        return op.path() != null ? atDir(op) : (int) op.handle();
    }

    /**
     * The directory a path operation's path starts from: the working directory, or the directory
     * handle a request served on the calling thread names ({@code DirectCalls.run}).
     */
    static int atDir(Request op) {
        return op.handle() >= 0 ? (int) op.handle() : AT_FDCWD;
    }

    private static final MemorySegment EMPTY_STRING = java.lang.foreign.Arena.global().allocate(1);


    /** Each opcode as one blocking system call on the blocking pool, with the scratch memory the context lent the request. */
    static BlockingWork blocking(DriverContext ctx) {
        return op -> runBlocking(op, ctx.scratch(op));
    }

    /** The blocking system call for a request: on the blocking pool, or on the calling thread ({@link LinuxDirectCalls}). */
    static long runBlocking(Request op, MemorySegment scratch) {
        int fd = (int) op.handle();
        return switch (op.opcode()) {
            case NOP -> 0;
            case READ -> op.offset() < 0
                    ? Libc.read(fd, IoBuffers.readAddress(op.buffer()), IoBuffers.readLength(op.buffer()))
                    : Libc.pread(fd, IoBuffers.readAddress(op.buffer()), IoBuffers.readLength(op.buffer()), op.offset());
            case WRITE -> op.offset() < 0
                    ? Libc.write(fd, IoBuffers.writeAddress(op.buffer()), IoBuffers.writeLength(op.buffer()))
                    : Libc.pwrite(fd, IoBuffers.writeAddress(op.buffer()), IoBuffers.writeLength(op.buffer()), op.offset());
            case OPEN -> Libc.openat(atDir(op), op.path().utf8z().address(), openFlags(op), op.mode());
            case CLOSE -> Libc.close(fd);
            case STAT -> Libc.statx(statDirfd(op), statPath(op), statFlags(op), STATX_BASIC_STATS | STATX_BTIME, scratch.address());
            case FSYNC -> (op.flags() & Request.DATA_ONLY) != 0 ? Libc.fdatasync(fd) : Libc.fsync(fd);
            case TRUNCATE -> Libc.ftruncate(fd, op.length());
            case MKDIR -> Libc.mkdirat(atDir(op), op.path().utf8z().address(), op.mode());
            case UNLINK -> Libc.unlinkat(atDir(op), op.path().utf8z().address(), (op.flags() & Request.DIRECTORY) != 0 ? AT_REMOVEDIR : 0);
            case RENAME -> Libc.renameat2(AT_FDCWD, op.path().utf8z().address(), AT_FDCWD, op.path2().utf8z().address(),
                    (op.flags() & Request.NO_REPLACE) != 0 ? RENAME_NOREPLACE : 0);
            case SYMLINK -> Libc.symlinkat(op.path().utf8z().address(), AT_FDCWD, op.path2().utf8z().address());
            case LINK -> Libc.linkat(AT_FDCWD, op.path().utf8z().address(), AT_FDCWD, op.path2().utf8z().address(), 0);
            case READ_DIR -> Libc.getdents64(fd, scratch.address(), scratch.byteSize());
            case ACCESS -> Libc.faccessat(atDir(op), op.path().utf8z().address(), FileModes.accessMode(op.flags()), 0);
            case POLL, WAIT_CHILD, SLEEP, ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> -EINVAL; // never offloaded
        };
    }

    /** Scratch memory an opcode needs the kernel to fill, or NULL. */
    static long scratchSize(Opcode code) {
        return switch (code) {
            case STAT -> STATX_BYTES;
            case CONNECT, SEND_TO, RECV_FROM -> SOCKET_SCRATCH;
            case READ_DIR -> DIRENT_BUFFER;
            default -> 0;
        };
    }

    /** The structure a successful STAT, READ_DIR or RECV_FROM carries, decoded from its scratch memory; else null. */
    static Object payload(Request op, MemorySegment scratch, long raw) {
        return switch (op.opcode()) {
            case STAT -> decodeStatx(scratch);
            case READ_DIR -> decodeDirents(scratch, (int) raw);
            case RECV_FROM -> SOCKETS.received(scratch, (int) raw);
            default -> null;
        };
    }

    static Metadata decodeStatx(MemorySegment s) {
        int mode = Short.toUnsignedInt(s.get(ValueLayout.JAVA_SHORT, STATX_MODE));
        int mask = s.get(ValueLayout.JAVA_INT, STATX_MASK);
        long dev = makedev(Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, STATX_DEV_MAJOR)),
                Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, STATX_DEV_MINOR)));
        long inode = s.get(ValueLayout.JAVA_LONG, STATX_INO);
        PosixAttributes posix = new PosixAttributes(
                mode & 07777,
                s.get(ValueLayout.JAVA_INT, STATX_UID),
                s.get(ValueLayout.JAVA_INT, STATX_GID),
                Integer.toUnsignedLong(s.get(ValueLayout.JAVA_INT, STATX_NLINK)),
                inode,
                dev,
                s.get(ValueLayout.JAVA_LONG, STATX_BLOCKS),
                s.get(ValueLayout.JAVA_INT, STATX_BLKSIZE),
                timestamp(s, STATX_CTIME));
        return new Metadata(
                FileModes.fileType(mode),
                s.get(ValueLayout.JAVA_LONG, STATX_SIZE),
                timestamp(s, STATX_ATIME),
                timestamp(s, STATX_MTIME),
                (mask & STATX_BTIME) != 0 ? timestamp(s, STATX_BTIME_OFFSET) : -1,
                new FileKey(dev, inode),
                posix);
    }


    /**
     * statx's device numbers as the {@code st_dev} that stat(2) gives (glibc's {@code makedev}),
     * which is what the JDK reports as {@code unix:dev}.
     */
    static long makedev(long major, long minor) {
        return ((major & 0xfffff000L) << 32) | ((major & 0xfffL) << 8) | ((minor & 0xffffff00L) << 12) | (minor & 0xffL);
    }

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
                // copied, not MemorySegment.toArray: that one builds its array type's simple name on every call (JDK 25)
                byte[] name = new byte[nameLen];
                MemorySegment.copy(buf, ValueLayout.JAVA_BYTE, nameStart, name, 0, nameLen);
                out.add(new DirEntry(new String(name, StandardCharsets.UTF_8), null,
                        FileModes.direntType(Byte.toUnsignedInt(buf.get(ValueLayout.JAVA_BYTE, at + DIRENT64_TYPE))),
                        buf.get(ValueLayout.JAVA_LONG, at + DIRENT64_INO)));
            }
            at += reclen;
        }
        return out;
    }

}
