package io.rusticated.fs;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Request;

import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

/**
 * How to open a file, as Rust's {@code OpenOptions}: any combination of read, write, append,
 * truncate, create and create-new, plus the permission bits for a created file and direct I/O.
 * Immutable: each setter returns a new value.
 */
public record OpenOptions(boolean read, boolean write, boolean append, boolean truncate, boolean create,
                          boolean createNew, int mode, boolean direct) {
    public OpenOptions {
        if ((mode & ~07777) != 0) {
            throw new IllegalArgumentException("mode has bits outside 07777: " + Integer.toOctalString(mode));
        }
    }

    /** Nothing set, mode 0666 (less the umask). */
    public static OpenOptions options() {
        return new OpenOptions(false, false, false, false, false, false, 0666, false);
    }

    public static OpenOptions readOnly() {
        return options().withRead(true);
    }

    /** Write, create, truncate. */
    public static OpenOptions createTruncate() {
        return options().withWrite(true).withCreate(true).withTruncate(true);
    }

    public OpenOptions withRead(boolean v) {
        return new OpenOptions(v, write, append, truncate, create, createNew, mode, direct);
    }

    public OpenOptions withWrite(boolean v) {
        return new OpenOptions(read, v, append, truncate, create, createNew, mode, direct);
    }

    public OpenOptions withAppend(boolean v) {
        return new OpenOptions(read, write, v, truncate, create, createNew, mode, direct);
    }

    public OpenOptions withTruncate(boolean v) {
        return new OpenOptions(read, write, append, v, create, createNew, mode, direct);
    }

    public OpenOptions withCreate(boolean v) {
        return new OpenOptions(read, write, append, truncate, v, createNew, mode, direct);
    }

    public OpenOptions withCreateNew(boolean v) {
        return new OpenOptions(read, write, append, truncate, create, v, mode, direct);
    }

    public OpenOptions withMode(int v) {
        return new OpenOptions(read, write, append, truncate, create, createNew, v, direct);
    }

    /** Bypass the page cache (O_DIRECT on Linux); buffers, offsets and lengths must then be block-aligned. */
    public OpenOptions withDirect(boolean v) {
        return new OpenOptions(read, write, append, truncate, create, createNew, mode, v);
    }

    /** Checks the combination the way Rust does: a clear error instead of a surprising EINVAL. */
    public void validate() {
        if (!read && !write && !append) {
            throw new IllegalArgumentException("open options need read, write or append");
        }
        if ((truncate || create || createNew) && !(write || append)) {
            throw new IllegalArgumentException("create, createNew and truncate need write or append");
        }
        if (truncate && append) {
            throw new IllegalArgumentException("truncate and append together make no sense");
        }
    }

    /** These options as the {@code OPEN_*} bits of an OPEN request. */
    public int openFlags() {
        int f = 0;
        f |= read ? Request.OPEN_READ : 0;
        f |= write ? Request.OPEN_WRITE : 0;
        f |= append ? Request.OPEN_APPEND : 0;
        f |= truncate ? Request.OPEN_TRUNCATE : 0;
        f |= create ? Request.OPEN_CREATE : 0;
        f |= createNew ? Request.OPEN_CREATE_NEW : 0;
        f |= direct ? Request.OPEN_DIRECT : 0;
        return f;
    }

    /** Opens on the {@link EventLoop#current() current} loop. */
    public CompletionStage<File> open(Path path) {
        return File.open(path, this);
    }
}
