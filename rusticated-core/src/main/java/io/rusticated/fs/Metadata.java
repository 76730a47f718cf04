package io.rusticated.fs;

import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What the OS knows of a file, OS-neutrally, plus what only some OSes have. Times are nanoseconds
 * since the Unix epoch; {@code birthTimeNanos} is -1 where the file system does not record it.
 *
 * @param fileKey the file's identity where the OS gives one (device and inode on Unix), else null
 * @param posix   owner, permission bits, links and the like, where the OS has them (null on Windows)
 */
public record Metadata(FileType type, long size, long accessTimeNanos, long modifiedTimeNanos, long birthTimeNanos,
                       FileKey fileKey, PosixAttributes posix) {
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

    /** The POSIX attributes, where the OS has them. */
    public Optional<PosixAttributes> posixAttributes() {
        return Optional.ofNullable(posix);
    }

    /** The permission bits (07777) where the OS has them, else {@code orElse}. */
    public int permissionsOr(int orElse) {
        return posix != null ? posix.permissions() : orElse;
    }
}
