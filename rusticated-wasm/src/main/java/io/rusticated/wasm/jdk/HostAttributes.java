package io.rusticated.wasm.jdk;

import io.rusticated.wasm.fs.Metadata;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/** BasicFileAttributes from one host stat, as the JDK's UnixFileAttributes reads them. */
final class HostAttributes implements BasicFileAttributes {
    private final Metadata m;

    HostAttributes(Metadata m) {
        this.m = m;
    }

    @Override
    public FileTime lastModifiedTime() {
        return FileTime.from(m.modifiedNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public FileTime lastAccessTime() {
        return FileTime.from(m.accessedNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public FileTime creationTime() {
        return FileTime.from(m.createdNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isRegularFile() {
        return m.isFile();
    }

    @Override
    public boolean isDirectory() {
        return m.isDirectory();
    }

    @Override
    public boolean isSymbolicLink() {
        return m.isSymlink();
    }

    @Override
    public boolean isOther() {
        return m.isOther();
    }

    @Override
    public long size() {
        return m.size();
    }

    @Override
    public Object fileKey() {
        return m.inode() == 0 ? null : Long.valueOf(m.inode());
    }
}
