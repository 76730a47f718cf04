package io.rusticated.fs;

/**
 * What a POSIX OS records of a file beyond {@link Metadata}'s neutral fields.
 *
 * @param permissions     the permission bits and set-id/sticky bits (07777)
 * @param device          the device holding the file, as the OS's {@code st_dev} encodes it
 *                        (glibc's {@code makedev} on Linux, 8-bit major and 24-bit minor on macOS)
 * @param changeTimeNanos the last status change ({@code st_ctime}), nanoseconds since the epoch
 */
public record PosixAttributes(int permissions, int uid, int gid, long links, long inode, long device, long blocks,
                              int blockSize, long changeTimeNanos) {
}
