package io.rusticated.fs;

import java.nio.file.Path;

/**
 * One entry of a directory: its name, its path (the directory's path resolved with the name), the
 * type the directory recorded (UNKNOWN where the file system does not say; stat the path then)
 * and its inode number.
 */
public record DirEntry(String name, Path path, FileType type, long inode) {
}
