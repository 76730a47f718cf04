package io.rusticated.jdk;

import io.rusticated.fs.Metadata;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.io.BufferPool;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.nio.file.CopyOption;
import java.nio.file.LinkOption;
import java.nio.file.StandardCopyOption;

/**
 * {@code Files.copy} and {@code Files.move} between two paths, done by rusticated in the cases it
 * does the same as the JDK's {@code UnixFileSystem.copy/move}, step for step:
 *
 * <ul>
 * <li>copy of a regular file, with REPLACE_EXISTING and/or NOFOLLOW_LINKS: stat the source, open
 * it, lstat the target (same file: nothing to do; exists without REPLACE_EXISTING: the JDK's
 * exception; exists with it: remove it), create the target exclusively with the source's
 * permission bits, copy the bytes in 1 MiB reads and writes, and remove the target again if
 * anything fails;</li>
 * <li>move with ATOMIC_MOVE: one rename;</li>
 * <li>move of anything but a directory: lstat the source, then one rename, with
 * {@code RENAME_NOREPLACE} when REPLACE_EXISTING is absent (so the check for an existing target
 * and the rename are one atomic step).</li>
 * </ul>
 *
 * Both answer false, before doing anything, for everything else (COPY_ATTRIBUTES, which needs chown, utimes and extended attributes; copying
 * directories, links and devices; moving directories; a rename across file systems, which the
 * JDK turns into copy and delete), and throw on any failure; the provider then has the built-in
 * provider do the whole call, which so gives the JDK's own result or exception.
 */
final class CopyMove {
    private CopyMove() {
    }

    /** Copies as described above; false where the JDK must do it. */
    static boolean copy(EventLoop loop, NativePath source, NativePath target, CopyOption... options) throws IOException {
        boolean replace = false;
        boolean follow = true;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else if (o == LinkOption.NOFOLLOW_LINKS) {
                follow = false;
            } else {
                return false; // COPY_ATTRIBUTES, INTERRUPTIBLE, null, or unknown: the JDK decides
            }
        }
        Metadata src = Calls.stat(loop, source, follow);
        if (!src.isRegularFile()) {
            return false;
        }
        long in = Calls.open(loop, source, OpenOptions.readOnly()); // before the target is touched, as the JDK's access check
        try {
            Metadata dst = statOrNull(loop, target);
            if (dst != null) {
                if (dst.fileKey() != null && dst.fileKey().equals(src.fileKey())) {
                    return true; // the same file
                }
                if (!replace) {
                    return false; // the JDK's FileAlreadyExistsException
                }
                Calls.unlink(loop, target, dst.isDirectory());
            }
            long out = Calls.open(loop, target, OpenOptions.options().withWrite(true).withCreateNew(true).withMode(src.permissionsOr(0666) & 07777));
            boolean complete = false;
            try {
                copyBytes(loop, in, out);
                complete = true;
            } finally {
                closeQuietly(loop, out);
                if (!complete) {
                    try {
                        Calls.unlink(loop, target, false);
                    } catch (IOException ignore) {
                        // as the JDK: the copy's own failure is what counts
                    }
                }
            }
        } finally {
            closeQuietly(loop, in);
        }
        return true;
    }

    private static void copyBytes(EventLoop loop, long in, long out) throws IOException {
        Buffer buf = BufferPool.shared().acquire(OpenFile.MAX_IO);
        try {
            long at = 0;
            for (;;) {
                buf.clear();
                int n = Proactor.await(loop.read(in, buf, at));
                if (n == 0) {
                    return;
                }
                while (!buf.isEmpty()) {
                    int w = Proactor.await(loop.write(out, buf, at));
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

    /** Moves as described above; false where the JDK must do it. */
    static boolean move(EventLoop loop, NativePath source, NativePath target, CopyOption... options) throws IOException {
        boolean replace = false;
        boolean atomic = false;
        for (CopyOption o : options) {
            if (o == StandardCopyOption.REPLACE_EXISTING) {
                replace = true;
            } else if (o == StandardCopyOption.ATOMIC_MOVE) {
                atomic = true;
            } else if (o != LinkOption.NOFOLLOW_LINKS) {
                return false;
            }
        }
        if (atomic) {
            Calls.rename(loop, source, target, false);
            return true;
        }
        Metadata src = Calls.stat(loop, source, false);
        if (src.isDirectory()) {
            return false; // the JDK checks write access to it and copies it across file systems
        }
        Calls.rename(loop, source, target, !replace);
        return true;
    }

    private static Metadata statOrNull(EventLoop loop, NativePath path) {
        try {
            return Calls.stat(loop, path, false);
        } catch (IOException e) {
            return null; // as the JDK: any failure to lstat the target counts as "no target"
        }
    }

    private static void closeQuietly(EventLoop loop, long handle) {
        try {
            Calls.close(loop, handle);
        } catch (IOException ignore) {
            // as the JDK: errors closing after a copy are ignored
        }
    }
}
