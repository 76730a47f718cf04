package io.rusticated.unix.process;

/**
 * What a posix_spawn plan needs to know of one Unix's ABI.
 *
 * @param fileActionsSize {@code sizeof(posix_spawn_file_actions_t)}: an 80-byte struct in glibc, a pointer on macOS
 * @param attributesSize  {@code sizeof(posix_spawnattr_t)}: 336 bytes in glibc, a pointer on macOS
 * @param sigsetSize      {@code sizeof(sigset_t)}: 128 in glibc, 4 on macOS
 * @param setPgroup       {@code POSIX_SPAWN_SETPGROUP}
 * @param setSigdef       {@code POSIX_SPAWN_SETSIGDEF}
 * @param setSigmask      {@code POSIX_SPAWN_SETSIGMASK}
 * @param dupfdCloexec    {@code F_DUPFD_CLOEXEC}: 1030 on Linux, 67 on macOS
 */
public record SpawnAbi(long fileActionsSize, long attributesSize, long sigsetSize,
                       int setPgroup, int setSigdef, int setSigmask, int dupfdCloexec) {
}
