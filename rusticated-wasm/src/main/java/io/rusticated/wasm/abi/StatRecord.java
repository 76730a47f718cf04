package io.rusticated.wasm.abi;

/**
 * The 64-byte little-endian record a host writes for {@link Host#stat}. Times are whole
 * milliseconds since the epoch (f64, floored) plus the nanoseconds past that millisecond.
 */
public final class StatRecord {
    public static final int SIZE = 64;

    /** i32: one of the {@code KIND_*} values. */
    public static final int KIND = 0;
    /** i32: the permission bits (st_mode & 07777). */
    public static final int MODE = 4;
    /** f64: the size in bytes. */
    public static final int SIZE_BYTES = 8;
    /** f64: modification, access and birth time in milliseconds (birth: the modification time where the host has none). */
    public static final int MTIME_MS = 16;
    public static final int ATIME_MS = 24;
    public static final int BIRTHTIME_MS = 32;
    /** i32: nanoseconds past the millisecond of each time. */
    public static final int MTIME_NS = 40;
    public static final int ATIME_NS = 44;
    public static final int BIRTHTIME_NS = 48;
    /** i32: the number of hard links. */
    public static final int NLINK = 52;
    /** f64: the inode number (a file key together with the device, when the host has one; 0 otherwise). */
    public static final int INO = 56;

    public static final int KIND_REGULAR = 1;
    public static final int KIND_DIRECTORY = 2;
    public static final int KIND_SYMLINK = 3;
    /** A device, FIFO or socket. */
    public static final int KIND_OTHER = 4;

    private StatRecord() {
    }
}
