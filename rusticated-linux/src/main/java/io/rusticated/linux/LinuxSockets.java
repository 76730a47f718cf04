package io.rusticated.linux;

import io.rusticated.unix.net.UnixSockets;

/**
 * Sockets on Linux: the shared Unix calls with Linux's numbers. Sockets are created blocking and
 * close-on-exec, as io_uring serves them (a non-blocking one can give a spurious EAGAIN when a
 * request is punted to a worker: liburing #364); the epoll backend makes each non-blocking when a
 * loop first attaches it.
 */
public final class LinuxSockets extends UnixSockets {
    public LinuxSockets() {
        super(LinuxAbi.SOCKET_ABI, LinuxErrors.TABLE);
    }

    @Override
    public boolean supportsCurrentOs() {
        return LinuxArch.supports(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    @Override
    protected int open(int domain, int type) {
        return Libc.socket(domain, type | LinuxAbi.SOCK_CLOEXEC, 0);
    }
}
