package io.rusticated.wasm.jdk;

import io.rusticated.wasm.fs.DirEntry;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A directory's entries, read from the host when the stream opens (OPEN_DIR, READ_DIR batches,
 * CLOSE), resolved against the directory and filtered as they are iterated.
 */
final class HostDirectoryStream implements DirectoryStream<Path>, Iterator<Path> {
    private final Path dir;
    private final List<DirEntry> entries;
    private final Filter<? super Path> filter;
    private int next;
    private Path ahead;
    private boolean iterated;
    private boolean closed;

    HostDirectoryStream(Path dir, List<DirEntry> entries, Filter<? super Path> filter) {
        this.dir = dir;
        this.entries = entries;
        this.filter = filter;
    }

    @Override
    public Iterator<Path> iterator() {
        if (closed) {
            throw new IllegalStateException("Directory stream is closed");
        }
        if (iterated) {
            throw new IllegalStateException("Iterator already obtained");
        }
        iterated = true;
        return this;
    }

    @Override
    public boolean hasNext() {
        while (ahead == null && !closed && next < entries.size()) {
            Path p = dir.resolve(entries.get(next++).name());
            try {
                if (filter == null || filter.accept(p)) {
                    ahead = p;
                }
            } catch (IOException e) {
                throw new DirectoryIteratorException(e);
            }
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

    @Override
    public void close() {
        closed = true;
        ahead = null;
    }
}
