package io.rusticated.fs;

/**
 * A file's identity: two equal keys name the same file while it exists (device and inode on
 * Unix; volume serial number and file index on Windows).
 */
public record FileKey(long volume, long file) {
}
