package io.rusticated.fs;

import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * What the OS knows of a file (statx on Linux). Times are nanoseconds since the Unix epoch;
 * {@code birthTimeNanos} is -1 where the file system does not record it.
 */
public record Metadata(FileType type, long size, int permissions, int uid, int gid, long links, long inode,
                       long device, long blocks, int blockSize, long accessTimeNanos, long modifiedTimeNanos,
                       long changeTimeNanos, long birthTimeNanos) {
    public boolean isRegularFile() {
        return type == FileType.REGULAR;
    }

    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    public boolean isSymbolicLink() {
        return type == FileType.SYMLINK;
    }

    public FileTime lastModifiedTime() {
        return FileTime.from(modifiedTimeNanos, TimeUnit.NANOSECONDS);
    }

    public FileTime lastAccessTime() {
        return FileTime.from(accessTimeNanos, TimeUnit.NANOSECONDS);
    }

    /** Birth time where recorded, else the modification time (as the JDK does). */
    public FileTime creationTime() {
        return FileTime.from(birthTimeNanos >= 0 ? birthTimeNanos : modifiedTimeNanos, TimeUnit.NANOSECONDS);
    }
}
