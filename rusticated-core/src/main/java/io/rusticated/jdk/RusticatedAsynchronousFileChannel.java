package io.rusticated.jdk;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferPool;

import java.io.IOException;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.HashSet;
import java.util.Set;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.spi.FileSystemProvider;
import io.rusticated.rt.EventLoop;

/**
 * An {@link AsynchronousFileChannel} whose reads and writes are single rusticated operations on
 * the loop (an io_uring READ or WRITE at the given position): the caller's thread submits and
 * returns. The data is copied between the caller's {@link ByteBuffer} and a pooled off-heap buffer
 * on the loop thread when the operation completes.
 *
 * <p>Completion handlers run on the channel's executor (the one given when opening it, else
 * {@link HandlerPool}), never on the loop thread, because a handler may block. {@link Future}
 * results are completed on the loop thread; nothing of the caller's runs there. As with the JDK, a
 * read or write asks for at most one system call's worth (here {@value OpenFile#MAX_IO} bytes),
 * so the count may be short; a read at or past the end gives -1.
 *
 * <p>{@code size}, {@code truncate} and {@code force}, whose caller waits, are system calls on
 * the calling thread. Locks are the JDK's own asynchronous channel's, on the same file
 * ({@link OpenFile#reopen}) with this channel's executor: the JVM-wide lock table applies, an
 * overlapping lock throws {@link java.nio.channels.OverlappingFileLockException} at the call, and
 * the blocking lock runs on the executor, all as in the JDK. Closing cancels the operations in
 * flight in the kernel; those that did not finish fail with {@link AsynchronousCloseException}.
 */
final class RusticatedAsynchronousFileChannel extends AsynchronousFileChannel {
    private final OpenFile file;
    private final EventLoop loop;
    private final ExecutorService executor;
    private final FileSystemProvider builtin;
    private final Set<OpenOption> lockOptions;
    private final Cleaner.Cleanable cleanable;
    private volatile boolean open = true;
    private AsynchronousFileChannel locks; // guarded by this

    RusticatedAsynchronousFileChannel(OpenFile file, EventLoop loop, ExecutorService executor, FileSystemProvider builtin,
                                      Set<? extends OpenOption> options) {
        this.file = file;
        this.loop = loop;
        this.executor = executor != null ? executor : HandlerPool.defaultPool();
        this.builtin = builtin;
        this.lockOptions = new HashSet<>();
        if (file.readable) {
            lockOptions.add(StandardOpenOption.READ);
        }
        if (file.writable) {
            lockOptions.add(StandardOpenOption.WRITE);
        }
        this.cleanable = Cleaners.CLEANER.register(this, file.owned());
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        AsynchronousFileChannel l;
        synchronized (this) {
            l = locks;
            locks = null;
        }
        if (l != null) {
            l.close(); // its locks go with it, as the JDK's channel releases its own on close
        }
        CompletableFuture<Void> closed = file.close();
        cleanable.clean();
        if (!loop.isLoopThread()) {
            try {
                Proactor.await(closed);
            } catch (RuntimeException e) {
                // the loop closed under us; the descriptor stays open and nothing else can close it
            }
        }
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!open) {
            throw new ClosedChannelException();
        }
    }

    // ---- synchronous operations: system calls on the calling thread ----

    @Override
    public long size() throws IOException {
        ensureOpen();
        return closedIfCancelled(() -> file.stat().size());
    }

    @Override
    public AsynchronousFileChannel truncate(long size) throws IOException {
        if (size < 0) {
            throw new IllegalArgumentException("Negative size");
        }
        if (!file.writable) {
            throw new NonWritableChannelException();
        }
        ensureOpen();
        closedIfCancelled(() -> {
            if (size < file.stat().size()) {
                file.truncate(size);
            }
            return null;
        });
        return this;
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        closedIfCancelled(() -> {
            file.fsync(!metaData);
            return null;
        });
    }

    /** A call the channel's close raced with: {@link AsynchronousCloseException}, as the JDK's. */
    private <T> T closedIfCancelled(Blocking<T> call) throws IOException {
        try {
            return call.call();
        } catch (ClosedChannelException e) {
            throw open ? e : new AsynchronousCloseException();
        }
    }

    // ---- reads and writes ----

    @Override
    public Future<Integer> read(ByteBuffer dst, long position) {
        return read(dst, position, null, null, true);
    }

    @Override
    public <A> void read(ByteBuffer dst, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        read(dst, position, attachment, handler, false);
    }

    private <A> Future<Integer> read(ByteBuffer dst, long position, A attachment, CompletionHandler<Integer, ? super A> handler, boolean wantFuture) {
        Objects.requireNonNull(dst);
        if (position < 0) {
            throw new IllegalArgumentException("Negative position");
        }
        if (!file.readable) {
            throw new NonReadableChannelException();
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        if (!open || !dst.hasRemaining()) {
            return settleNow(0, open ? null : new ClosedChannelException(), attachment, handler, wantFuture);
        }
        AioFuture<Integer> future = wantFuture ? new AioFuture<>(this) : null;
        if (loop.isClosed()) {
            onExecutor(() -> file.sibling().read(dst, position), future, attachment, handler);
            return future;
        }
        int want = Math.min(dst.remaining(), OpenFile.MAX_IO);
        Buffer buf = OpenFile.spareOf(want);
        int start = buf.length();
        loop.read(file.owned(), buf, position).whenComplete((n, e) -> {
            // loop thread: copy out unless the future was cancelled, then hand the outcome over
            boolean mine = future == null || future.claim();
            Integer value = null;
            Throwable failure = e == null ? null : failure(e);
            if (mine && failure == null) {
                OpenFile.copyOut(buf, start, n, dst);
                value = n == 0 ? -1 : n;
            }
            OpenFile.releaseIfOwned(buf);
            if (mine) {
                finish(value, failure, future, attachment, handler);
            }
        });
        return future;
    }

    @Override
    public Future<Integer> write(ByteBuffer src, long position) {
        return write(src, position, null, null, true);
    }

    @Override
    public <A> void write(ByteBuffer src, long position, A attachment, CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        write(src, position, attachment, handler, false);
    }

    private <A> Future<Integer> write(ByteBuffer src, long position, A attachment, CompletionHandler<Integer, ? super A> handler, boolean wantFuture) {
        Objects.requireNonNull(src);
        if (position < 0) {
            throw new IllegalArgumentException("Negative position");
        }
        if (!file.writable) {
            throw new NonWritableChannelException();
        }
        if (!open || !src.hasRemaining()) {
            return settleNow(0, open ? null : new ClosedChannelException(), attachment, handler, wantFuture);
        }
        AioFuture<Integer> future = wantFuture ? new AioFuture<>(this) : null;
        if (loop.isClosed()) {
            onExecutor(() -> file.sibling().write(src, position), future, attachment, handler);
            return future;
        }
        Buffer buf = BufferPool.shared().acquire(Math.min(src.remaining(), OpenFile.MAX_IO));
        buf.append(src.duplicate()); // src moves only by what the kernel took, when it took it
        loop.write(file.owned(), buf, position).whenComplete((n, e) -> {
            boolean mine = future == null || future.claim();
            Throwable failure = e == null ? null : failure(e);
            if (mine && failure == null) {
                src.position(src.position() + n);
            }
            OpenFile.releaseIfOwned(buf);
            if (mine) {
                finish(failure == null ? n : null, failure, future, attachment, handler);
            }
        });
        return future;
    }

    /** What a failed operation reports: closed before it started, closed while it ran, or its own error. */
    private Throwable failure(Throwable e) {
        Throwable t = e;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof ClosedChannelException) {
            return t;
        }
        if (!open || t instanceof CancellationException) {
            return new AsynchronousCloseException();
        }
        return t;
    }

    private <V, A> Future<V> settleNow(V value, Throwable failure, A attachment, CompletionHandler<V, ? super A> handler, boolean wantFuture) {
        if (wantFuture) {
            return AioFuture.settled(this, value, failure);
        }
        finish(value, failure, null, attachment, handler);
        return null;
    }

    /** Settles the future (any thread), or runs the handler on the executor. */
    private <V, A> void finish(V value, Throwable failure, AioFuture<V> future, A attachment, CompletionHandler<V, ? super A> handler) {
        if (future != null) {
            future.settle(value, failure);
            return;
        }
        try {
            executor.execute(() -> {
                if (failure == null) {
                    handler.completed(value, attachment);
                } else {
                    handler.failed(failure, attachment);
                }
            });
        } catch (RejectedExecutionException e) {
            // the executor was shut down: as with the JDK, the handler is not invoked
        }
    }

    private interface Blocking<V> {
        V call() throws IOException;
    }

    /** Runs a blocking call of the built-in sibling on the executor, for callers on the loop thread. */
    private <V, A> void onExecutor(Blocking<V> call, AioFuture<V> future, A attachment, CompletionHandler<V, ? super A> handler) {
        try {
            executor.execute(() -> {
                V value = null;
                Throwable failure = null;
                try {
                    value = call.call();
                } catch (IOException | RuntimeException e) {
                    failure = !open ? new AsynchronousCloseException() : e;
                }
                if (future == null) {
                    if (failure == null) {
                        handler.completed(value, attachment);
                    } else {
                        handler.failed(failure, attachment);
                    }
                } else if (future.claim()) {
                    future.settle(value, failure);
                }
            });
        } catch (RejectedExecutionException e) {
            if (future != null && future.claim()) {
                future.settle(null, e);
            }
        }
    }

    // ---- locks: the JDK's own asynchronous channel's, on the same file ----

    /** The JDK's asynchronous channel on this file, with this channel's executor, opened on first use. */
    private synchronized AsynchronousFileChannel locks() throws IOException {
        if (locks == null) {
            locks = file.reopen(p -> builtin.newAsynchronousFileChannel(p, lockOptions, executor));
        }
        return locks;
    }

    @Override
    public Future<FileLock> lock(long position, long size, boolean shared) {
        checkLockMode(shared);
        if (!open) {
            return AioFuture.settled(this, null, new ClosedChannelException());
        }
        Future<FileLock> inner;
        try {
            inner = locks().lock(position, size, shared);
        } catch (IOException e) {
            return AioFuture.settled(this, null, open ? e : new ClosedChannelException());
        }
        return new LockFuture(this, inner);
    }

    @Override
    public <A> void lock(long position, long size, boolean shared, A attachment, CompletionHandler<FileLock, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        checkLockMode(shared);
        AsynchronousFileChannel l = null;
        Throwable failure = open ? null : new ClosedChannelException();
        if (failure == null) {
            try {
                l = locks();
            } catch (IOException e) {
                failure = e;
            }
        }
        if (failure != null) {
            finish(null, failure, null, attachment, handler);
            return;
        }
        l.lock(position, size, shared, attachment, new CompletionHandler<FileLock, A>() {
            @Override
            public void completed(FileLock lock, A a) {
                handler.completed(new SiblingLock(RusticatedAsynchronousFileChannel.this, lock), a);
            }

            @Override
            public void failed(Throwable exc, A a) {
                handler.failed(exc, a);
            }
        });
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        checkLockMode(shared);
        ensureOpen();
        FileLock l = locks().tryLock(position, size, shared);
        return l == null ? null : new SiblingLock(this, l);
    }

    private void checkLockMode(boolean shared) {
        if (shared && !file.readable) {
            throw new NonReadableChannelException();
        }
        if (!shared && !file.writable) {
            throw new NonWritableChannelException();
        }
    }

    @Override
    public String toString() {
        return "RusticatedAsynchronousFileChannel[" + file.builtinPath() + ", handle=" + file.handle() + (open ? "" : ", closed") + "]";
    }
}
