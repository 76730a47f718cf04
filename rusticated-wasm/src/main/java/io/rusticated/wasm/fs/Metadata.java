package io.rusticated.wasm.fs;

import io.rusticated.wasm.abi.StatRecord;
import io.rusticated.wasm.rt.LinearMemory;

/** What the host's stat reported about a file ({@link StatRecord}), decoded. */
public final class Metadata {
    private final FileType type;
    private final int permissions;
    private final long size;
    private final long modifiedMillis;
    private final int modifiedNanos;
    private final long accessedMillis;
    private final int accessedNanos;
    private final long createdMillis;
    private final int createdNanos;
    private final int links;
    private final long inode;

    private Metadata(LinearMemory r) {
        type = FileType.of(r.getInt(StatRecord.KIND));
        permissions = r.getInt(StatRecord.MODE);
        size = (long) r.getDouble(StatRecord.SIZE_BYTES);
        modifiedMillis = (long) r.getDouble(StatRecord.MTIME_MS);
        accessedMillis = (long) r.getDouble(StatRecord.ATIME_MS);
        createdMillis = (long) r.getDouble(StatRecord.BIRTHTIME_MS);
        modifiedNanos = r.getInt(StatRecord.MTIME_NS);
        accessedNanos = r.getInt(StatRecord.ATIME_NS);
        createdNanos = r.getInt(StatRecord.BIRTHTIME_NS);
        links = r.getInt(StatRecord.NLINK);
        inode = (long) r.getDouble(StatRecord.INO);
    }

    static Metadata decode(LinearMemory record) {
        return new Metadata(record);
    }

    public FileType type() {
        return type;
    }

    public boolean isFile() {
        return type == FileType.REGULAR;
    }

    public boolean isDirectory() {
        return type == FileType.DIRECTORY;
    }

    public boolean isSymlink() {
        return type == FileType.SYMLINK;
    }

    public boolean isOther() {
        return type == FileType.OTHER;
    }

    /** The permission bits (0777 and set-id/sticky bits). */
    public int permissions() {
        return permissions;
    }

    public long size() {
        return size;
    }

    public long modifiedMillis() {
        return modifiedMillis;
    }

    /** Nanoseconds since the epoch (exact where the host reports nanoseconds). */
    public long modifiedNanos() {
        return modifiedMillis * 1_000_000L + modifiedNanos;
    }

    public long accessedNanos() {
        return accessedMillis * 1_000_000L + accessedNanos;
    }

    public long createdNanos() {
        return createdMillis * 1_000_000L + createdNanos;
    }

    public int links() {
        return links;
    }

    public long inode() {
        return inode;
    }
}
