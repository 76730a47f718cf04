package io.rusticated.jdk;

import io.rusticated.spi.PlatformFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The JDK's user and group principals for numeric ids. rusticated has no user database lookup,
 * and the JDK makes its principals only from a file's attributes; so the first time an id is
 * needed the JDK reads the file's owner and group with their ids in one stat
 * ({@link PlatformFiles#owner}), and the principals are remembered by id for the life of the
 * process (as a name service would answer the same). If the file changed owner between the two
 * stats, the JDK's answer for the file at that moment is returned and not remembered.
 */
final class Owners {
    private static final Map<Integer, UserPrincipal> USERS = new ConcurrentHashMap<>();
    private static final Map<Integer, GroupPrincipal> GROUPS = new ConcurrentHashMap<>();

    private final PlatformFiles files;
    private final FileSystemProvider builtin;
    private final Path builtinPath;
    private final LinkOption[] options;

    Owners(PlatformFiles files, FileSystemProvider builtin, Path builtinPath, LinkOption[] options) {
        this.files = files;
        this.builtin = builtin;
        this.builtinPath = builtinPath;
        this.options = options;
    }

    UserPrincipal user(int uid) {
        UserPrincipal p = USERS.get(uid);
        if (p != null) {
            return p;
        }
        PlatformFiles.Owner o = lookup();
        if (o == null) {
            return posix().owner();
        }
        if (o.uid() == uid) {
            USERS.put(uid, o.user());
        }
        return o.user();
    }

    GroupPrincipal group(int gid) {
        GroupPrincipal p = GROUPS.get(gid);
        if (p != null) {
            return p;
        }
        PlatformFiles.Owner o = lookup();
        if (o == null) {
            return posix().group();
        }
        if (o.gid() == gid) {
            GROUPS.put(gid, o.group());
        }
        return o.group();
    }

    /** The file's owner and group with their ids, or null where the OS has no numeric owners. */
    private PlatformFiles.Owner lookup() {
        try {
            return files.owner(builtin, builtinPath, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of " + builtinPath, e);
        }
    }

    private PosixFileAttributes posix() {
        try {
            return builtin.readAttributes(builtinPath, PosixFileAttributes.class, options);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the owner of " + builtinPath, e);
        }
    }
}
