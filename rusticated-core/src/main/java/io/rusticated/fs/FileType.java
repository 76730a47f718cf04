package io.rusticated.fs;

/** The kind of a file system object. */
public enum FileType {
    REGULAR, DIRECTORY, SYMLINK, FIFO, SOCKET, CHAR_DEVICE, BLOCK_DEVICE, UNKNOWN;

    /** From the POSIX {@code S_IFMT} bits of a mode (the same on Linux and macOS). */
    public static FileType fromMode(int mode) {
        return switch (mode & 0170000) {
            case 0100000 -> REGULAR;
            case 0040000 -> DIRECTORY;
            case 0120000 -> SYMLINK;
            case 0010000 -> FIFO;
            case 0140000 -> SOCKET;
            case 0020000 -> CHAR_DEVICE;
            case 0060000 -> BLOCK_DEVICE;
            default -> UNKNOWN;
        };
    }
}
