package io.rusticated.wasm.fs;

import io.rusticated.wasm.abi.StatRecord;
import io.rusticated.wasm.rt.LinearMemory;
import io.rusticated.wasm.rt.Operation;
import io.rusticated.wasm.rt.Proactor;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;

/**
 * A file open on the host. Each call is one operation (or one per {@link #CHUNK} of data) that
 * the calling fiber waits for; the bytes pass through a linear-memory region the host reads or
 * fills in one call, then one copy between that region and the caller's array.
 */
public final class File implements AutoCloseable {
    /** The most one read or write moves (as the JDK plug-ins of rusticated-core do). */
    public static final int CHUNK = 1 << 20;

    private final String path;
    private int handle;

    private File(String path, int handle) {
        this.path = path;
        this.handle = handle;
    }

    public static File open(String path, OpenOptions options) throws IOException {
        int flags = options.flags();
        Operation op = Operation.open(HostPaths.encode(path), flags, options.mode());
        int fd = Proactor.await(op);
        op.release();
        return new File(path, HostErrors.checkPath(fd, path, null));
    }

    /** A file of the host that is open already (standard input, output and error: 0, 1, 2). */
    public static File ofHandle(int handle, String name) {
        return new File(name, handle);
    }

    public String path() {
        return path;
    }

    public int handle() throws IOException {
        if (handle < 0) {
            throw new ClosedChannelException();
        }
        return handle;
    }

    /** Reads at the file position; returns the count, 0 at the end (or when len is 0). */
    public int read(byte[] b, int off, int len) throws IOException {
        return transfer(true, b, off, len, -1);
    }

    /** Reads at position, leaving the file position alone; 0 at or past the end. */
    public int readAt(byte[] b, int off, int len, long position) throws IOException {
        checkPosition(position);
        return transfer(true, b, off, len, position);
    }

    /** Writes at the file position (the end, when opened to append); returns the count written, perhaps short. */
    public int write(byte[] b, int off, int len) throws IOException {
        return transfer(false, b, off, len, -1);
    }

    public int writeAt(byte[] b, int off, int len, long position) throws IOException {
        checkPosition(position);
        return transfer(false, b, off, len, position);
    }

    /** Writes all of it, looping over short writes. */
    public void writeAll(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int n = write(b, off, len);
            off += n;
            len -= n;
        }
    }

    public Metadata metadata() throws IOException {
        Operation op = Operation.stat(handle(), LinearMemory.allocate(StatRecord.SIZE));
        int r = Proactor.await(op);
        try {
            HostErrors.checkHandle(r);
            return Metadata.decode(op.memory2());
        } finally {
            op.release();
        }
    }

    public void sync() throws IOException {
        HostErrors.checkHandle(Proactor.await(Operation.fsync(handle(), false)));
    }

    public void syncData() throws IOException {
        HostErrors.checkHandle(Proactor.await(Operation.fsync(handle(), true)));
    }

    public void setLength(long length) throws IOException {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        HostErrors.checkHandle(Proactor.await(Operation.truncate(handle(), length)));
    }

    /** Closes the handle; a second close does nothing. */
    @Override
    public void close() throws IOException {
        if (handle < 0) {
            return;
        }
        int h = handle;
        handle = -1;
        HostErrors.checkHandle(Proactor.await(Operation.close(h)));
    }

    private int transfer(boolean read, byte[] b, int off, int len, long position) throws IOException {
        if (off < 0 || len < 0 || off > b.length - len) {
            throw new IndexOutOfBoundsException("offset " + off + ", length " + len + ", array " + b.length);
        }
        int h = handle();
        if (len == 0) {
            return 0;
        }
        int n = Math.min(len, CHUNK);
        LinearMemory region = LinearMemory.allocate(n);
        if (!read) {
            region.copyFrom(b, off, 0, n);
        }
        Operation op = read ? Operation.read(h, region, n, position) : Operation.write(h, region, n, position);
        int r = Proactor.await(op);
        try {
            HostErrors.checkHandle(r);
            if (read) {
                region.copyTo(0, b, off, r);
            }
            return r;
        } finally {
            op.release();
        }
    }

    private static void checkPosition(long position) {
        if (position < 0) {
            throw new IllegalArgumentException("negative position " + position);
        }
    }
}
