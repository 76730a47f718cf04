package io.rusticated.jdk;

import io.rusticated.fs.FileKey;
import io.rusticated.fs.Metadata;
import io.rusticated.io.Buffer;
import io.rusticated.io.BufferPool;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import io.rusticated.rt.OwnedHandle;
import io.rusticated.spi.PlatformFiles;
import io.rusticated.spi.Request;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.spi.FileSystemProvider;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A file a channel has open through rusticated: its handle (an {@link OwnedHandle}, which cancels
 * what is in flight on it when closed), the modes it was opened with, and, only when asked for, a
 * <em>sibling</em>: a built-in {@link FileChannel} on the same file for what rusticated does not
 * do (memory mapping, locks, and I/O requested on the loop thread itself, where blocking on the
 * loop is impossible).
 *
 * <p>The sibling is opened through the OS's path to the handle where it has one
 * ({@link PlatformFiles#handlePath}: {@code /proc/self/fd/N} on Linux), which reaches the very
 * file this handle has open even if it was renamed or deleted since; elsewhere by path, checking
 * that the file there is still the one this handle has open ({@link PlatformFiles#isFile}).
 */
final class OpenFile {
    /** The most one read or write asks the kernel for. */
    static final int MAX_IO = 1 << 20;

    final EventLoop loop;
    final boolean readable;
    final boolean writable;
    final boolean append;
    private final OwnedHandle handle;
    private final PlatformFiles files;
    private final FileSystemProvider builtinProvider;
    private final Path builtinPath;
    private FileChannel sibling; // guarded by this

    OpenFile(EventLoop loop, long handle, PlatformFiles.OpenRule opened, PlatformFiles files, FileSystemProvider builtinProvider,
             Path builtinPath) {
        this.loop = loop;
        this.handle = new OwnedHandle(loop, handle);
        this.files = files;
        this.builtinProvider = builtinProvider;
        this.builtinPath = builtinPath;
        this.readable = opened.readable();
        this.writable = opened.writable();
        this.append = opened.append();
    }

    /** The handle, also the cleaning action of a channel nobody closed. */
    OwnedHandle owned() {
        return handle;
    }

    long handle() {
        return handle.handle();
    }

    Path builtinPath() {
        return builtinPath;
    }

    boolean isClosed() {
        return handle.isClosing();
    }

    /** True when this thread may block on the loop; false on the loop thread or once the loop is closed. */
    boolean servable() {
        return !loop.isClosed() && !loop.isLoopThread();
    }

    // ---- operations ----

    private <T> CompletableFuture<T> submit(FutureOperation<T> op) {
        loop.submit(handle, op);
        return op.future();
    }

    /** Reads into the buffer's spare capacity at {@code offset} (or {@link Request#CURRENT_POSITION}). */
    CompletableFuture<Integer> read(Buffer buffer, long offset) {
        return loop.read(handle, buffer, offset);
    }

    /** Writes the buffer's filled part at {@code offset} (or {@link Request#CURRENT_POSITION}: the file position, or the end in append mode). */
    CompletableFuture<Integer> write(Buffer buffer, long offset) {
        return loop.write(handle, buffer, offset);
    }

    CompletableFuture<Metadata> stat() {
        FutureOperation<Metadata> op = Ops.payload(Metadata.class);
        op.prepareStat(handle.handle(), null, true);
        return submit(op);
    }

    CompletableFuture<Void> fsync(boolean dataOnly) {
        FutureOperation<Void> op = Ops.done();
        op.prepareFsync(handle.handle(), dataOnly);
        return submit(op);
    }

    CompletableFuture<Void> truncate(long length) {
        FutureOperation<Void> op = Ops.done();
        op.prepareTruncate(handle.handle(), length);
        return submit(op);
    }

    /**
     * Closes the sibling and the handle: what is in flight is cancelled and fails with
     * {@link java.nio.channels.AsynchronousCloseException}, and the handle closes once it has
     * completed. The stage completes when the handle is closed.
     */
    CompletableFuture<Void> close() throws IOException {
        CompletableFuture<Void> closed = handle.close();
        FileChannel s;
        synchronized (this) {
            s = sibling;
            sibling = null;
        }
        if (s != null) {
            s.close();
        }
        return closed;
    }

    // ---- blocking helpers for the channels ----

    /**
     * Reads up to {@code dst.remaining()} bytes (at most {@link #MAX_IO}) at {@code offset} (-1: file
     * position) into {@code dst}; returns the count, 0 at end of file.
     */
    int readInto(ByteBuffer dst, long offset) throws IOException {
        int want = Math.min(dst.remaining(), MAX_IO);
        Buffer buf = spareOf(want);
        try {
            int start = buf.length();
            int n = Proactor.await(read(buf, offset));
            copyOut(buf, start, n, dst);
            return n;
        } finally {
            releaseIfOwned(buf);
        }
    }

    /** Writes all remaining bytes of {@code src} from {@code offset} on (-1: file position or append). */
    int writeFrom(ByteBuffer src, long offset) throws IOException {
        int total = 0;
        while (src.hasRemaining()) {
            Buffer buf = BufferPool.shared().acquire(Math.min(src.remaining(), MAX_IO));
            try {
                buf.append(src);
                while (!buf.isEmpty()) {
                    int n = Proactor.await(write(buf, offset < 0 ? Request.CURRENT_POSITION : offset + total));
                    if (n <= 0) {
                        throw new IOException("write of " + buf.length() + " bytes made no progress");
                    }
                    buf.discard(n);
                    total += n;
                }
            } finally {
                releaseIfOwned(buf);
            }
        }
        return total;
    }

    /** A pooled buffer whose spare capacity is exactly {@code want} bytes (the filled prefix is never read). */
    static Buffer spareOf(int want) {
        Buffer buf = BufferPool.shared().acquire(want);
        buf.setLength(buf.capacity() - want);
        return buf;
    }

    static void copyOut(Buffer buf, int from, int count, ByteBuffer dst) {
        if (count > 0) {
            MemorySegment.copy(buf.filled(), from, MemorySegment.ofBuffer(dst), 0, count);
            dst.position(dst.position() + count);
        }
    }

    /** Gives the buffer back to the pool unless an operation still holds it (then the collector has it later). */
    static void releaseIfOwned(Buffer buf) {
        if (!buf.isLent()) {
            buf.release();
        }
    }

    // ---- the built-in sibling ----

    /** The built-in channel on the same file, opened on first use with this file's modes. */
    synchronized FileChannel sibling() throws IOException {
        if (sibling != null) {
            return sibling;
        }
        // Hold a use of the handle meanwhile: closed and reused, its number would name another file.
        if (!handle.acquireForCaller()) {
            throw new ClosedChannelException();
        }
        try {
            Set<OpenOption> options = new java.util.HashSet<>();
            if (readable) {
                options.add(StandardOpenOption.READ);
            }
            if (writable) {
                options.add(append ? StandardOpenOption.APPEND : StandardOpenOption.WRITE);
            }
            FileChannel fc = null;
            Path byHandle = files.handlePath(builtinPath.getFileSystem(), handle.handle());
            if (byHandle != null) {
                try {
                    fc = builtinProvider.newFileChannel(byHandle, options);
                } catch (IOException | UnsupportedOperationException e) {
                    fc = null; // the OS refuses the reopen there: try the path
                }
            }
            if (fc == null) {
                fc = builtinProvider.newFileChannel(builtinPath, options);
                checkSameFile(fc);
            }
            sibling = fc;
            return fc;
        } finally {
            handle.releaseForCaller();
        }
    }

    /** Best effort: compares the file's identity with an fstat of our handle (not possible on the loop thread). */
    private void checkSameFile(FileChannel fc) throws IOException {
        if (!servable()) {
            return;
        }
        boolean same;
        try {
            FileKey key = Proactor.await(stat()).fileKey();
            same = key != null && files.isFile(builtinProvider, builtinPath, key.volume(), key.file());
        } catch (UnsupportedOperationException e) {
            return; // the JDK shows no identity of a file here: nothing to compare with
        } catch (IOException | RuntimeException e) {
            fc.close();
            throw e;
        }
        if (!same) {
            fc.close();
            throw new IOException(builtinPath + " is no longer the file this channel opened; cannot reach it through the JDK");
        }
    }
}
