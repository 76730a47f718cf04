package io.rusticated.jdk;

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
 * needed the built-in provider reads {@code unix:uid,gid,owner,group} of the file in one stat,
 * and the principals are remembered by id for the life of the process (as a name service would
 * answer the same). If the file changed owner between the two stats, the built-in's answer for
 * the file at that moment is returned and not remembered.
 */
final class Owners {
    private final FileSystemProvider builtin;
    private final Path builtinPath;
    private final LinkOption[] options;
    private static final Map<Integer, UserPrincipal> USERS = new ConcurrentHashMap<>();
    private static final Map<Integer, GroupPrincipal> GROUPS = new ConcurrentHashMap<>();

    Owners(FileSystemProvider builtin, Path builtinPath, LinkOption[] options) {
        this.builtin = builtin;
        this.builtinPath = builtinPath;
        this.options = options;
    }

    UserPrincipal user(int uid) {
        UserPrincipal p = USERS.get(uid);
        if (p != null) {
            return p;
        }
        Map<String, Object> m = lookup();
        if (m != null) {
            UserPrincipal owner = (UserPrincipal) m.get("owner");
            if (Integer.valueOf(uid).equals(m.get("uid"))) {
                USERS.put(uid, owner);
            }
            return owner;
        }
        return posix().owner();
    }

    GroupPrincipal group(int gid) {
        GroupPrincipal p = GROUPS.get(gid);
        if (p != null) {
            return p;
        }
        Map<String, Object> m = lookup();
        if (m != null) {
            GroupPrincipal group = (GroupPrincipal) m.get("group");
            if (Integer.valueOf(gid).equals(m.get("gid"))) {
                GROUPS.put(gid, group);
            }
            return group;
        }
        return posix().group();
    }

    /** The unix view's ids and principals of the file, or null where there is no unix view. */
    private Map<String, Object> lookup() {
        try {
            return builtin.readAttributes(builtinPath, "unix:uid,gid,owner,group", options);
        } catch (UnsupportedOperationException | IllegalArgumentException e) {
            return null;
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
