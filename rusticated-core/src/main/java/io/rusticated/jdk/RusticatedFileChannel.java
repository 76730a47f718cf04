package io.rusticated.jdk;

import io.rusticated.fs.FileType;
import io.rusticated.fs.Metadata;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.ref.Cleaner;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.AsynchronousCloseException;
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
 * A {@link FileChannel} served by rusticated: read, write (sequential, positional, scattering,
 * gathering), position, size, truncate, force and the transfers are operations on the loop,
 * waited for by the calling thread. Three features need the JDK and go to a built-in channel on
 * the same open file, opened the first time one is used (see {@link OpenFile#sibling()}):
 * {@code map}, {@code lock}/{@code tryLock} (so the JDK's JVM-wide lock table and its overlap
 * checks apply) and any I/O called on the loop thread itself.
 *
 * <p>Interruption behaves as the JDK's: interrupting a thread blocked in an operation closes the
 * channel (the operations in flight are cancelled in the kernel) and the thread gets
 * {@link java.nio.channels.ClosedByInterruptException}; channels behind {@code Files.newInputStream}
 * and {@code newOutputStream} are not interruptible, as the JDK's are not.
 *
 * <p>Sequential reads and writes use the OS file position, as the JDK's do, and the channel
 * counts along; once {@code position(long)} moves it (rusticated has no lseek) they become
 * positional at the channel's own position. So no extra system call is made to find out what
 * kind of file this is unless the position is asked for or set: then an fstat tells whether the
 * file can seek, and on a pipe {@code position()} fails with "Illegal seek" as with the JDK.
 * Append channels write at the end and report the size as their position, as the JDK's do.
 */
final class RusticatedFileChannel extends FileChannel {
    private static final int TRANSFER_SIZE = 64 * 1024;

    private final OpenFile file;
    private final Cleaner.Cleanable cleanable;
    private final Object positionLock = new Object();
    /** The channel's position; while {@link #explicit} is false the OS file position is the same. Guarded by positionLock. */
    private long position;
    /** Set once the position was moved by {@link #position(long)}: sequential I/O is positional from then on. */
    private boolean explicit;
    /** 0 not yet known, 1 the file can seek, -1 it cannot (pipe, character device, socket). Guarded by positionLock. */
    private int seekable;
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

    private void beginBlocking() {
        if (!uninterruptible) {
            begin();
        }
    }

    private void endBlocking(boolean completed) throws AsynchronousCloseException {
        if (!uninterruptible) {
            end(completed);
        }
    }

    /** What an operation cancelled by a concurrent close becomes. */
    private IOException closedDuring(RuntimeException e) {
        if (e instanceof CancellationException && !isOpen()) {
            return new AsynchronousCloseException();
        }
        throw e;
    }

    private static int seekableOf(FileType t) {
        return t == FileType.REGULAR || t == FileType.DIRECTORY || t == FileType.BLOCK_DEVICE ? 1 : -1;
    }

    /**
     * Whether the file can seek, learnt once: from an fstat on the loop (which {@link #size()}
     * gives for free), or on the loop thread from whether the sibling can tell its position.
     */
    private boolean canSeek() throws IOException {
        if (seekable == 0) {
            if (file.servable()) {
                seekable = seekableOf(Proactor.await(file.stat()).type());
            } else {
                try {
                    file.sibling().position();
                    seekable = 1;
                } catch (ClosedChannelException e) {
                    throw e;
                } catch (IOException e) {
                    seekable = -1;
                }
            }
        }
        return seekable > 0;
    }

    /**
     * Where sequential I/O happens: -1 (the OS file position, which then moves as ours does) until
     * the position is set explicitly, the channel's position after that.
     */
    private long sequentialOffset() {
        return explicit ? position : -1;
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
            try {
                beginBlocking();
                if (!isOpen()) {
                    return 0;
                }
                if (!file.servable()) {
                    n = readOnSibling(dst);
                } else if (!dst.hasRemaining()) {
                    return 0;
                } else {
                    n = file.readInto(dst, sequentialOffset());
                    n = n == 0 ? -1 : n;
                }
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (RuntimeException e) {
                throw closedDuring(e);
            } finally {
                endBlocking(n > 0);
            }
        }
    }

    /** Loop thread: a sequential read through the built-in sibling, at our position (the OS position goes stale). */
    private int readOnSibling(ByteBuffer dst) throws IOException {
        FileChannel s = file.sibling();
        if (!canSeek()) {
            return s.read(dst);
        }
        explicit = true;
        return s.read(dst, position);
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
        try {
            beginBlocking();
            if (!isOpen()) {
                return 0;
            }
            if (!file.servable()) {
                n = file.sibling().read(dst, position);
                return n;
            }
            if (!dst.hasRemaining()) {
                return 0;
            }
            n = file.readInto(dst, position);
            return n == 0 ? -1 : n;
        } catch (RuntimeException e) {
            throw closedDuring(e);
        } finally {
            endBlocking(n > 0);
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
            try {
                beginBlocking();
                if (!isOpen()) {
                    return 0;
                }
                if (!file.servable()) {
                    n = writeOnSibling(src);
                } else {
                    n = file.writeFrom(src, file.append ? -1 : sequentialOffset());
                }
                position += n;
                return n;
            } catch (RuntimeException e) {
                throw closedDuring(e);
            } finally {
                endBlocking(n > 0);
            }
        }
    }

    /** Loop thread: a sequential write through the built-in sibling (appending, at our position, or at the OS position of a pipe). */
    private int writeOnSibling(ByteBuffer src) throws IOException {
        FileChannel s = file.sibling();
        if (file.append || !canSeek()) {
            return s.write(src);
        }
        explicit = true;
        return s.write(src, position);
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
        try {
            beginBlocking();
            if (!isOpen()) {
                return 0;
            }
            n = file.servable() ? file.writeFrom(src, position) : file.sibling().write(src, position);
            return n;
        } catch (RuntimeException e) {
            throw closedDuring(e);
        } finally {
            endBlocking(n > 0);
        }
    }

    // ---- position, size, truncate, force ----

    /** In append mode the size, as the JDK answers; on a pipe "Illegal seek", as lseek answers the JDK. */
    @Override
    public long position() throws IOException {
        ensureOpen();
        if (file.append) {
            return size();
        }
        synchronized (positionLock) {
            if (!canSeek()) {
                throw new IOException("Illegal seek");
            }
            return position;
        }
    }

    @Override
    public FileChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException();
        }
        synchronized (positionLock) {
            if (!canSeek()) {
                throw new IOException("Illegal seek");
            }
            position = newPosition;
            explicit = true;
            return this;
        }
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        boolean completed = false;
        try {
            beginBlocking();
            if (!file.servable()) {
                return file.sibling().size();
            }
            Metadata m = Proactor.await(file.stat());
            if (seekable == 0) {
                seekable = seekableOf(m.type()); // a benign race: every thread computes the same
            }
            completed = true;
            return m.size();
        } catch (RuntimeException e) {
            throw closedDuring(e);
        } finally {
            endBlocking(completed);
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
            try {
                beginBlocking();
                if (!file.servable()) {
                    file.sibling().truncate(size);
                } else if (size < Proactor.await(file.stat()).size()) {
                    Proactor.await(file.truncate(size));
                }
                if (position > size) {
                    position = size;
                    explicit = true; // the JDK moves the OS position here; ours is the channel's from now on
                }
                completed = true;
                return this;
            } catch (RuntimeException e) {
                throw closedDuring(e);
            } finally {
                endBlocking(completed);
            }
        }
    }

    @Override
    public void force(boolean metaData) throws IOException {
        ensureOpen();
        boolean completed = false;
        try {
            beginBlocking();
            if (!file.servable()) {
                file.sibling().force(metaData);
            } else {
                Proactor.await(file.fsync(!metaData));
            }
            completed = true;
        } catch (RuntimeException e) {
            throw closedDuring(e);
        } finally {
            endBlocking(completed);
        }
    }

    // ---- transfers: loops of served reads and writes ----

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
        if (position > size()) {
            return 0;
        }
        ByteBuffer bb = ByteBuffer.allocate((int) Math.min(count, TRANSFER_SIZE));
        long done = 0;
        while (done < count) {
            bb.clear().limit((int) Math.min(count - done, bb.capacity()));
            int n = read(bb, position + done);
            if (n <= 0) {
                break;
            }
            bb.flip();
            int w = target.write(bb);
            done += w;
            if (w < n) {
                break;
            }
        }
        return done;
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
        ByteBuffer bb = ByteBuffer.allocate((int) Math.min(count, TRANSFER_SIZE));
        long done = 0;
        while (done < count) {
            bb.clear().limit((int) Math.min(count - done, bb.capacity()));
            int n = src.read(bb);
            if (n <= 0) {
                break;
            }
            bb.flip();
            int w = write(bb, position + done);
            done += w;
            if (w != n) {
                break;
            }
        }
        return done;
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
        if (file.servable()) {
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
