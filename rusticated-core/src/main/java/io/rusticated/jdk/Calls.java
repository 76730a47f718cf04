package io.rusticated.jdk;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.Metadata;
import io.rusticated.fs.OpenOptions;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import io.rusticated.spi.Request;

import java.io.IOException;
import java.nio.file.AccessMode;
import java.util.List;

/**
 * Blocking forms of rusticated's path operations: each submits one operation to the loop and
 * waits for its completion. Failures are rusticated's exceptions; the provider decides what the
 * JDK caller sees.
 */
final class Calls {
    private Calls() {
    }

    private static <T> T run(EventLoop loop, FutureOperation<T> op) throws IOException {
        loop.submit(op);
        return Proactor.await(op.future());
    }

    static Metadata stat(EventLoop loop, NativePath path, boolean followLinks) throws IOException {
        FutureOperation<Metadata> op = Ops.payload(Metadata.class);
        op.prepareStat(Request.NO_HANDLE, path, followLinks);
        return run(loop, op);
    }

    static long open(EventLoop loop, NativePath path, OpenOptions options) throws IOException {
        FutureOperation<Long> op = handleOp();
        op.prepareOpen(path, options.openFlags(), options.mode());
        return run(loop, op);
    }

    static long openDirectory(EventLoop loop, NativePath path) throws IOException {
        FutureOperation<Long> op = handleOp();
        op.prepareOpenDirectory(path);
        return run(loop, op);
    }

    @SuppressWarnings("unchecked")
    static List<DirEntry> readDir(EventLoop loop, long handle, NativePath path) throws IOException {
        FutureOperation<List<DirEntry>> op = (FutureOperation<List<DirEntry>>) (FutureOperation<?>) Ops.payload(List.class);
        op.prepareReadDir(handle, path);
        return run(loop, op);
    }

    static void close(EventLoop loop, long handle) throws IOException {
        FutureOperation<Void> op = Ops.done();
        op.prepareClose(handle);
        run(loop, op);
    }

    static void access(EventLoop loop, NativePath path, AccessMode... modes) throws IOException {
        FutureOperation<Void> op = Ops.done();
        op.prepareAccess(path, modes);
        run(loop, op);
    }

    static void mkdir(EventLoop loop, NativePath path, int mode) throws IOException {
        FutureOperation<Void> op = Ops.done();
        op.prepareMkdir(path, mode);
        run(loop, op);
    }

    static void unlink(EventLoop loop, NativePath path, boolean directory) throws IOException {
        FutureOperation<Void> op = Ops.done();
        op.prepareUnlink(path, directory);
        run(loop, op);
    }

    static void rename(EventLoop loop, NativePath from, NativePath to, boolean noReplace) throws IOException {
        FutureOperation<Void> op = Ops.done();
        op.prepareRename(from, to, noReplace);
        run(loop, op);
    }

    static void symlink(EventLoop loop, NativePath target, NativePath link) throws IOException {
        FutureOperation<Void> op = Ops.done();
        op.prepareSymlink(target, link);
        run(loop, op);
    }

    static void link(EventLoop loop, NativePath existing, NativePath link) throws IOException {
        FutureOperation<Void> op = Ops.done();
        op.prepareLink(existing, link);
        run(loop, op);
    }

    private static FutureOperation<Long> handleOp() {
        return new FutureOperation<>() {
            @Override
            protected Long result(long handle) {
                return handle;
            }
        };
    }
}
