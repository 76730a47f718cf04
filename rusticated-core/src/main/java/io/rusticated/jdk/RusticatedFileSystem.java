package io.rusticated.jdk;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchService;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The file system of {@link RusticatedFileSystemProvider}: the built-in default file system with
 * its paths wrapped, so that I/O on them reaches rusticated's provider. Everything that is not
 * I/O on a path (separators, roots, stores, matchers, principals, watching) is the built-in's.
 */
final class RusticatedFileSystem extends FileSystem {
    private final RusticatedFileSystemProvider provider;
    private final FileSystem builtin;

    RusticatedFileSystem(RusticatedFileSystemProvider provider, FileSystem builtin) {
        this.provider = provider;
        this.builtin = builtin;
    }

    FileSystem builtin() {
        return builtin;
    }

    /** Wraps a built-in path once; this file system's paths, null and other file systems' paths pass as they are. */
    Path wrap(Path p) {
        if (p == null || p instanceof RusticatedPath || p.getFileSystem() != builtin) {
            return p;
        }
        return new RusticatedPath(this, p);
    }

    /** The built-in path inside one of ours; any other path as it is (the built-in then accepts or rejects it). */
    static Path unwrap(Path p) {
        return p instanceof RusticatedPath r ? r.builtin() : p;
    }

    @Override
    public RusticatedFileSystemProvider provider() {
        return provider;
    }

    /** The default file system cannot be closed; the built-in says so. */
    @Override
    public void close() throws IOException {
        builtin.close();
    }

    @Override
    public boolean isOpen() {
        return builtin.isOpen();
    }

    @Override
    public boolean isReadOnly() {
        return builtin.isReadOnly();
    }

    @Override
    public String getSeparator() {
        return builtin.getSeparator();
    }

    @Override
    public Iterable<Path> getRootDirectories() {
        List<Path> roots = new ArrayList<>();
        for (Path p : builtin.getRootDirectories()) {
            roots.add(wrap(p));
        }
        return roots;
    }

    @Override
    public Iterable<FileStore> getFileStores() {
        return builtin.getFileStores();
    }

    @Override
    public Set<String> supportedFileAttributeViews() {
        return builtin.supportedFileAttributeViews();
    }

    @Override
    public Path getPath(String first, String... more) {
        return wrap(builtin.getPath(first, more));
    }

    @Override
    public PathMatcher getPathMatcher(String syntaxAndPattern) {
        PathMatcher m = builtin.getPathMatcher(syntaxAndPattern);
        return path -> m.matches(unwrap(path));
    }

    @Override
    public UserPrincipalLookupService getUserPrincipalLookupService() {
        return builtin.getUserPrincipalLookupService();
    }

    @Override
    public WatchService newWatchService() throws IOException {
        return new RusticatedWatchService(this, builtin.newWatchService());
    }

    @Override
    public String toString() {
        return builtin.toString();
    }
}
