package io.rusticated.fs;

/** The kind of a file system object. */
public enum FileType {
    REGULAR, DIRECTORY, SYMLINK, FIFO, SOCKET, CHAR_DEVICE, BLOCK_DEVICE, UNKNOWN
}
