package io.rusticated.jdk;

import io.rusticated.fs.FileKey;
import io.rusticated.fs.FileType;
import io.rusticated.fs.Metadata;
import io.rusticated.io.Buffer;
import io.rusticated.io.BufferPool;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.OwnedHandle;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.PlatformFiles;
import io.rusticated.spi.Request;

import java.io.Closeable;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.spi.FileSystemProvider;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A file a channel has open through rusticated: its handle (an {@link OwnedHandle}: closed after
 * the last call or operation on it, and never while one runs), the modes it was opened with, and,
 * only when asked for, a <em>sibling</em>: a built-in {@link FileChannel} on the same file for
 * what rusticated does not do (memory mapping, locks).
 *
 * <p>Its synchronous calls are system calls on the calling thread ({@link Calls}), as the JDK's
 * channel makes them, each holding a use of the handle. The exception is a sequential read or
 * write of a <em>stream</em> (a pipe, FIFO, terminal, character device or socket), which may wait
 * for ever: it is an operation on the loop, so that closing the channel cancels it in the kernel
 * and the waiting thread gets {@link java.nio.channels.AsynchronousCloseException}, as the JDK's
 * signalled thread does. What kind of file it is, a stat tells, once, when first needed.
 *
 * <p>The sibling is opened through the OS's path to the handle where it has one
 * ({@link PlatformFiles#handlePath}: {@code /proc/self/fd/N} on Linux), which reaches the very
 * file this handle has open even if it was renamed or deleted since; elsewhere by path, checking
 * that the file there is still the one this handle has open ({@link PlatformFiles#isFile}).
 */
final class OpenFile {
    /** The most one read or write asks the kernel for. */
    static final int MAX_IO = 1 << 20;

    final boolean readable;
    final boolean writable;
    final boolean append;
    private final OwnedHandle handle;
    private final PlatformFiles files;
    private final FileSystemProvider builtinProvider;
    private final Path builtinPath;
    /** What kind of file this is, once a stat said; a benign race (every stat says the same). */
    private volatile FileType type;
    private FileChannel sibling; // guarded by this

    OpenFile(long handle, PlatformFiles.OpenRule opened, PlatformFiles files, FileSystemProvider builtinProvider, Path builtinPath) {
        this.handle = new OwnedHandle(handle, HandleRole.FILE, OpenFile::closeHandle);
        this.files = files;
        this.builtinProvider = builtinProvider;
        this.builtinPath = builtinPath;
        this.readable = opened.readable();
        this.writable = opened.writable();
        this.append = opened.append();
    }

    /** Closes the handle on the calling thread; the failure as the JDK's close reports it, or null. */
    private static Throwable closeHandle(long h) {
        try {
            Calls.close(h);
            return null;
        } catch (OsErrorException x) {
            return x.error().toException(null, null);
        }
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

    // ---- uses ----

    /** Takes a use of the handle for one call on this thread. */
    private void use() throws ClosedChannelException {
        if (!handle.acquireForCaller()) {
            throw new ClosedChannelException();
        }
    }

    private void unuse() {
        handle.releaseForCaller();
    }

    /** An OS error of a call on the handle, as the JDK's channels report it: the OS's text, no file. */
    static IOException failed(OsErrorException x) {
        return x.error().toException(null, null);
    }

    // ---- what kind of file ----

    Metadata stat() throws IOException {
        use();
        try {
            Metadata m = Calls.fstat(handle.handle());
            type = m.type();
            return m;
        } catch (OsErrorException x) {
            throw failed(x);
        } finally {
            unuse();
        }
    }

    private FileType type() throws IOException {
        FileType t = type;
        return t != null ? t : stat().type();
    }

    /**
     * A pipe, FIFO, terminal, character device or socket: its sequential reads and writes may wait
     * for ever, so they are the loop's, to be cancelled by a close.
     */
    boolean isStream() throws IOException {
        FileType t = type();
        return t != FileType.REGULAR && t != FileType.DIRECTORY && t != FileType.BLOCK_DEVICE;
    }

    /** Neither a regular file, a directory nor a link: what the JDK's {@code FileChannelImpl.isOther()} tells its streams. */
    boolean isOther() throws IOException {
        FileType t = type();
        return t != FileType.REGULAR && t != FileType.DIRECTORY && t != FileType.SYMLINK;
    }

    // ---- on the calling thread ----

    /** Reads at most {@link #MAX_IO} bytes into {@code dst} at {@code offset} (-1: the file position): the count, 0 at the end. */
    int read(ByteBuffer dst, long offset) throws IOException {
        int want = Math.min(dst.remaining(), MAX_IO);
        use();
        try {
            int n;
            if (dst.isDirect()) {
                n = Calls.read(handle.handle(), MemorySegment.ofBuffer(dst).asSlice(0, want), offset);
            } else {
                CallScratch s = CallScratch.take();
                try {
                    MemorySegment io = s.io(want);
                    n = Calls.read(handle.handle(), io, offset);
                    MemorySegment.copy(io, 0, MemorySegment.ofBuffer(dst), 0, n);
                } finally {
                    s.done();
                }
            }
            dst.position(dst.position() + n);
            return n;
        } catch (OsErrorException x) {
            throw failed(x);
        } finally {
            unuse();
        }
    }

    /** Writes all of {@code src} from {@code offset} on (-1: the file position, or the end in append mode): the count. */
    int write(ByteBuffer src, long offset) throws IOException {
        int total = 0;
        use();
        try {
            while (src.hasRemaining()) {
                int len = Math.min(src.remaining(), MAX_IO);
                long at = offset < 0 ? Request.CURRENT_POSITION : offset + total;
                int n;
                if (src.isDirect()) {
                    n = Calls.write(handle.handle(), MemorySegment.ofBuffer(src).asSlice(0, len), at);
                } else {
                    CallScratch s = CallScratch.take();
                    try {
                        MemorySegment io = s.io(len);
                        MemorySegment.copy(MemorySegment.ofBuffer(src), 0, io, 0, len);
                        n = Calls.write(handle.handle(), io, at);
                    } finally {
                        s.done();
                    }
                }
                if (n <= 0) {
                    throw new IOException("write of " + len + " bytes made no progress");
                }
                src.position(src.position() + n);
                total += n;
            }
            return total;
        } catch (OsErrorException x) {
            if (total > 0) {
                return total; // what was written counts; the error comes again on the next write
            }
            throw failed(x);
        } finally {
            unuse();
        }
    }

    /** Moves the file position to {@code offset}, or with -1 tells it ("Illegal seek" where there is none, as the JDK's lseek). */
    long seek(long offset) throws IOException {
        use();
        try {
            return Calls.seek(handle.handle(), offset);
        } catch (OsErrorException x) {
            throw failed(x);
        } finally {
            unuse();
        }
    }

    void truncate(long length) throws IOException {
        use();
        try {
            Calls.truncate(handle.handle(), length);
        } catch (OsErrorException x) {
            throw failed(x);
        } finally {
            unuse();
        }
    }

    void fsync(boolean dataOnly) throws IOException {
        use();
        try {
            Calls.fsync(handle.handle(), dataOnly);
        } catch (OsErrorException x) {
            throw failed(x);
        } finally {
            unuse();
        }
    }

    /**
     * Copies up to {@code count} bytes from this file at {@code from} (-1: its position) to
     * {@code target} at {@code to} (-1: its position) inside the OS: the count, or
     * {@link io.rusticated.spi.DirectCalls#UNSUPPORTED} where the OS cannot.
     */
    long copyTo(OpenFile target, long from, long to, long count) throws IOException {
        use();
        try {
            target.use();
            try {
                return Calls.copy(handle.handle(), from, target.handle.handle(), to, count);
            } catch (OsErrorException x) {
                throw failed(x);
            } finally {
                target.unuse();
            }
        } finally {
            unuse();
        }
    }

    // ---- on the loop: sequential reads and writes of a stream ----

    /** Reads what one read of the stream gives (at most {@link #MAX_IO} bytes) into {@code dst}, on the loop: the count, 0 at the end. */
    int readOnLoop(EventLoop loop, ByteBuffer dst) throws IOException {
        int want = Math.min(dst.remaining(), MAX_IO);
        Buffer buf = spareOf(want);
        try {
            int start = buf.length();
            int n = Proactor.await(loop.read(handle, buf, Request.CURRENT_POSITION));
            copyOut(buf, start, n, dst);
            return n;
        } finally {
            releaseIfOwned(buf);
        }
    }

    /** Writes all of {@code src} to the stream, on the loop. */
    int writeOnLoop(EventLoop loop, ByteBuffer src) throws IOException {
        int total = 0;
        while (src.hasRemaining()) {
            Buffer buf = BufferPool.shared().acquire(Math.min(src.remaining(), MAX_IO));
            try {
                buf.append(src);
                while (!buf.isEmpty()) {
                    int n = Proactor.await(loop.write(handle, buf, Request.CURRENT_POSITION));
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

    /**
     * Closes the sibling and the handle: what is in flight on the loop is cancelled and fails with
     * {@link java.nio.channels.AsynchronousCloseException}; a call in progress on another thread
     * finishes first. The stage completes when the handle is closed.
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

    // ---- the built-in sibling ----

    /** The built-in channel on the same file, opened on first use with this file's modes. */
    synchronized FileChannel sibling() throws IOException {
        if (sibling == null) {
            Set<OpenOption> options = new HashSet<>();
            if (readable) {
                options.add(StandardOpenOption.READ);
            }
            if (writable) {
                options.add(append ? StandardOpenOption.APPEND : StandardOpenOption.WRITE);
            }
            sibling = reopen(p -> builtinProvider.newFileChannel(p, options));
        }
        return sibling;
    }

    /** How the JDK opens a path. */
    interface Opener<C extends Closeable> {
        C open(Path path) throws IOException;
    }

    /**
     * The same file opened by the JDK (through the handle's path where the OS has one, else by
     * path, checked to be the same file), for what the JDK alone serves. The caller closes it.
     */
    <C extends Closeable> C reopen(Opener<C> opener) throws IOException {
        // Hold a use of the handle meanwhile: closed and reused, its number would name another file.
        use();
        try {
            Path byHandle = files.handlePath(builtinPath.getFileSystem(), handle.handle());
            if (byHandle != null) {
                try {
                    return opener.open(byHandle);
                } catch (IOException | UnsupportedOperationException e) {
                    // the OS refuses the reopen there: try the path
                }
            }
            C c = opener.open(builtinPath);
            checkSameFile(c);
            return c;
        } finally {
            unuse();
        }
    }

    /** Compares the file's identity with an fstat of our handle. */
    private void checkSameFile(Closeable fc) throws IOException {
        boolean same;
        try {
            FileKey key = Calls.fstat(handle.handle()).fileKey();
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
