package io.rusticated.jdk;

import io.rusticated.fs.DirEntry;
import io.rusticated.path.NativePath;
import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A directory read by rusticated: the directory is opened on the loop and its entries come a
 * batch at a time (getdents64 on Linux, in the order {@code readdir} gives, so the order is the
 * JDK's), {@code .} and {@code ..} left out. Each entry is the directory path resolved with the
 * entry's name, as the JDK does, and passes the filter before it is returned.
 *
 * <p>Behaves as the JDK's stream: one iterator only, {@link DirectoryIteratorException} for I/O
 * errors while iterating and for a filter's {@link IOException}, and an iterator that simply ends
 * once the stream is closed.
 */
final class RusticatedDirectoryStream implements DirectoryStream<Path> {
    private final EventLoop loop;
    private final Path dir;
    private final NativePath nativeDir;
    private final long handle;
    private final Filter<? super Path> filter;
    private boolean closed; // guarded by this
    private boolean iteratorTaken; // guarded by this

    RusticatedDirectoryStream(EventLoop loop, Path dir, NativePath nativeDir, long handle, Filter<? super Path> filter) {
        this.loop = loop;
        this.dir = dir;
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
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (loop.isClosed() || loop.isLoopThread()) {
            return; // nowhere to send the close; the descriptor stays open
        }
        Calls.close(loop, handle);
    }

    private synchronized boolean isClosed() {
        return closed;
    }

    /** The next batch, or an empty list at the end (or once closed). */
    private List<DirEntry> nextBatch() {
        synchronized (this) {
            if (closed) {
                return List.of();
            }
            try {
                return Calls.readDir(loop, handle, nativeDir);
            } catch (IOException e) {
                throw new DirectoryIteratorException(e);
            }
        }
    }

    private final class Entries implements Iterator<Path> {
        private List<DirEntry> batch = List.of();
        private int next;
        private boolean atEnd;
        private Path ahead;

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
                Path entry = dir.resolve(batch.get(next++).name());
                try {
                    if (filter == null || filter.accept(entry)) {
                        return entry;
                    }
                } catch (IOException e) {
                    throw new DirectoryIteratorException(e);
                }
            }
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
