package io.rusticated.fs;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferPool;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;

import java.io.ByteArrayOutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.AccessMode;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * File system operations on paths, each a single request to the {@link EventLoop#current()
 * current} loop. Errors are the JDK's: {@link java.nio.file.NoSuchFileException},
 * {@link java.nio.file.AccessDeniedException}, {@link FileAlreadyExistsException},
 * {@link java.nio.file.DirectoryNotEmptyException}, {@link java.nio.file.NotDirectoryException}, ...
 * naming the path.
 */
public final class Fs {
    private Fs() {
    }

    private static <T> CompletionStage<T> submit(FutureOperation<T> op) {
        EventLoop.current().submit(op);
        return op.future();
    }

    /** Metadata of the file the path names, following symbolic links. */
    public static CompletionStage<Metadata> metadata(Path path) {
        FutureOperation<Metadata> op = Ops.payload(Metadata.class);
        op.prepareStat(-1, NativePath.of(path), true);
        return submit(op);
    }

    /**
     * Completes if the caller may access the file in every given mode (none: if it exists), as
     * access(2) decides, with the real user and group and symbolic links followed; fails with
     * {@link java.nio.file.NoSuchFileException} or {@link java.nio.file.AccessDeniedException}
     * naming the path otherwise.
     */
    public static CompletionStage<Void> checkAccess(Path path, AccessMode... modes) {
        FutureOperation<Void> op = Ops.done();
        op.prepareAccess(NativePath.of(path), modes);
        return submit(op);
    }

    /** Metadata of the path itself: a symbolic link is described, not followed. */
    public static CompletionStage<Metadata> symlinkMetadata(Path path) {
        FutureOperation<Metadata> op = Ops.payload(Metadata.class);
        op.prepareStat(-1, NativePath.of(path), false);
        return submit(op);
    }

    public static CompletionStage<Void> createDir(Path path) {
        return createDir(path, 0777);
    }

    /** Creates a directory with the permission bits (less the umask). */
    public static CompletionStage<Void> createDir(Path path, int mode) {
        FutureOperation<Void> op = Ops.done();
        op.prepareMkdir(NativePath.of(path), mode);
        return submit(op);
    }

    /** Creates the directory and any missing parents; an existing directory is fine. */
    public static CompletionStage<Void> createDirAll(Path path) {
        Path abs = path.toAbsolutePath();
        return createDir(abs).exceptionallyCompose(e -> {
            Throwable cause = unwrap(e);
            if (cause instanceof FileAlreadyExistsException) {
                return metadata(abs).thenCompose(m -> m.isDirectory() ? CompletableFuture.completedFuture(null)
                        : CompletableFuture.failedFuture(cause));
            }
            if (cause instanceof java.nio.file.NoSuchFileException && abs.getParent() != null) {
                return createDirAll(abs.getParent()).thenCompose(v -> createDir(abs)).exceptionallyCompose(e2 ->
                        unwrap(e2) instanceof FileAlreadyExistsException ? CompletableFuture.completedFuture(null)
                                : CompletableFuture.failedFuture(unwrap(e2)));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    public static CompletionStage<Void> removeFile(Path path) {
        FutureOperation<Void> op = Ops.done();
        op.prepareUnlink(NativePath.of(path), false);
        return submit(op);
    }

    /** Removes an empty directory. */
    public static CompletionStage<Void> removeDir(Path path) {
        FutureOperation<Void> op = Ops.done();
        op.prepareUnlink(NativePath.of(path), true);
        return submit(op);
    }

    /** Renames, replacing an existing destination (atomically, on one file system). */
    public static CompletionStage<Void> rename(Path from, Path to) {
        return rename(from, to, false);
    }

    /** Renames; with {@code noReplace} an existing destination fails with {@link FileAlreadyExistsException}. */
    public static CompletionStage<Void> rename(Path from, Path to, boolean noReplace) {
        FutureOperation<Void> op = Ops.done();
        op.prepareRename(NativePath.of(from), NativePath.of(to), noReplace);
        return submit(op);
    }

    /** Creates a symbolic link at {@code link} pointing to {@code target} (stored as given). */
    public static CompletionStage<Void> symlink(Path target, Path link) {
        FutureOperation<Void> op = Ops.done();
        op.prepareSymlink(NativePath.of(target), NativePath.of(link));
        return submit(op);
    }

    public static CompletionStage<Void> hardLink(Path existing, Path link) {
        FutureOperation<Void> op = Ops.done();
        op.prepareLink(NativePath.of(existing), NativePath.of(link));
        return submit(op);
    }

    /** Opens a directory for reading its entries. */
    public static CompletionStage<DirReader> readDir(Path dir) {
        EventLoop loop = EventLoop.current();
        NativePath nativePath = NativePath.of(dir);
        FutureOperation<DirReader> op = new FutureOperation<>() {
            @Override
            protected DirReader result(long fd) {
                return new DirReader(loop, fd, dir, nativePath);
            }
        };
        op.prepareOpenDirectory(nativePath);
        loop.submit(op);
        return op.future();
    }

    /** The whole content of a file. */
    public static CompletionStage<byte[]> readAll(Path path) {
        return File.open(path).thenCompose(f -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Buffer buf = BufferPool.shared().acquire(64 * 1024);
            return closingAfter(f, readLoop(f, buf, out).whenComplete((v, e) -> buf.release())).thenApply(v -> out.toByteArray());
        });
    }

    private static CompletionStage<Void> readLoop(File f, Buffer buf, ByteArrayOutputStream out) {
        buf.clear();
        return f.read(buf).thenCompose(n -> {
            if (n == 0) {
                return CompletableFuture.completedFuture(null);
            }
            out.writeBytes(buf.toByteArray());
            return readLoop(f, buf, out);
        });
    }

    /** Creates or truncates the file and writes the bytes. */
    public static CompletionStage<Void> write(Path path, byte[] bytes) {
        return File.create(path).thenCompose(f -> closingAfter(f, f.writeAllAt(Buffer.of(bytes), 0)));
    }

    /**
     * Copies a regular file's bytes and permission bits to {@code to} (created or truncated) and
     * returns the number of bytes copied. Both files are closed before the stage completes.
     */
    public static CompletionStage<Long> copy(Path from, Path to) {
        return File.open(from).thenCompose(src -> closingAfter(src, src.metadata().thenCompose(meta -> {
            if (meta.isDirectory()) {
                return CompletableFuture.failedFuture(new java.nio.file.FileSystemException(from.toString(), null, "is a directory"));
            }
            OpenOptions dstOptions = OpenOptions.createTruncate().withMode(meta.permissionsOr(0666) & 07777);
            return File.open(to, dstOptions).thenCompose(dst -> {
                Buffer buf = BufferPool.shared().acquire(128 * 1024);
                return closingAfter(dst, copyLoop(src, dst, buf, 0).whenComplete((n, e) -> buf.release()));
            });
        })));
    }

    private static CompletionStage<Long> copyLoop(File src, File dst, Buffer buf, long done) {
        buf.clear();
        return src.readAt(buf, done).thenCompose(n -> {
            if (n == 0) {
                return CompletableFuture.completedFuture(done);
            }
            return dst.writeAllAt(buf, done).thenCompose(v -> copyLoop(src, dst, buf, done + n));
        });
    }

    /** The work's outcome once the file is closed as well; the work's failure wins over the close's. */
    private static <T> CompletionStage<T> closingAfter(File f, CompletionStage<T> work) {
        return work.handle((v, e) -> f.close().handle((c, ce) -> {
            if (e != null) {
                throw new java.util.concurrent.CompletionException(unwrap(e));
            }
            if (ce != null) {
                throw new java.util.concurrent.CompletionException(unwrap(ce));
            }
            return v;
        })).thenCompose(s -> s);
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof java.util.concurrent.CompletionException || e instanceof java.util.concurrent.ExecutionException)
                && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
