package io.rusticated.wasm.fs;

import io.rusticated.wasm.abi.Host;

/** How {@link File#open} opens a file: the options of rusticated-core's OpenOptions (and Rust's), as host flags. */
public final class OpenOptions {
    private boolean read;
    private boolean write;
    private boolean append;
    private boolean truncate;
    private boolean create;
    private boolean createNew;
    private int mode = 0666;

    public OpenOptions read(boolean on) {
        read = on;
        return this;
    }

    public OpenOptions write(boolean on) {
        write = on;
        return this;
    }

    public OpenOptions append(boolean on) {
        append = on;
        return this;
    }

    public OpenOptions truncate(boolean on) {
        truncate = on;
        return this;
    }

    public OpenOptions create(boolean on) {
        create = on;
        return this;
    }

    public OpenOptions createNew(boolean on) {
        createNew = on;
        return this;
    }

    /** Permission bits of a created file, less the host's umask (default 0666). */
    public OpenOptions mode(int bits) {
        mode = bits;
        return this;
    }

    /** The host flags; rejects combinations Rust's OpenOptions rejects (and the JDK's, with their own exceptions). */
    int flags() {
        if (!read && !write && !append) {
            throw new IllegalArgumentException("OpenOptions: neither read, write nor append");
        }
        if ((truncate || create || createNew) && !(write || append)) {
            throw new IllegalArgumentException("OpenOptions: truncate, create and createNew need write or append");
        }
        if (truncate && append) {
            throw new IllegalArgumentException("OpenOptions: truncate and append together");
        }
        int f = 0;
        if (read) {
            f |= Host.OPEN_READ;
        }
        if (write) {
            f |= Host.OPEN_WRITE;
        }
        if (append) {
            f |= Host.OPEN_APPEND | Host.OPEN_WRITE;
        }
        if (truncate) {
            f |= Host.OPEN_TRUNCATE;
        }
        if (createNew) {
            f |= Host.OPEN_CREATE_NEW;
        } else if (create) {
            f |= Host.OPEN_CREATE;
        }
        return f;
    }

    int mode() {
        return mode;
    }
}
