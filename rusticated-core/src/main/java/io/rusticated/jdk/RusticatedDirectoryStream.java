package io.rusticated.jdk;

import io.rusticated.fs.DirEntry;
import io.rusticated.path.NativePath;
import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.PlatformFiles;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A directory read by rusticated: the directory is opened and its entries come a batch at a time,
 * by system calls on the calling thread (getdents64 on Linux, into a buffer of the stream's own,
 * in the order {@code readdir} gives, so the order is the JDK's), {@code .} and {@code ..} left out. Each entry is the directory path resolved with the
 * entry's name, as the JDK does, and passes the filter before it is returned. A name whose bytes
 * its text does not tell ({@link PlatformFiles#faithful}: on Linux, not UTF-8) would name another
 * file once resolved as text, so that entry is the JDK's own path for it, found by file number in
 * the JDK's listing of the directory ({@link PlatformFiles#fileNumber}).
 *
 * <p>Behaves as the JDK's stream: one iterator only, {@link DirectoryIteratorException} for I/O
 * errors while iterating (naming the directory, as the JDK's) and for a filter's
 * {@link IOException}, and an iterator that simply ends once the stream is closed.
 */
class RusticatedDirectoryStream implements DirectoryStream<Path> {
    final PlatformFiles files;
    final RusticatedFileSystem fs;
    final Path builtinDir;
    private final Path dir;
    final long handle;
    /** The directory as the trace names it. */
    private final NativePath nativeDir;
    private final Filter<? super Path> filter;
    /** Calls on the directory's handle hold it to read, the close to write: the handle is never closed under a call. */
    final ReadWriteLock lock = new ReentrantReadWriteLock();
    /** Where getdents64 writes a batch; given back when the stream closes. */
    private MemorySegment dirents = DirentBuffers.take();
    private volatile boolean closed;
    private boolean iteratorTaken; // guarded by this

    RusticatedDirectoryStream(PlatformFiles files, RusticatedFileSystem fs, Path builtinDir, NativePath nativeDir, long handle,
                              Filter<? super Path> filter) {
        this.files = files;
        this.fs = fs;
        this.builtinDir = builtinDir;
        this.dir = fs.wrap(builtinDir);
        this.nativeDir = nativeDir;
        this.handle = handle;
        this.filter = filter;
    }

    @Override
    public synchronized Iterator<Path> iterator() {
        if (closed) {
            throw new IllegalStateException("Directory stream is closed");
        }
        if (iteratorTaken) {
            throw new IllegalStateException("Iterator already obtained");
        }
        iteratorTaken = true;
        return new Entries();
    }

    @Override
    public void close() throws IOException {
        lock.writeLock().lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            DirentBuffers.give(dirents);
            dirents = null;
            try {
                Calls.close(handle);
            } catch (OsErrorException x) {
                throw JdkErrors.of(x, builtinDir);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** The next batch, or an empty list at the end (or once closed). */
    private List<DirEntry> nextBatch() {
        lock.readLock().lock();
        try {
            if (closed) {
                return List.of();
            }
            return Calls.readDir(handle, nativeDir, dirents);
        } catch (OsErrorException x) {
            throw new DirectoryIteratorException(JdkErrors.of(x, builtinDir));
        } catch (IOException e) {
            throw new DirectoryIteratorException(e);
        } finally {
            lock.readLock().unlock();
        }
    }

    private final class Entries implements Iterator<Path> {
        private List<DirEntry> batch = List.of();
        private int next;
        private boolean atEnd;
        private Path ahead;
        /** The JDK's paths of the entries whose names are not faithful, by file number; read at the first such name. */
        private Map<Long, ArrayDeque<Path>> byNumber;

        private Path readNext() {
            for (;;) {
                if (next >= batch.size()) {
                    if (atEnd) {
                        return null;
                    }
                    batch = nextBatch();
                    next = 0;
                    if (batch.isEmpty()) {
                        atEnd = true;
                        return null;
                    }
                }
                if (isClosed()) {
                    atEnd = true;
                    return null;
                }
                DirEntry listed = batch.get(next++);
                Path entry = files.faithful(listed.name()) ? dir.resolve(listed.name()) : jdkPath(listed);
                if (entry == null) {
                    continue; // gone before the JDK listed the directory
                }
                try {
                    if (filter == null || filter.accept(entry)) {
                        return entry;
                    }
                } catch (IOException e) {
                    throw new DirectoryIteratorException(e);
                }
            }
        }

        /** The JDK's path for an entry whose name's bytes only the JDK keeps, or null if the JDK no longer lists it. */
        private Path jdkPath(DirEntry e) {
            if (byNumber == null) {
                byNumber = new HashMap<>();
                FileSystemProvider jdk = builtinDir.getFileSystem().provider();
                try (DirectoryStream<Path> s = jdk.newDirectoryStream(builtinDir, p -> !files.faithful(p.getFileName().toString()))) {
                    for (Path p : s) {
                        byNumber.computeIfAbsent(files.fileNumber(jdk, p), k -> new ArrayDeque<>()).add(p);
                    }
                } catch (IOException | RuntimeException x) {
                    throw new DirectoryIteratorException(x instanceof IOException io ? io : new IOException(x));
                }
            }
            ArrayDeque<Path> found = byNumber.get(e.inode());
            Path p = found == null ? null : found.poll();
            return p == null ? null : fs.wrap(p);
        }

        @Override
        public boolean hasNext() {
            if (ahead == null && !atEnd) {
                ahead = readNext();
            }
            return ahead != null;
        }

        @Override
        public Path next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Path p = ahead;
            ahead = null;
            return p;
        }
    }
}
