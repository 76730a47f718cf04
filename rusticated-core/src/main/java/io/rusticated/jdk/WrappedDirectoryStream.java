package io.rusticated.jdk;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Path;
import java.util.Iterator;

/** A built-in directory stream whose entries (and the paths its filter sees) are this file system's. */
final class WrappedDirectoryStream implements DirectoryStream<Path> {
    private final DirectoryStream<Path> builtin;
    private final RusticatedFileSystem fs;

    private WrappedDirectoryStream(DirectoryStream<Path> builtin, RusticatedFileSystem fs) {
        this.builtin = builtin;
        this.fs = fs;
    }

    static DirectoryStream<Path> open(RusticatedFileSystem fs, Path builtinDir, Filter<? super Path> filter) throws IOException {
        DirectoryStream<Path> s = fs.builtin().provider().newDirectoryStream(builtinDir, p -> filter.accept(fs.wrap(p)));
        return new WrappedDirectoryStream(s, fs);
    }

    @Override
    public Iterator<Path> iterator() {
        Iterator<Path> it = builtin.iterator();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Path next() {
                return fs.wrap(it.next());
            }
        };
    }

    @Override
    public void close() throws IOException {
        builtin.close();
    }
}
