package io.rusticated.fs;

import io.rusticated.io.AsyncRead;
import io.rusticated.io.AsyncWrite;
import io.rusticated.io.Buffer;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FileCursor;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Operation;
import io.rusticated.rt.Ops;
import io.rusticated.rt.OwnedHandle;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Request;

import java.nio.channels.ClosedChannelException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An open file. Every operation goes to the loop the file was opened on and completes there.
 * Sequential {@link #read}/{@link #write} use the file's position (the OS's where it keeps one,
 * else one kept here) and run one after another in the order they were asked for, each where the
 * previous one left the position ({@link FileCursor}); {@link #readAt}/{@link #writeAt} leave it
 * alone and may run concurrently. {@link #close()} cancels what is in flight (it fails
 * with {@link java.nio.channels.AsynchronousCloseException}) and closes the handle after the last
 * completion; later operations fail with {@link ClosedChannelException}.
 */
public final class File implements AsyncRead, AsyncWrite {
    private final EventLoop loop;
    private final OwnedHandle handle;
    private final Path path;
    /** The order of sequential requests, and their position where the OS keeps none; null for a wrapped handle. */
    private final FileCursor cursor;

    private File(EventLoop loop, long handle, Path path, boolean append, boolean opened) {
        this.loop = loop;
        this.handle = new OwnedHandle(loop, handle, opened ? HandleRole.FILE : HandleRole.WRAPPED);
        this.path = path;
        this.cursor = !opened ? null : loop.kernelKeepsFilePosition() ? FileCursor.osPosition(loop, this.handle)
                : new FileCursor(loop, this.handle, append, h -> metadata().thenApply(Metadata::size).toCompletableFuture());
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
                return new File(loop, fd, path, options.append(), true);
            }
        };
        op.prepareOpen(nativePath, options.openFlags(), options.mode());
        loop.submit(op);
        return op.future();
    }

    /**
     * Wraps a handle this process already has (a standard stream, a pipe end), which the file then
     * owns: {@link #close()} closes it. Its sequential reads and writes go straight to the OS, at
     * the OS's position where the handle has one, and may run side by side (several reads waiting
     * on one pipe share what arrives).
     */
    public static File fromHandle(EventLoop loop, long handle, Path nameForErrors) {
        return new File(loop, handle, nameForErrors, false, false);
    }

    public Path path() {
        return path;
    }

    /** The OS handle (a file descriptor on Unix). */
    public long handle() {
        return handle.handle();
    }

    public EventLoop loop() {
        return loop;
    }

    private <T> CompletionStage<T> submit(FutureOperation<T> op) {
        loop.submit(handle, op);
        return op.future();
    }

    @Override
    public CompletionStage<Integer> read(Buffer buffer) {
        return cursor != null ? cursor.read(buffer) : loop.read(handle, buffer, Request.CURRENT_POSITION);
    }

    /** Reads at {@code position}, filling the buffer's spare capacity. */
    public CompletionStage<Integer> readAt(Buffer buffer, long position) {
        return loop.read(handle, buffer, checkPosition(position));
    }

    @Override
    public CompletionStage<Integer> write(Buffer buffer) {
        return cursor != null ? cursor.write(buffer) : loop.write(handle, buffer, Request.CURRENT_POSITION);
    }

    /** Writes the buffer's filled part at {@code position}. */
    public CompletionStage<Integer> writeAt(Buffer buffer, long position) {
        return loop.write(handle, buffer, checkPosition(position));
    }

    private static long checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position: " + position);
        }
        return position;
    }

    /** Writes the whole filled part, at {@code position} onwards, looping over short writes; the buffer ends empty. */
    public CompletionStage<Void> writeAllAt(Buffer buffer, long position) {
        checkPosition(position);
        if (buffer.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return writeAt(buffer, position).thenCompose(n -> {
            buffer.discard(n);
            return writeAllAt(buffer, position + n);
        });
    }

    /** Writes the whole filled part sequentially, looping over short writes; the buffer ends empty. */
    public CompletionStage<Void> writeAll(Buffer buffer) {
        if (buffer.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return write(buffer).thenCompose(n -> {
            buffer.discard(n);
            return writeAll(buffer);
        });
    }

    public CompletionStage<Metadata> metadata() {
        FutureOperation<Metadata> op = Ops.payload(Metadata.class);
        op.prepareStat(handle.handle(), null, true);
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
        FutureOperation<Void> op = Ops.done();
        op.prepareFsync(handle.handle(), dataOnly);
        return submit(op);
    }

    /** Truncates or extends the file to {@code length} bytes. */
    public CompletionStage<Void> setLength(long length) {
        FutureOperation<Void> op = Ops.done();
        op.prepareTruncate(handle.handle(), length);
        return submit(op);
    }

    public boolean isOpen() {
        return !handle.isClosing();
    }

    /**
     * Cancels what is in flight on the file and closes the handle once it completed; the stage
     * completes when the handle is closed. Idempotent.
     */
    public CompletionStage<Void> close() {
        return handle.close();
    }

    /**
     * Prepares a low-level read at {@code position} of this file's handle, for callers that reuse
     * operations (no allocation per request); they submit it with {@code loop.submit(op)} and keep
     * the file open until it completes.
     */
    public Operation prepareReadAt(Operation op, Buffer buffer, long position) {
        return op.prepareRead(handle.handle(), buffer, checkPosition(position));
    }

    @Override
    public String toString() {
        return "File[" + path + ", " + handle + "]";
    }
}
