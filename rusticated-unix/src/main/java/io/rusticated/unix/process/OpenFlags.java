package io.rusticated.unix.process;

/**
 * One Unix's open(2) flags, as the shared process code opens a child's redirected files.
 *
 * @param atFdcwd {@code AT_FDCWD}: -100 on Linux, -2 on macOS
 */
public record OpenFlags(int atFdcwd, int rdonly, int wronly, int rdwr, int creat, int trunc, int append, int cloexec) {
}
