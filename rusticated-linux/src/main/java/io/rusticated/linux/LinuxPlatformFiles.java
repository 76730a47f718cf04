package io.rusticated.linux;

import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.OsError;
import io.rusticated.spi.PlatformFiles;
import io.rusticated.spi.Request;

import java.io.IOException;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystem;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.Set;

/**
 * Linux's answers for the JDK plug-ins, taken from the JDK's own Linux provider
 * ({@code sun.nio.fs.LinuxFileSystemProvider} and the {@code Unix*} classes it builds on): its
 * path bytes, {@code UnixChannelFactory}'s reading of open options, {@code UnixFileModeAttribute}'s
 * initial permissions, {@code /proc/self/fd} to reach an open descriptor, and the {@code unix:}
 * attribute view for owners and file identities.
 */
public final class LinuxPlatformFiles implements PlatformFiles {
    /** The JDK encodes path text with {@code sun.jnu.encoding}; rusticated always with UTF-8. */
    private static final boolean JNU_IS_UTF8 = isUtf8(System.getProperty("sun.jnu.encoding"));

    @Override
    public boolean supportsCurrentOs() {
        return LinuxArch.supports(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    private static boolean isUtf8(String name) {
        try {
            return name == null || Charset.forName(name).equals(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * Under a UTF-8 {@code sun.jnu.encoding}, any text without U+FFFD: the JDK shows bytes that
     * are not UTF-8 (a name read from a directory, a {@code file:} URI with {@code %FF}) as
     * U+FFFD, so such a text may stand for other bytes. Under another encoding, ASCII only.
     */
    @Override
    public boolean faithful(String text) {
        return JNU_IS_UTF8 ? text.indexOf('\uFFFD') < 0 : isAscii(text);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code UnixChannelFactory}'s reading: no READ or WRITE means READ (WRITE with APPEND, for a
     * {@code FileChannel}); CREATE, CREATE_NEW and TRUNCATE_EXISTING count only when writing;
     * CREATE_NEW overrides CREATE. Null for SYNC, DSYNC, DELETE_ON_CLOSE, SPARSE,
     * NOFOLLOW_LINKS, options of other kinds (direct I/O), null, and what the JDK rejects (READ
     * with APPEND, APPEND with TRUNCATE_EXISTING, APPEND on an asynchronous channel).
     */
    @Override
    public OpenRule openRule(Set<? extends OpenOption> options, int mode, boolean asynchronous) {
        boolean read = false;
        boolean write = false;
        boolean append = false;
        boolean truncate = false;
        boolean create = false;
        boolean createNew = false;
        for (OpenOption o : options) {
            if (!(o instanceof StandardOpenOption s)) {
                return null;
            }
            switch (s) {
                case READ -> read = true;
                case WRITE -> write = true;
                case APPEND -> append = true;
                case TRUNCATE_EXISTING -> truncate = true;
                case CREATE -> create = true;
                case CREATE_NEW -> createNew = true;
                default -> {
                    return null;
                }
            }
        }
        if (!read && !write) {
            if (append && !asynchronous) {
                write = true;
            } else {
                read = true;
            }
        }
        if (append && (read || truncate || asynchronous)) {
            return null;
        }
        int flags = (read ? Request.OPEN_READ : 0) | (write && !append ? Request.OPEN_WRITE : 0) | (append ? Request.OPEN_APPEND : 0);
        if (write) {
            flags |= (truncate ? Request.OPEN_TRUNCATE : 0) | (createNew ? Request.OPEN_CREATE_NEW : create ? Request.OPEN_CREATE : 0);
        }
        return new OpenRule(flags, mode);
    }

    /**
     * As {@code UnixChannelFactory.open}: with CREATE_NEW, a name "." is refused as existing
     * before any open (here the kernel's answer for it, whatever it is, stands for that refusal,
     * since an exclusive create of "." never succeeds), and Linux's EISDIR for an existing
     * directory is EEXIST.
     */
    @Override
    public IOException openFailed(String file, OpenRule rule, OsError error) {
        if ((rule.openFlags() & Request.OPEN_CREATE_NEW) != 0 && (namesDot(file) || error.kind() == ErrorKind.IS_A_DIRECTORY)) {
            return new FileAlreadyExistsException(file);
        }
        return error.toException(file, null);
    }

    /** The last name is "." (the empty path is "." in system calls). */
    private static boolean namesDot(String file) {
        return file.isEmpty() || file.equals(".") || file.endsWith("/.");
    }

    /** {@code UnixFileModeAttribute.toUnixMode}: the last {@code posix:permissions} or {@code unix:permissions}. */
    @Override
    public int creationMode(FileAttribute<?>[] attributes, boolean directory) {
        int mode = directory ? 0777 : 0666;
        for (FileAttribute<?> a : attributes) {
            if (a == null || !(a.name().equals("posix:permissions") || a.name().equals("unix:permissions"))
                    || !(a.value() instanceof Set<?> perms)) {
                return NO_MODE;
            }
            int m = 0;
            for (Object p : perms) {
                if (!(p instanceof PosixFilePermission pp)) {
                    return NO_MODE;
                }
                m |= 0400 >> pp.ordinal(); // OWNER_READ .. OTHERS_EXECUTE: bits 0400 .. 0001
            }
            mode = m;
        }
        return mode;
    }

    /** openat(2), unlinkat(2) and statx(2) take a directory descriptor; the JDK's streams here are secure. */
    @Override
    public boolean relativeToDirectories() {
        return true;
    }

    @Override
    public Path handlePath(FileSystem jdk, long handle) {
        return jdk.getPath("/proc/self/fd/" + handle);
    }

    @Override
    public boolean isFile(FileSystemProvider jdk, Path path, long volume, long file) throws IOException {
        Map<String, Object> ids = jdk.readAttributes(path, "unix:dev,ino");
        return Long.valueOf(volume).equals(ids.get("dev")) && Long.valueOf(file).equals(ids.get("ino"));
    }

    @Override
    public long fileNumber(FileSystemProvider jdk, Path path) throws IOException {
        return (Long) jdk.readAttributes(path, "unix:ino", LinkOption.NOFOLLOW_LINKS).get("ino");
    }

    @Override
    public Owner owner(FileSystemProvider jdk, Path path, LinkOption... options) throws IOException {
        Map<String, Object> m = jdk.readAttributes(path, "unix:uid,gid,owner,group", options);
        return new Owner((Integer) m.get("uid"), (UserPrincipal) m.get("owner"), (Integer) m.get("gid"), (GroupPrincipal) m.get("group"));
    }

    /**
     * The JDK's own {@code sun.nio.fs.UnixFileKey(st_dev, st_ino)}, so that a key rusticated gives
     * equals the JDK's for the same file, whichever provider made each (a program may compare one
     * from an attribute view, which the JDK serves, with one from {@code readAttributes}). Reached
     * where {@code java.base} opens {@code sun.nio.fs} to this module: the image's launcher carries
     * {@code --add-opens=java.base/sun.nio.fs=io.rusticated.linux}. Elsewhere {@link DeviceInode}.
     */
    private static final MethodHandle JDK_FILE_KEY = jdkFileKey();

    private static MethodHandle jdkFileKey() {
        try {
            Class<?> c = Class.forName("sun.nio.fs.UnixFileKey");
            if (!c.getModule().isOpen(c.getPackageName(), LinuxPlatformFiles.class.getModule())) {
                return null;
            }
            return MethodHandles.privateLookupIn(c, MethodHandles.lookup()).findConstructor(c, MethodType.methodType(void.class, long.class, long.class));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public Object fileKey(long volume, long file) {
        if (JDK_FILE_KEY != null) {
            try {
                return (Object) JDK_FILE_KEY.invoke(volume, file);
            } catch (Throwable t) {
                throw new AssertionError(t);
            }
        }
        return new DeviceInode(volume, file);
    }

    /**
     * The identity of a file as the JDK's {@code UnixFileKey} has it, where that class cannot be
     * reached: equal for the same file, and printed the same way, the device being {@code st_dev}
     * as glibc encodes it; not equal to the JDK's own key.
     */
    record DeviceInode(long device, long inode) {
        @Override
        public String toString() {
            return "(dev=" + Long.toHexString(device) + ",ino=" + inode + ")";
        }
    }
}
