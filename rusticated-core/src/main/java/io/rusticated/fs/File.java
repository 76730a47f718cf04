package io.rusticated.fs;

import io.rusticated.io.AsyncRead;
import io.rusticated.io.AsyncWrite;
import io.rusticated.io.Buffer;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Operation;
import io.rusticated.rt.Ops;

import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An open file. Every operation goes to the loop the file was opened on and completes there.
 * Sequential {@link #read}/{@link #write} use the file's position; {@link #readAt}/{@link #writeAt}
 * leave it alone and may run concurrently. After {@link #close()} every operation fails with
 * {@link ClosedChannelException}.
 */
public final class File implements AsyncRead, AsyncWrite {
    private final EventLoop loop;
    private final long handle;
    private final Path path;
    private volatile boolean closed;

    private File(EventLoop loop, long handle, Path path) {
        this.loop = loop;
        this.handle = handle;
        this.path = path;
    }

    /** Opens for reading. */
    public static CompletionStage<File> open(Path path) {
        return open(path, OpenOptions.readOnly());
    }

    /** Opens for writing, creating or truncating. */
    public static CompletionStage<File> create(Path path) {
        return open(path, OpenOptions.createTruncate());
    }

    /** Opens on the {@link EventLoop#current() current} loop. */
    public static CompletionStage<File> open(Path path, OpenOptions options) {
        return open(EventLoop.current(), path, options);
    }

    public static CompletionStage<File> open(EventLoop loop, Path path, OpenOptions options) {
        options.validate();
        NativePath nativePath = NativePath.of(path);
        FutureOperation<File> op = new FutureOperation<>() {
            @Override
            protected File result(long fd) {
                return new File(loop, fd, path);
            }
        };
        op.prepareOpen(nativePath, options);
        loop.submit(op);
        return op.future();
    }

    /** Wraps a handle this process already has (a standard stream, a pipe end). */
    public static File fromHandle(EventLoop loop, long handle, Path nameForErrors) {
        return new File(loop, handle, nameForErrors);
    }

    public Path path() {
        return path;
    }

    /** The OS handle (a file descriptor on Unix). */
    public long handle() {
        return handle;
    }

    public EventLoop loop() {
        return loop;
    }

    private <T> CompletionStage<T> submit(FutureOperation<T> op) {
        loop.submit(op);
        return op.future();
    }

    private static <T> CompletionStage<T> closedFailure() {
        return CompletableFuture.failedFuture(new ClosedChannelException());
    }

    @Override
    public CompletionStage<Integer> read(Buffer buffer) {
        return readAt(buffer, -1);
    }

    /** Reads at {@code position} (-1: the file position), filling the buffer's spare capacity. */
    public CompletionStage<Integer> readAt(Buffer buffer, long position) {
        if (position < -1) {
            throw new IllegalArgumentException("negative position: " + position);
        }
        if (closed) {
            return closedFailure();
        }
        return loop.read(handle, buffer, position);
    }

    @Override
    public CompletionStage<Integer> write(Buffer buffer) {
        return writeAt(buffer, -1);
    }

    /** Writes the buffer's filled part at {@code position} (-1: the file position). */
    public CompletionStage<Integer> writeAt(Buffer buffer, long position) {
        if (position < -1) {
            throw new IllegalArgumentException("negative position: " + position);
        }
        if (closed) {
            return closedFailure();
        }
        return loop.write(handle, buffer, position);
    }

    /** Writes the whole filled part, at {@code position} onwards, looping over short writes; the buffer ends empty. */
    public CompletionStage<Void> writeAllAt(Buffer buffer, long position) {
        if (buffer.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return writeAt(buffer, position).thenCompose(n -> {
            buffer.discard(n);
            return writeAllAt(buffer, position < 0 ? -1 : position + n);
        });
    }

    public CompletionStage<Metadata> metadata() {
        if (closed) {
            return closedFailure();
        }
        FutureOperation<Metadata> op = Ops.payload(Metadata.class);
        op.prepareStat(handle, null, true);
        return submit(op);
    }

    /** Flushes data and metadata to storage. */
    public CompletionStage<Void> sync() {
        return fsync(false);
    }

    /** Flushes data (and the metadata needed to read it back). */
    public CompletionStage<Void> syncData() {
        return fsync(true);
    }

    private CompletionStage<Void> fsync(boolean dataOnly) {
        if (closed) {
            return closedFailure();
        }
        FutureOperation<Void> op = Ops.done();
        op.prepareFsync(handle, dataOnly);
        return submit(op);
    }

    /** Truncates or extends the file to {@code length} bytes. */
    public CompletionStage<Void> setLength(long length) {
        if (closed) {
            return closedFailure();
        }
        FutureOperation<Void> op = Ops.done();
        op.prepareTruncate(handle, length);
        return submit(op);
    }

    public boolean isOpen() {
        return !closed;
    }

    /** Closes the handle; later calls return the same completed stage semantics (a no-op). */
    public CompletionStage<Void> close() {
        synchronized (this) {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            closed = true;
        }
        FutureOperation<Void> op = Ops.done();
        op.prepareClose(handle);
        return submit(op);
    }

    /** A low-level operation on this file for callers that reuse operations (no allocation per request). */
    public Operation prepareReadAt(Operation op, Buffer buffer, long position) {
        return op.prepareRead(handle, buffer, position);
    }

    @Override
    public String toString() {
        return "File[" + path + ", handle=" + handle + (closed ? ", closed" : "") + "]";
    }
}
