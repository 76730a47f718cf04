package io.rusticated.spi;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.spi.FileSystemProvider;
import java.util.Set;

/**
 * What the JDK plug-ins ({@code io.rusticated.jdk}) must know of the OS's own JDK file system
 * provider to serve its calls as it would, where that differs per OS: which bytes a path's text
 * stands for, how the JDK reads open options and initial attributes, how the JDK reaches the file
 * behind an open handle, and how it shows owners and file keys. One implementation per OS, found
 * with {@link java.util.ServiceLoader} ({@link Platform#files()}): Linux's follows
 * {@code sun.nio.fs.UnixChannelFactory} and the {@code unix:} attribute view; a Windows one would
 * follow {@code WindowsChannelFactory} (UTF-16 paths, always faithful; {@code fileKey()} null;
 * {@code posix:} attributes refused, so such opens are the JDK's).
 *
 * <p>Nothing here makes a system call of rusticated's own; the methods given the JDK's provider
 * ask it, through its attribute views, what only it knows.
 */
public interface PlatformFiles {
    /** What {@link #creationMode} answers for initial attributes rusticated does not express. */
    int NO_MODE = -1;

    boolean supportsCurrentOs();

    /**
     * Whether the OS gets the same name from rusticated as from the JDK for a path or file name
     * with this text. rusticated encodes the text ({@link io.rusticated.path.NativePath}); the
     * JDK's path may keep other bytes behind the same text (on Linux: any non-ASCII text under a
     * {@code sun.jnu.encoding} other than UTF-8, and under UTF-8 a text holding U+FFFD, which is
     * how the JDK shows bytes that are not UTF-8).
     */
    boolean faithful(String text);

    /**
     * How the JDK's channel factory opens a file for these options, or null where rusticated
     * would not open it the same way: options it does not express, and the combinations the JDK
     * rejects (which the JDK then rejects itself).
     *
     * @param mode         the permission bits for a file it creates ({@link #creationMode})
     * @param asynchronous for an {@link java.nio.channels.AsynchronousFileChannel}
     */
    OpenRule openRule(Set<? extends OpenOption> options, int mode, boolean asynchronous);

    /** The exception the JDK's channel factory throws for {@code file} when the open {@code rule} describes failed with {@code error}. */
    IOException openFailed(String file, OpenRule rule, OsError error);

    /**
     * The permission bits a file or directory created with these initial attributes asks for
     * (0666 or 0777, less the umask, where there are none), or {@link #NO_MODE} where the JDK
     * would refuse them or do more than set permission bits.
     */
    int creationMode(FileAttribute<?>[] attributes, boolean directory);

    /**
     * A path through which the JDK's provider opens exactly the file an open handle has open, even
     * if it was renamed or removed since (Linux: {@code /proc/self/fd/N}), or null where the OS has
     * none (then the file is reopened by its path and checked with {@link #isFile}).
     */
    Path handlePath(FileSystem jdk, long handle);

    /**
     * Whether the file at {@code path} is the file with this identity (a
     * {@code io.rusticated.fs.FileKey}'s volume and file number), by the JDK's attributes of it.
     *
     * @throws UnsupportedOperationException where the JDK shows no identity of a file
     */
    boolean isFile(FileSystemProvider jdk, Path path, long volume, long file) throws IOException;

    /** The file number (inode) of the file at {@code path}, not following a link, by the JDK's attributes of it. */
    long fileNumber(FileSystemProvider jdk, Path path) throws IOException;

    /**
     * The JDK's principals for the owner and group of the file at {@code path}, with their numeric
     * ids, read together; null where the OS's files have no numeric owner.
     */
    Owner owner(FileSystemProvider jdk, Path path, LinkOption... options) throws IOException;

    /**
     * What the JDK's {@code BasicFileAttributes.fileKey()} is for the file with this identity:
     * equal for the same file and printed as the JDK prints its own; null where the JDK has none.
     */
    Object fileKey(long volume, long file);

    /**
     * Whether the JDK's directory streams are {@link java.nio.file.SecureDirectoryStream}s here,
     * and the OS module's {@link DirectCalls} take a path relative to a directory handle, so
     * rusticated's can be too (the JDK's Linux and macOS providers; not Windows').
     */
    default boolean relativeToDirectories() {
        return false;
    }

    /**
     * An open as the JDK's channel factory does it.
     *
     * @param openFlags the {@code Request.OPEN_*} bits
     * @param mode      the permission bits of a file it creates
     */
    record OpenRule(int openFlags, int mode) {
        public boolean readable() {
            return (openFlags & Request.OPEN_READ) != 0;
        }

        public boolean writable() {
            return (openFlags & (Request.OPEN_WRITE | Request.OPEN_APPEND)) != 0;
        }

        public boolean append() {
            return (openFlags & Request.OPEN_APPEND) != 0;
        }
    }

    /** A file's owner and group as the JDK names them, with their ids. */
    record Owner(int uid, UserPrincipal user, int gid, GroupPrincipal group) {
    }
}
