package io.rusticated.jdk;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Objects;

/**
 * A path of the {@link RusticatedFileSystem}: the built-in provider's path inside, so that every
 * syntactic operation (resolve, relativize, normalize, compare, URI) is exactly the JDK's, and the
 * file system it reports is the wrapper, so that {@code Files} sends I/O to rusticated's provider.
 *
 * <p>Results are wrapped once: a path is never wrapped in a wrapper. Paths given as arguments may
 * be this file system's or the built-in one's (the JDK keeps a few built-in paths made before the
 * default file system existed); any other kind gets the built-in's
 * {@link java.nio.file.ProviderMismatchException}.
 */
final class RusticatedPath implements Path {
    private final RusticatedFileSystem fs;
    private final Path builtin;

    RusticatedPath(RusticatedFileSystem fs, Path builtin) {
        if (builtin instanceof RusticatedPath) {
            throw new IllegalArgumentException("a rusticated path must wrap a built-in path, not another wrapper");
        }
        this.fs = fs;
        this.builtin = builtin;
    }

    /** The built-in provider's path this one stands for. */
    Path builtin() {
        return builtin;
    }

    private Path wrap(Path p) {
        return fs.wrap(p);
    }

    @Override
    public RusticatedFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return builtin.isAbsolute();
    }

    @Override
    public Path getRoot() {
        return wrap(builtin.getRoot());
    }

    @Override
    public Path getFileName() {
        return wrap(builtin.getFileName());
    }

    @Override
    public Path getParent() {
        return wrap(builtin.getParent());
    }

    @Override
    public int getNameCount() {
        return builtin.getNameCount();
    }

    @Override
    public Path getName(int index) {
        return wrap(builtin.getName(index));
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        return wrap(builtin.subpath(beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        return builtin.startsWith(RusticatedFileSystem.unwrap(other));
    }

    @Override
    public boolean startsWith(String other) {
        return builtin.startsWith(other);
    }

    @Override
    public boolean endsWith(Path other) {
        return builtin.endsWith(RusticatedFileSystem.unwrap(other));
    }

    @Override
    public boolean endsWith(String other) {
        return builtin.endsWith(other);
    }

    @Override
    public Path normalize() {
        return wrap(builtin.normalize());
    }

    @Override
    public Path resolve(Path other) {
        return wrap(builtin.resolve(RusticatedFileSystem.unwrap(other)));
    }

    @Override
    public Path resolve(String other) {
        return wrap(builtin.resolve(other));
    }

    @Override
    public Path resolveSibling(Path other) {
        return wrap(builtin.resolveSibling(RusticatedFileSystem.unwrap(other)));
    }

    @Override
    public Path resolveSibling(String other) {
        return wrap(builtin.resolveSibling(other));
    }

    @Override
    public Path relativize(Path other) {
        return wrap(builtin.relativize(RusticatedFileSystem.unwrap(other)));
    }

    @Override
    public URI toUri() {
        return builtin.toUri();
    }

    @Override
    public Path toAbsolutePath() {
        return wrap(builtin.toAbsolutePath());
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        return wrap(builtin.toRealPath(options));
    }

    /**
     * A {@link File} as for any path of the default file system. (The built-in path itself would
     * refuse: once this file system is the default, the built-in one is not.)
     */
    @Override
    public File toFile() {
        return new File(toString());
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) throws IOException {
        Objects.requireNonNull(watcher, "watcher");
        if (watcher instanceof RusticatedWatchService w) {
            return w.register(this, events, modifiers);
        }
        return builtin.register(watcher, events, modifiers);
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>... events) throws IOException {
        return register(watcher, events, new WatchEvent.Modifier[0]);
    }

    @Override
    public int compareTo(Path other) {
        return builtin.compareTo(RusticatedFileSystem.unwrap(other));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RusticatedPath p && builtin.equals(p.builtin);
    }

    @Override
    public int hashCode() {
        return builtin.hashCode();
    }

    @Override
    public String toString() {
        return builtin.toString();
    }
}
