package io.rusticated.jdk;

import io.rusticated.fs.FileKey;
import io.rusticated.fs.Metadata;
import io.rusticated.path.NativePath;
import io.rusticated.spi.DirectCalls;
import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.Request;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
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
 * the source's permission bits, the bytes copied inside the OS as the JDK copies them
 * ({@link #copyBytes}; failures name both files), and the target removed again if that fails;</li>
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
    static HandOver copy(Path source, NativePath ns, Path target, NativePath nt, int flags) throws IOException {
        boolean replace = (flags & REPLACE_EXISTING) != 0;
        Metadata src;
        try {
            src = Calls.stat(ns, (flags & NOFOLLOW_LINKS) == 0);
        } catch (OsErrorException x) {
            throw JdkErrors.noSuchFileIfNotDirectory(x, source);
        }
        if (!src.isRegularFile() && !src.isDirectory()) {
            return HandOver.FILE_KIND;
        }
        try {
            Calls.access(ns, AccessMode.READ);
        } catch (OsErrorException x) {
            throw JdkErrors.of(x, source);
        }
        Metadata dst = lstatOrNull(nt);
        if (dst != null) {
            if (sameFile(src, dst)) {
                return null;
            }
            if (!replace) {
                throw new FileAlreadyExistsException(target.toString());
            }
            removeTarget(target, nt, dst);
        }
        if (src.isDirectory()) {
            try {
                Calls.mkdir(nt, src.permissionsOr(0777));
            } catch (OsErrorException x) {
                throw existsAfterRemoval(x, target, replace);
            }
        } else {
            copyFile(source, ns, target, nt, src, replace);
        }
        return null;
    }

    private static void copyFile(Path source, NativePath ns, Path target, NativePath nt, Metadata src, boolean replace)
            throws IOException {
        long in;
        try {
            in = Calls.open(ns, Request.OPEN_READ, 0);
        } catch (OsErrorException x) {
            throw JdkErrors.of(x, source);
        }
        try {
            long out;
            try {
                out = Calls.open(nt, Request.OPEN_WRITE | Request.OPEN_CREATE_NEW, src.permissionsOr(0666));
            } catch (OsErrorException x) {
                throw existsAfterRemoval(x, target, replace);
            }
            boolean complete = false;
            try {
                copyBytes(in, out, src.size());
                complete = true;
            } catch (OsErrorException x) {
                throw JdkErrors.of(x, source, target);
            } finally {
                closeQuietly(out);
                if (!complete) {
                    try {
                        Calls.unlink(nt, false);
                    } catch (IOException ignore) {
                        // as the JDK: the copy's own failure is what counts
                    }
                }
            }
        } finally {
            closeQuietly(in);
        }
    }

    /**
     * The bytes, as the JDK's {@code UnixFileSystem.copyFile}: copied inside the OS
     * ({@code copy_file_range}, else {@code sendfile}) when the source says it has any (files of
     * {@code /proc} say they have none), else through memory, {@value OpenFile#MAX_IO} bytes a read.
     */
    private static void copyBytes(long in, long out, long size) throws IOException {
        if (size > 0) {
            long n = Calls.copy(in, -1, out, -1, Integer.MAX_VALUE);
            if (n != DirectCalls.UNSUPPORTED) {
                while (n > 0) {
                    n = Calls.copy(in, -1, out, -1, Integer.MAX_VALUE);
                }
                return;
            }
        }
        CallScratch s = CallScratch.take();
        try {
            MemorySegment buf = s.io(OpenFile.MAX_IO);
            for (;;) {
                int n = Calls.read(in, buf, -1);
                if (n == 0) {
                    return;
                }
                for (int done = 0; done < n; ) {
                    int w = Calls.write(out, buf.asSlice(done, n - done), -1);
                    if (w <= 0) {
                        throw new IOException("write made no progress");
                    }
                    done += w;
                }
            }
        } finally {
            s.done();
        }
    }

    /** Moves as described above; null when done, else what the JDK must finish it for. */
    static HandOver move(Path source, NativePath ns, Path target, NativePath nt, int flags) throws IOException {
        if ((flags & ATOMIC_MOVE) != 0) {
            try {
                Calls.rename(ns, nt);
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
            src = Calls.stat(ns, false);
        } catch (OsErrorException x) {
            throw JdkErrors.noSuchFileIfNotDirectory(x, source);
        }
        if (src.isDirectory()) {
            try {
                Calls.access(ns, AccessMode.WRITE); // its ".." changes
            } catch (OsErrorException x) {
                throw JdkErrors.of(x, source);
            }
        }
        Metadata dst = lstatOrNull(nt);
        if (dst != null) {
            if (sameFile(src, dst)) {
                return null;
            }
            if ((flags & REPLACE_EXISTING) == 0) {
                throw new FileAlreadyExistsException(target.toString());
            }
            removeTarget(target, nt, dst);
        }
        try {
            Calls.rename(ns, nt);
        } catch (OsErrorException x) {
            if (x.kind() == ErrorKind.CROSS_DEVICE || x.kind() == ErrorKind.IS_A_DIRECTORY) {
                return HandOver.CROSS_DEVICE;
            }
            throw JdkErrors.of(x, source, target);
        }
        return null;
    }

    /** The target's lstat; null on any failure, which the JDK takes as "no target". */
    private static Metadata lstatOrNull(NativePath target) throws IOException {
        try {
            return Calls.stat(target, false);
        } catch (OsErrorException x) {
            return null;
        }
    }

    private static boolean sameFile(Metadata a, Metadata b) {
        FileKey k = a.fileKey();
        return k != null && k.equals(b.fileKey());
    }

    /** Removes the target a REPLACE_EXISTING copy or move replaces; already gone is fine. */
    private static void removeTarget(Path target, NativePath nt, Metadata dst) throws IOException {
        try {
            Calls.unlink(nt, dst.isDirectory());
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

    private static void closeQuietly(long handle) {
        try {
            Calls.close(handle);
        } catch (IOException ignore) {
            // as the JDK: errors closing after a copy are ignored
        }
    }
}
