package io.rusticated.jdk;

import io.rusticated.fs.FileKey;
import io.rusticated.fs.Metadata;
import io.rusticated.io.Buffer;
import io.rusticated.io.BufferPool;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.Request;

import java.io.IOException;
import java.nio.file.AccessMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * {@code Files.copy} and {@code Files.move} between two paths, done step for step as the JDK's
 * {@code UnixFileSystem.copy/move} does them, each failure translated as the JDK translates it at
 * that step (which path it names, which errors it ignores or turns into another exception):
 *
 * <ul>
 * <li>copy: stat the source (ENOTDIR is "no such file"), check it can be read, lstat the target
 * (any failure means "no target"); same file: done; a target without REPLACE_EXISTING:
 * {@link FileAlreadyExistsException}; with it, remove the target (a non-empty directory:
 * {@link DirectoryNotEmptyException}; gone meanwhile: fine). Then a directory is one mkdir with
 * the source's permission bits; a regular file is opened, the target created exclusively with
 * the source's permission bits, the bytes copied in 1 MiB reads and writes (failures name both
 * files), and the target removed again if that fails;</li>
 * <li>move with ATOMIC_MOVE: one rename (EXDEV: {@link AtomicMoveNotSupportedException});</li>
 * <li>move: lstat the source (a directory must be writable), the target as for copy, then one rename.</li>
 * </ul>
 *
 * What rusticated leaves to the JDK, it decides before changing anything: options it does not
 * read ({@link #flags} says so), and copies of a symbolic link, device, FIFO or socket (known once
 * the source is stat'ed: {@link HandOver#FILE_KIND}). A rename that fails with EXDEV (or EISDIR)
 * is where the JDK's move copies across file systems, with owner, times and extended attributes:
 * that rest of the move is the JDK's ({@link HandOver#CROSS_DEVICE}).
 */
final class CopyMove {
    static final int REPLACE_EXISTING = 1;
    static final int NOFOLLOW_LINKS = 1 << 1;
    static final int ATOMIC_MOVE = 1 << 2;
    /** What {@link #flags} answers for options rusticated leaves to the JDK. */
    static final int NOT_EXPRESSED = -1;

    private CopyMove() {
    }

    /**
     * The options as flags, or {@link #NOT_EXPRESSED}: COPY_ATTRIBUTES (which needs chown, utimes
     * and extended attributes), INTERRUPTIBLE, ATOMIC_MOVE for a copy, null, or another kind of
     * option (the JDK then copies, or throws its exception). A move ignores NOFOLLOW_LINKS, as the JDK's.
     */
    static int flags(boolean move, CopyOption... options) {
        int flags = 0;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                flags |= REPLACE_EXISTING;
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                flags |= move ? 0 : NOFOLLOW_LINKS;
            } else if (o == StandardCopyOption.ATOMIC_MOVE && move) {
                flags |= ATOMIC_MOVE;
            } else {
                return NOT_EXPRESSED;
            }
        }
        return flags;
    }

    /** Copies as described above; null when done, else what the JDK must do it for (nothing has changed). */
    static HandOver copy(EventLoop loop, Path source, NativePath ns, Path target, NativePath nt, int flags) throws IOException {
        boolean replace = (flags & REPLACE_EXISTING) != 0;
        Metadata src;
        try {
            src = Calls.stat(loop, ns, (flags & NOFOLLOW_LINKS) == 0);
        } catch (OsErrorException x) {
            throw JdkErrors.noSuchFileIfNotDirectory(x, source);
        }
        if (!src.isRegularFile() && !src.isDirectory()) {
            return HandOver.FILE_KIND;
        }
        try {
            Calls.access(loop, ns, AccessMode.READ);
        } catch (OsErrorException x) {
            throw JdkErrors.of(x, source);
        }
        Metadata dst = lstatOrNull(loop, nt);
        if (dst != null) {
            if (sameFile(src, dst)) {
                return null;
            }
            if (!replace) {
                throw new FileAlreadyExistsException(target.toString());
            }
            removeTarget(loop, target, nt, dst);
        }
        if (src.isDirectory()) {
            try {
                Calls.mkdir(loop, nt, src.permissionsOr(0777));
            } catch (OsErrorException x) {
                throw existsAfterRemoval(x, target, replace);
            }
        } else {
            copyFile(loop, source, ns, target, nt, src, replace);
        }
        return null;
    }

    private static void copyFile(EventLoop loop, Path source, NativePath ns, Path target, NativePath nt, Metadata src, boolean replace)
            throws IOException {
        long in;
        try {
            in = Calls.open(loop, ns, Request.OPEN_READ, 0);
        } catch (OsErrorException x) {
            throw JdkErrors.of(x, source);
        }
        try {
            long out;
            try {
                out = Calls.open(loop, nt, Request.OPEN_WRITE | Request.OPEN_CREATE_NEW, src.permissionsOr(0666));
            } catch (OsErrorException x) {
                throw existsAfterRemoval(x, target, replace);
            }
            boolean complete = false;
            try {
                copyBytes(loop, in, out);
                complete = true;
            } catch (OsErrorException x) {
                throw JdkErrors.of(x, source, target);
            } finally {
                closeQuietly(loop, out);
                if (!complete) {
                    try {
                        Calls.unlink(loop, nt, false);
                    } catch (IOException ignore) {
                        // as the JDK: the copy's own failure is what counts
                    }
                }
            }
        } finally {
            closeQuietly(loop, in);
        }
    }

    private static void copyBytes(EventLoop loop, long in, long out) throws IOException {
        Buffer buf = BufferPool.shared().acquire(OpenFile.MAX_IO);
        try {
            long at = 0;
            for (;;) {
                buf.clear();
                if (Calls.read(loop, in, buf, at) == 0) {
                    return;
                }
                while (!buf.isEmpty()) {
                    int w = Calls.write(loop, out, buf, at);
                    if (w <= 0) {
                        throw new IOException("write made no progress");
                    }
                    buf.discard(w);
                    at += w;
                }
            }
        } finally {
            OpenFile.releaseIfOwned(buf);
        }
    }

    /** Moves as described above; null when done, else what the JDK must finish it for. */
    static HandOver move(EventLoop loop, Path source, NativePath ns, Path target, NativePath nt, int flags) throws IOException {
        if ((flags & ATOMIC_MOVE) != 0) {
            try {
                Calls.rename(loop, ns, nt);
            } catch (OsErrorException x) {
                if (x.kind() == ErrorKind.CROSS_DEVICE) {
                    throw new AtomicMoveNotSupportedException(source.toString(), target.toString(), x.error().message());
                }
                throw JdkErrors.of(x, source, target);
            }
            return null;
        }
        Metadata src;
        try {
            src = Calls.stat(loop, ns, false);
        } catch (OsErrorException x) {
            throw JdkErrors.noSuchFileIfNotDirectory(x, source);
        }
        if (src.isDirectory()) {
            try {
                Calls.access(loop, ns, AccessMode.WRITE); // its ".." changes
            } catch (OsErrorException x) {
                throw JdkErrors.of(x, source);
            }
        }
        Metadata dst = lstatOrNull(loop, nt);
        if (dst != null) {
            if (sameFile(src, dst)) {
                return null;
            }
            if ((flags & REPLACE_EXISTING) == 0) {
                throw new FileAlreadyExistsException(target.toString());
            }
            removeTarget(loop, target, nt, dst);
        }
        try {
            Calls.rename(loop, ns, nt);
        } catch (OsErrorException x) {
            if (x.kind() == ErrorKind.CROSS_DEVICE || x.kind() == ErrorKind.IS_A_DIRECTORY) {
                return HandOver.CROSS_DEVICE;
            }
            throw JdkErrors.of(x, source, target);
        }
        return null;
    }

    /** The target's lstat; null on any failure, which the JDK takes as "no target". */
    private static Metadata lstatOrNull(EventLoop loop, NativePath target) throws IOException {
        try {
            return Calls.stat(loop, target, false);
        } catch (OsErrorException x) {
            return null;
        }
    }

    private static boolean sameFile(Metadata a, Metadata b) {
        FileKey k = a.fileKey();
        return k != null && k.equals(b.fileKey());
    }

    /** Removes the target a REPLACE_EXISTING copy or move replaces; already gone is fine. */
    private static void removeTarget(EventLoop loop, Path target, NativePath nt, Metadata dst) throws IOException {
        try {
            Calls.unlink(loop, nt, dst.isDirectory());
        } catch (OsErrorException x) {
            if (dst.isDirectory() && (x.kind() == ErrorKind.ALREADY_EXISTS || x.kind() == ErrorKind.DIRECTORY_NOT_EMPTY)) {
                throw new DirectoryNotEmptyException(target.toString());
            }
            if (x.kind() != ErrorKind.NOT_FOUND) {
                throw JdkErrors.of(x, target);
            }
        }
    }

    /** Creating the target failed: one that exists again after REPLACE_EXISTING removed it is a bare {@link FileSystemException}, as in the JDK. */
    private static IOException existsAfterRemoval(OsErrorException x, Path target, boolean replace) {
        if (x.kind() == ErrorKind.ALREADY_EXISTS && replace) {
            return new FileSystemException(target.toString());
        }
        return JdkErrors.of(x, target);
    }

    private static void closeQuietly(EventLoop loop, long handle) {
        try {
            Calls.close(loop, handle);
        } catch (IOException ignore) {
            // as the JDK: errors closing after a copy are ignored
        }
    }
}
