package io.rusticated.jdk;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.Metadata;
import io.rusticated.io.Buffer;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.spi.OsError;
import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.Request;

import java.io.IOException;
import java.nio.file.AccessMode;
import java.util.List;

/**
 * Blocking forms of rusticated's path operations for the JDK provider: each submits one operation
 * to the loop and waits for its completion. An OS error comes out as it is, an
 * {@link OsErrorException}, because the JDK translates the same error differently from call to call
 * (ENOTDIR is "no such file" when reading attributes, not when deleting); the provider translates
 * it as the JDK's call it serves does, the way that call translates its {@code UnixException}.
 */
final class Calls {
    private Calls() {
    }

    /** An operation whose OS error stays untranslated. */
    private abstract static class Call<T> extends FutureOperation<T> {
        @Override
        protected Throwable failureFor(OsError error) {
            return new OsErrorException(error);
        }
    }

    private static final class Done extends Call<Void> {
        @Override
        protected Void result(long value) {
            return null;
        }
    }

    private static final class Count extends Call<Long> {
        @Override
        protected Long result(long value) {
            return value;
        }
    }

    private static final class Payload<T> extends Call<T> {
        @Override
        @SuppressWarnings("unchecked")
        protected T result(long value) {
            return (T) payload();
        }
    }

    private static <T> T run(EventLoop loop, FutureOperation<T> op) throws IOException {
        loop.submit(op);
        return Proactor.await(op.future());
    }

    static Metadata stat(EventLoop loop, NativePath path, boolean followLinks) throws IOException {
        Payload<Metadata> op = new Payload<>();
        op.prepareStat(Request.NO_HANDLE, path, followLinks);
        return run(loop, op);
    }

    static long open(EventLoop loop, NativePath path, int openFlags, int mode) throws IOException {
        Count op = new Count();
        op.prepareOpen(path, openFlags, mode);
        return run(loop, op);
    }

    static long openDirectory(EventLoop loop, NativePath path) throws IOException {
        Count op = new Count();
        op.prepareOpenDirectory(path);
        return run(loop, op);
    }

    static List<DirEntry> readDir(EventLoop loop, long handle, NativePath path) throws IOException {
        Payload<List<DirEntry>> op = new Payload<>();
        op.prepareReadDir(handle, path);
        return run(loop, op);
    }

    /** Reads into the buffer's spare capacity at {@code offset}; the count, 0 at the end. */
    static int read(EventLoop loop, long handle, Buffer buffer, long offset) throws IOException {
        Count op = new Count();
        op.prepareRead(handle, buffer, offset);
        return run(loop, op).intValue();
    }

    /** Writes the buffer's filled part at {@code offset}; the count written. */
    static int write(EventLoop loop, long handle, Buffer buffer, long offset) throws IOException {
        Count op = new Count();
        op.prepareWrite(handle, buffer, offset);
        return run(loop, op).intValue();
    }

    static void close(EventLoop loop, long handle) throws IOException {
        Done op = new Done();
        op.prepareClose(handle);
        run(loop, op);
    }

    static void access(EventLoop loop, NativePath path, AccessMode... modes) throws IOException {
        Done op = new Done();
        op.prepareAccess(path, modes);
        run(loop, op);
    }

    static void mkdir(EventLoop loop, NativePath path, int mode) throws IOException {
        Done op = new Done();
        op.prepareMkdir(path, mode);
        run(loop, op);
    }

    static void unlink(EventLoop loop, NativePath path, boolean directory) throws IOException {
        Done op = new Done();
        op.prepareUnlink(path, directory);
        run(loop, op);
    }

    static void rename(EventLoop loop, NativePath from, NativePath to) throws IOException {
        Done op = new Done();
        op.prepareRename(from, to, false);
        run(loop, op);
    }

    static void symlink(EventLoop loop, NativePath target, NativePath link) throws IOException {
        Done op = new Done();
        op.prepareSymlink(target, link);
        run(loop, op);
    }

    static void link(EventLoop loop, NativePath existing, NativePath link) throws IOException {
        Done op = new Done();
        op.prepareLink(existing, link);
        run(loop, op);
    }
}
