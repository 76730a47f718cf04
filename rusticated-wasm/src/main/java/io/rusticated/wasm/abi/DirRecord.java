package io.rusticated.wasm.abi;

/**
 * One directory entry in a {@link Host#readDir} batch: a byte with the entry's
 * {@link StatRecord} kind (0 when the host does not know it), the name's length as a
 * little-endian u16, then the name in UTF-8. Records follow each other without padding.
 */
public final class DirRecord {
    public static final int HEADER = 3;
    public static final int KIND = 0;
    public static final int NAME_LENGTH = 1;

    private DirRecord() {
    }
}
