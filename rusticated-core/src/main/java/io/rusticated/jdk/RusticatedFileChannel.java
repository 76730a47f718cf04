package io.rusticated.jdk;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.DirectCalls;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.Channel;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.NonReadableChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Objects;
import java.util.concurrent.CancellationException;

/**
 * A {@link FileChannel} served by rusticated, call for call as the JDK's {@code FileChannelImpl}:
 * reads and writes (sequential at the file position, positional, scattering, gathering),
 * {@code position} (lseek), {@code size}, {@code truncate}, {@code force} and the transfers
 * ({@code copy_file_range} between two rusticated channels, else a loop of reads and writes) are
 * system calls on the calling thread; a sequential read or write of a stream (a pipe, FIFO,
 * terminal or device) is an operation on the loop, so that a close cancels it (see
 * {@link OpenFile}). {@code map} and {@code lock}/{@code tryLock} go to a built-in channel on the
 * same open file, opened the first time one is used ({@link OpenFile#sibling()}), so the JDK's
 * JVM-wide lock table and its overlap checks apply.
 *
 * <p>Interruption is the JDK's: interrupting a thread blocked in a call closes the channel (a
 * stream read or write in flight is cancelled in the kernel) and the thread gets
 * {@link ClosedByInterruptException}; channels behind {@code Files.newInputStream} and
 * {@code newOutputStream} are not interruptible, nor is this channel when
 * {@code Files.readAllBytes} reads through it ({@link UninterruptibleCallers}), as the JDK's are
 * not. An interrupted transfer closes both channels.
 */
final class RusticatedFileChannel extends FileChannel {
    /** As the JDK's: the read/write loop's buffer for a transfer it cannot make inside the OS. */
    private static final int TRANSFER_SIZE = 8192;
    /** Linux's limit on one copy_file_range or sendfile, which the JDK keeps to. */
    private static final int MAX_DIRECT_TRANSFER = 0x7ffff000;

    private final OpenFile file;
    private final Cleaner.Cleanable cleanable;
    private final Object positionLock = new Object();
    private volatile boolean uninterruptible;

    RusticatedFileChannel(OpenFile file) {
        this.file = file;
        this.cleanable = Cleaners.CLEANER.register(this, file.owned());
    }

    /** As the JDK does for the channels behind {@code Files.newInputStream}/{@code newOutputStream}. */
    void setUninterruptible() {
        uninterruptible = true;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }

    /** {@code begin()} unless the channel is uninterruptible, or made so for this call by its caller; whether it began. */
    private boolean beginBlocking() {
        if (uninterruptible || (Thread.currentThread().isInterrupted() && UninterruptibleCallers.calling())) {
            return false;
        }
        begin();
        return true;
    }

    private void endBlocking(boolean began, boolean completed) throws AsynchronousCloseException {
        if (began) {
            end(completed);
        }
    }

    /** What an operation on the loop cancelled by a concurrent close becomes. */
    private IOException closedDuring(RuntimeException e) {
        if (e instanceof CancellationException && !isOpen()) {
            return new AsynchronousCloseException();
        }
        throw e;
    }

    /** The loop for a stream's sequential read or write, or null where this thread cannot wait for it (then the sibling serves). */
    private static EventLoop streamLoop() {
        return Proactor.loop();
    }

    // ---- reading ----

    @Override
    public int read(ByteBuffer dst) throws IOException {
        Objects.requireNonNull(dst);
        ensureOpen();
        if (!file.readable) {
            throw new NonReadableChannelException();
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        synchronized (positionLock) {
            int n = 0;
            boolean began = beginBlocking();
            try {
                if (!isOpen()) {
                    return 0;
                }
                if (!dst.hasRemaining()) {
                    return 0;
                }
                n = sequentialRead(dst);
                return n;
            } catch (RuntimeException e) {
                throw closedDuring(e);
            } finally {
                endBlocking(began, n > 0);
            }
        }
    }

    /** At the file position: on this thread, or for a stream on the loop; -1 at the end. */
    private int sequentialRead(ByteBuffer dst) throws IOException {
        if (file.isStream()) {
            EventLoop loop = streamLoop();
            if (loop == null) {
                return file.sibling().read(dst);
            }
            int n = file.readOnLoop(loop, dst);
            return n == 0 ? -1 : n;
        }
        int n = file.read(dst, -1);
        return n == 0 ? -1 : n;
    }

    @Override
    public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, dsts.length);
        ensureOpen();
        if (!file.readable) {
            throw new NonReadableChannelException();
        }
        for (int i = offset; i < offset + length; i++) {
            if (dsts[i].isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
        }
        long total = 0;
        synchronized (positionLock) {
            for (int i = offset; i < offset + length; i++) {
                ByteBuffer dst = dsts[i];
                if (!dst.hasRemaining()) {
                    continue;
                }
                int want = dst.remaining();
                int n = read(dst);
                if (n < 0) {
                    return total == 0 ? -1 : total;
                }
                total += n;
                if (n < want) {
                    break;
                }
            }
        }
        return total;
    }

    @Override
    public int read(ByteBuffer dst, long position) throws IOException {
        Objects.requireNonNull(dst);
        if (position < 0) {
            throw new IllegalArgumentException("Negative position");
        }
        ensureOpen();
        if (!file.readable) {
            throw new NonReadableChannelException();
        }
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        int n = 0;
        boolean began = beginBlocking();
        try {
            if (!isOpen() || !dst.hasRemaining()) {
                return 0;
            }
            n = file.read(dst, position); // pread: never waits for ever; "Illegal seek" on a stream, as the JDK's
            return n == 0 ? -1 : n;
        } finally {
            endBlocking(began, n > 0);
        }
    }

    // ---- writing ----

    @Override
    public int write(ByteBuffer src) throws IOException {
        Objects.requireNonNull(src);
        ensureOpen();
        if (!file.writable) {
            throw new NonWritableChannelException();
        }
        synchronized (positionLock) {
            int n = 0;
            boolean began = beginBlocking();
            try {
                if (!isOpen()) {
                    return 0;
                }
                n = sequentialWrite(src);
                return n;
            } catch (RuntimeException e) {
                throw closedDuring(e);
            } finally {
                endBlocking(began, n > 0);
            }
        }
    }

    private int sequentialWrite(ByteBuffer src) throws IOException {
        if (file.isStream()) {
            EventLoop loop = streamLoop();
            return loop == null ? file.sibling().write(src) : file.writeOnLoop(loop, src);
        }
        return file.write(src, -1);
    }

    @Override
    public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, srcs.length);
        ensureOpen();
        if (!file.writable) {
            throw new NonWritableChannelException();
        }
        long total = 0;
        synchronized (positionLock) {
            for (int i = offset; i < offset + length; i++) {
                total += write(srcs[i]);
            }
        }
        return total;
    }

    @Override
    public int write(ByteBuffer src, long position) throws IOException {
        Objects.requireNonNull(src);
        if (position < 0) {
            throw new IllegalArgumentException("Negative position");
        }
        ensureOpen();
        if (!file.writable) {
            throw new NonWritableChannelException();
        }
        int n = 0;
        boolean began = beginBlocking();
        try {
            if (!isOpen()) {
                return 0;
            }
            n = file.write(src, position);
            return n;
        } finally {
            endBlocking(began, n > 0);
        }
    }

    // ---- position, size, truncate, force: lseek, fstat, ftruncate, fsync ----

    /** lseek's answer, as the JDK's: the size in append mode, "Illegal seek" on a pipe, 0 on {@code /dev/null}. */
    @Override
    public long position() throws IOException {
        ensureOpen();
        synchronized (positionLock) {
            long p = -1;
            boolean began = beginBlocking();
            try {
                if (!isOpen()) {
                    return 0;
                }
                p = file.append ? file.stat().size() : file.seek(-1);
                return p;
            } finally {
                endBlocking(began, p > -1);
            }
        }
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException();
        }
        synchronized (positionLock) {
            long p = -1;
            boolean began = beginBlocking();
            try {
                if (!isOpen()) {
                    return null;
                }
                p = file.seek(newPosition);
                return this;
            } finally {
                endBlocking(began, p > -1);
            }
        }
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        long s = -1;
        boolean began = beginBlocking();
        try {
            if (!isOpen()) {
                return -1;
            }
            s = file.stat().size();
            return s;
        } finally {
            endBlocking(began, s > -1);
        }
    }

    @Override
    public FileChannel truncate(long size) throws IOException {
        ensureOpen();
        if (size < 0) {
            throw new IllegalArgumentException("Negative size");
        }
        if (!file.writable) {
            throw new NonWritableChannelException();
        }
        synchronized (positionLock) {
            boolean completed = false;
            boolean began = beginBlocking();
            try {
                if (!isOpen()) {
                    return null;
                }
                long current = file.stat().size();
                long p = file.seek(-1);
                if (size < current) {
                    file.truncate(size);
                }
                file.seek(Math.min(p, size)); // as the JDK: the position moves back to the new end
                completed = true;
                return this;
            } finally {
                endBlocking(began, completed);
            }
        }
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        boolean completed = false;
        boolean began = beginBlocking();
        try {
            if (!isOpen()) {
                return;
            }
            file.fsync(!metaData);
            completed = true;
        } finally {
            endBlocking(began, completed);
        }
    }

    // ---- what the JDK's streams ask of its own channel (FileChannelImpl) ----

    /** Neither a regular file, a directory nor a link (a device, FIFO, socket): the streams then read without positions. */
    boolean isOther() throws IOException {
        ensureOpen();
        return file.isOther();
    }

    /**
     * As the JDK's {@code available()} on its channel: for a regular file its size less the
     * position; for a character device, FIFO or socket 0 (the JDK reads FIONREAD's return value,
     * not the count it stores); -1 once closed.
     */
    int available() throws IOException {
        ensureOpen();
        synchronized (positionLock) {
            int a = -1;
            boolean began = beginBlocking();
            try {
                if (!isOpen()) {
                    return -1;
                }
                var m = file.stat();
                long available = switch (m.type()) {
                    case CHAR_DEVICE, FIFO, SOCKET -> 0;
                    default -> (m.type() == io.rusticated.fs.FileType.REGULAR ? m.size() : 0) - file.seek(-1);
                };
                a = (int) Math.min(available, Integer.MAX_VALUE);
                return a;
            } finally {
                endBlocking(began, a > -1);
            }
        }
    }

    // ---- transfers: inside the OS between two rusticated channels, else a read/write loop ----

    @Override
    public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
        ensureOpen();
        if (!target.isOpen()) {
            throw new ClosedChannelException();
        }
        if (!file.readable) {
            throw new NonReadableChannelException();
        }
        if (target instanceof RusticatedFileChannel r && !r.file.writable) {
            throw new NonWritableChannelException();
        }
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException();
        }
        try {
            long size = size();
            if (position > size) {
                return 0;
            }
            // As the JDK: a file that says it is empty (/proc) is read, never copied by the OS.
            if (size > 0) {
                count = Math.min(count, size - position);
                if (target instanceof RusticatedFileChannel r && !r.file.append) {
                    long n = copy(this, position, r, -1, Math.min(count, MAX_DIRECT_TRANSFER));
                    if (n >= 0) {
                        return n;
                    }
                }
            }
            return transferToArbitraryChannel(position, count, target);
        } catch (ClosedChannelException e) {
            throw transferFailed(e, target);
        }
    }

    @Override
    public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
        ensureOpen();
        if (!src.isOpen()) {
            throw new ClosedChannelException();
        }
        if (src instanceof RusticatedFileChannel r && !r.file.readable) {
            throw new NonReadableChannelException();
        }
        if (!file.writable) {
            throw new NonWritableChannelException();
        }
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException();
        }
        try {
            if (src instanceof RusticatedFileChannel r && !file.append && r.size() > 0) {
                long n = copy(r, -1, this, position, count);
                if (n >= 0) {
                    return n;
                }
            }
            return transferFromArbitraryChannel(src, position, count);
        } catch (ClosedChannelException e) {
            throw transferFailed(e, src);
        }
    }

    /**
     * One copy inside the OS ({@code copy_file_range}), as the JDK's direct transfer: this channel
     * (the JDK's source in transferTo, its target in transferFrom) begins and ends the blocking
     * call, so this thread's interruption closes it, and a close of either channel meanwhile is an
     * {@link AsynchronousCloseException}. The count, or {@link DirectCalls#UNSUPPORTED} (nothing
     * copied) where the OS cannot.
     */
    private long copy(RusticatedFileChannel from, long fromPosition, RusticatedFileChannel to, long toPosition, long count) throws IOException {
        boolean completed = false;
        boolean began = beginBlocking();
        try {
            from.ensureOpen();
            to.ensureOpen();
            try {
                long n = from.file.copyTo(to.file, fromPosition, toPosition, count);
                completed = true;
                return n;
            } finally {
                if (!completed && (!from.isOpen() || !to.isOpen())) {
                    throw new AsynchronousCloseException();
                }
            }
        } finally {
            endBlocking(began, completed);
        }
    }

    /** As the JDK's: {@value #TRANSFER_SIZE}-byte reads and writes; what was moved counts even if a later one fails. */
    private long transferToArbitraryChannel(long position, long count, WritableByteChannel target) throws IOException {
        return copyInSteps(position, count, this::read, (bb, pos) -> target.write(bb));
    }

    private long transferFromArbitraryChannel(ReadableByteChannel src, long position, long count) throws IOException {
        return copyInSteps(position, count, (bb, pos) -> src.read(bb), this::write);
    }

    /** One side of {@link #copyInSteps}: a read into, or a write from, the buffer at this file's position {@code pos}. */
    @FunctionalInterface
    private interface Step {
        int apply(ByteBuffer bb, long pos) throws IOException;
    }

    /**
     * Carries up to {@code count} bytes through one buffer, a read then a write at a time, this
     * file's position advancing from {@code position}; stops at the end or at a short write.
     */
    private static long copyInSteps(long position, long count, Step read, Step write) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate((int) Math.min(count, TRANSFER_SIZE));
        long done = 0;
        long pos = position;
        try {
            while (done < count) {
                bb.limit((int) Math.min(count - done, TRANSFER_SIZE));
                int n = read.apply(bb, pos);
                if (n <= 0) {
                    break;
                }
                bb.flip();
                int w = write.apply(bb, pos);
                done += w;
                if (w != n) {
                    break;
                }
                pos += w;
                bb.clear();
            }
            return done;
        } catch (IOException x) {
            if (done > 0) {
                return done;
            }
            throw x;
        }
    }

    /**
     * As the JDK's: a transfer that ended in a closed channel is a {@link ClosedByInterruptException}
     * when this thread was interrupted (and then both channels are closed, as the specification
     * says), else an {@link AsynchronousCloseException}.
     */
    private AsynchronousCloseException transferFailed(ClosedChannelException cce, Channel other) {
        ClosedByInterruptException cbie = null;
        if (cce instanceof ClosedByInterruptException e) {
            cbie = e;
        } else if (!uninterruptible && Thread.currentThread().isInterrupted()) {
            cbie = new ClosedByInterruptException();
        }
        if (cbie != null) {
            try {
                close();
            } catch (IOException ioe) {
                cbie.addSuppressed(ioe);
            }
            try {
                other.close();
            } catch (IOException ioe) {
                cbie.addSuppressed(ioe);
            }
            return cbie;
        }
        if (cce instanceof AsynchronousCloseException ace) {
            return ace;
        }
        AsynchronousCloseException ace = new AsynchronousCloseException();
        ace.addSuppressed(cce);
        return ace;
    }

    // ---- what the JDK serves: mapping and locks ----

    @Override
    public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
        ensureOpen();
        return file.sibling().map(mode, position, size);
    }

    @Override
    public MemorySegment map(MapMode mode, long offset, long size, Arena arena) throws IOException {
        ensureOpen();
        return file.sibling().map(mode, offset, size, arena);
    }

    @Override
    public FileLock lock(long position, long size, boolean shared) throws IOException {
        ensureOpen();
        checkLockMode(shared);
        return new SiblingLock(this, file.sibling().lock(position, size, shared));
    }

    @Override
    public FileLock tryLock(long position, long size, boolean shared) throws IOException {
        ensureOpen();
        checkLockMode(shared);
        FileLock l = file.sibling().tryLock(position, size, shared);
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
    protected void implCloseChannel() throws IOException {
        var closed = file.close();
        cleanable.clean(); // closing the handle again is a no-op; this unregisters it
        EventLoop loop = file.owned().loop();
        if (loop == null || !loop.isLoopThread()) {
            try {
                Proactor.await(closed);
            } catch (RuntimeException e) {
                // the loop closed under us; the descriptor stays open and nothing else can close it
            }
        }
    }

    @Override
    public String toString() {
        return "RusticatedFileChannel[" + file.builtinPath() + ", handle=" + file.handle() + (isOpen() ? "" : ", closed") + "]";
    }
}
