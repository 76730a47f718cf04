package io.rusticated.linux;

import io.rusticated.unix.readiness.PosixSocketSyscalls;

/** The socket calls of the epoll backend: POSIX's, and glibc's accept4 (the accepted socket non-blocking and close-on-exec at once). */
final class LinuxSocketSyscalls extends PosixSocketSyscalls {
    @Override
    public int accept(int listener, int flags) {
        return Libc.accept4(listener, flags);
    }
}
