package io.rusticated.macos;

import io.rusticated.unix.readiness.SocketSyscalls;

/**
 * The socket calls the kqueue driver makes ({@code NonBlockingSockets} over MacSocketAbi), answered
 * by the stand-in's sockets instead of libSystem's; accept with flags does not exist on macOS and
 * fails the test.
 */
final class StandInSockets implements SocketSyscalls {
    private final KqueueStandIn kernel;

    StandInSockets(KqueueStandIn kernel) {
        this.kernel = kernel;
    }

    @Override
    public int accept(int listener, int flags) {
        if (flags != 0) {
            throw new AssertionError("macOS has no accept4: the driver must not ask for flags");
        }
        return kernel.accept(listener);
    }

    @Override
    public int connect(int fd, long address, int length) {
        return kernel.connect(fd, address, length);
    }

    @Override
    public long send(int fd, long address, long length, int flags) {
        return kernel.send(fd, address, (int) length, flags);
    }

    @Override
    public long recv(int fd, long address, long length, int flags) {
        return kernel.recv(fd, address, (int) length, flags);
    }

    @Override
    public long sendmsg(int fd, long msghdr, int flags) {
        return kernel.sendmsg(fd, msghdr, flags);
    }

    @Override
    public long recvmsg(int fd, long msghdr, int flags) {
        return kernel.recvmsg(fd, msghdr, flags);
    }

    @Override
    public int getIntOption(int fd, int level, int name) {
        return kernel.getIntOption(fd, level, name);
    }

    @Override
    public int setIntOption(int fd, int level, int name, int value) {
        return kernel.setIntOption(fd, level, name, value);
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        return kernel.fcntl(fd, cmd, arg);
    }
}
