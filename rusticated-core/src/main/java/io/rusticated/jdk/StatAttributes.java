package io.rusticated.jdk;

import io.rusticated.fs.FileType;
import io.rusticated.fs.FileKey;
import io.rusticated.fs.Metadata;
import io.rusticated.fs.PosixAttributes;
import io.rusticated.spi.PlatformFiles;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link PosixFileAttributes} (and so {@link java.nio.file.attribute.BasicFileAttributes}) from
 * one rusticated stat, with the values the JDK's own attributes give: times split into seconds
 * and nanoseconds the way {@code UnixFileAttributes} does, creation time falling back to the
 * modification time where the file system has no birth time, "other" meaning neither regular,
 * directory nor link. Owner and group need a name lookup rusticated does not do; they are
 * resolved on first call through {@link Owners}.
 */
final class StatAttributes implements PosixFileAttributes {
    private final Metadata meta;
    private final PlatformFiles files;
    private final Owners owners;

    StatAttributes(Metadata meta, PlatformFiles files, Owners owners) {
        this.meta = meta;
        this.files = files;
        this.owners = owners;
    }

    Metadata metadata() {
        return meta;
    }

    /**
     * The basic attributes alone, as the JDK answers a request for {@link BasicFileAttributes}:
     * an object that is not also a {@link PosixFileAttributes}.
     */
    BasicFileAttributes basic() {
        return new Basic(this);
    }

    private record Basic(StatAttributes a) implements BasicFileAttributes {
        @Override
        public FileTime lastModifiedTime() {
            return a.lastModifiedTime();
        }

        @Override
        public FileTime lastAccessTime() {
            return a.lastAccessTime();
        }

        @Override
        public FileTime creationTime() {
            return a.creationTime();
        }

        @Override
        public boolean isRegularFile() {
            return a.isRegularFile();
        }

        @Override
        public boolean isDirectory() {
            return a.isDirectory();
        }

        @Override
        public boolean isSymbolicLink() {
            return a.isSymbolicLink();
        }

        @Override
        public boolean isOther() {
            return a.isOther();
        }

        @Override
        public long size() {
            return a.size();
        }

        @Override
        public Object fileKey() {
            return a.fileKey();
        }

        @Override
        public String toString() {
            return "BasicFileAttributes[" + a.meta + "]";
        }
    }

    static FileTime fileTime(long epochNanos) {
        long sec = Math.floorDiv(epochNanos, 1_000_000_000L);
        long nsec = Math.floorMod(epochNanos, 1_000_000_000L);
        return nsec == 0 ? FileTime.from(sec, TimeUnit.SECONDS) : FileTime.from(epochNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public FileTime lastModifiedTime() {
        return fileTime(meta.modifiedTimeNanos());
    }

    @Override
    public FileTime lastAccessTime() {
        return fileTime(meta.accessTimeNanos());
    }

    @Override
    public FileTime creationTime() {
        return meta.birthTimeNanos() >= 0 ? fileTime(meta.birthTimeNanos()) : lastModifiedTime();
    }

    @Override
    public boolean isRegularFile() {
        return meta.type() == FileType.REGULAR;
    }

    @Override
    public boolean isDirectory() {
        return meta.type() == FileType.DIRECTORY;
    }

    @Override
    public boolean isSymbolicLink() {
        return meta.type() == FileType.SYMLINK;
    }

    @Override
    public boolean isOther() {
        return !isRegularFile() && !isDirectory() && !isSymbolicLink();
    }

    @Override
    public long size() {
        return meta.size();
    }

    /** The JDK's kind of key for this file, as the OS module makes it ({@link PlatformFiles#fileKey}). */
    @Override
    public Object fileKey() {
        FileKey key = meta.fileKey();
        return key == null ? null : files.fileKey(key.volume(), key.file());
    }

    private PosixAttributes posix() {
        PosixAttributes p = meta.posix();
        if (p == null) {
            throw new UnsupportedOperationException("no POSIX attributes on " + System.getProperty("os.name"));
        }
        return p;
    }

    @Override
    public UserPrincipal owner() {
        return owners.user(posix().uid());
    }

    @Override
    public GroupPrincipal group() {
        return owners.group(posix().gid());
    }

    @Override
    public Set<PosixFilePermission> permissions() {
        int bits = posix().permissions();
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] all = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE: bits 0400 .. 0001
        for (int i = 0; i < all.length; i++) {
            if ((bits & (0400 >> i)) != 0) {
                perms.add(all[i]);
            }
        }
        return perms;
    }
}
