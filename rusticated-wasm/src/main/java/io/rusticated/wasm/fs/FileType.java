package io.rusticated.wasm.fs;

/** What a path names, as the host's stat reports it. */
public enum FileType {
    /** A directory entry whose kind the host did not report. */
    UNKNOWN,
    REGULAR,
    DIRECTORY,
    SYMLINK,
    /** A device, FIFO or socket. */
    OTHER;

    static FileType of(int kind) {
        return switch (kind) {
            case 1 -> REGULAR;
            case 2 -> DIRECTORY;
            case 3 -> SYMLINK;
            case 4 -> OTHER;
            default -> UNKNOWN;
        };
    }
}
