package io.rusticated.jdk;

import io.rusticated.fs.OpenOptions;

import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/**
 * The JDK's open options as rusticated {@link OpenOptions}, following the JDK's own reading of
 * them ({@code UnixChannelFactory}): no READ or WRITE means READ (or WRITE with APPEND), CREATE,
 * CREATE_NEW and TRUNCATE_EXISTING count only when writing, and permissions come from a
 * {@code posix:permissions} attribute else 0666 less the umask.
 *
 * <p>{@link #of} answers null for anything rusticated does not express the same way: SYNC,
 * DSYNC, DELETE_ON_CLOSE, SPARSE, NOFOLLOW_LINKS, options of other kinds (the JDK's direct I/O),
 * other initial attributes, and the combinations the JDK rejects (READ with APPEND, APPEND with
 * TRUNCATE_EXISTING). The provider then hands the whole open to the JDK, which opens, or throws
 * the exception it would have thrown anyway.
 */
record OpenRequest(OpenOptions options, boolean readable, boolean writable, boolean append) {
    /** Whether an asynchronous channel is being opened (APPEND is then refused by the JDK). */
    static OpenRequest of(Set<? extends OpenOption> requested, FileAttribute<?>[] attrs, boolean asynchronous) {
        boolean read = false;
        boolean write = false;
        boolean append = false;
        boolean truncate = false;
        boolean create = false;
        boolean createNew = false;
        for (OpenOption o : requested) {
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
        write |= append;
        Integer mode = mode(attrs);
        if (mode == null) {
            return null;
        }
        OpenOptions o = OpenOptions.options().withRead(read).withWrite(write && !append).withAppend(append)
                .withTruncate(write && truncate).withCreate(write && create && !createNew)
                .withCreateNew(write && createNew).withMode(mode);
        return new OpenRequest(o, read, write, append);
    }

    /** The creation mode the attributes ask for (0666 when none), or null if they hold anything else. */
    static Integer mode(FileAttribute<?>[] attrs) {
        return mode(attrs, 0666);
    }

    static Integer mode(FileAttribute<?>[] attrs, int defaultMode) {
        int mode = defaultMode;
        for (FileAttribute<?> a : attrs) {
            if (a == null || !(a.name().equals("posix:permissions") || a.name().equals("unix:permissions"))
                    || !(a.value() instanceof Set<?> perms)) {
                return null;
            }
            int m = 0;
            for (Object p : perms) {
                if (!(p instanceof PosixFilePermission pp)) {
                    return null;
                }
                m |= StatAttributes.mode(Set.of(pp));
            }
            mode = m;
        }
        return mode;
    }
}
