package io.rusticated.macos;

import io.rusticated.unix.readiness.SocketSyscalls;

import java.util.ArrayList;
import java.util.List;

import static io.rusticated.macos.MacAbi.*;

/**
 * The socket calls the kqueue driver makes ({@code NonBlockingSockets} with macOS's socket ABI),
 * answered by the stand-in's sockets instead of libSystem's; accept with flags does not exist on
 * macOS and fails the test. The option and mode calls are logged, so a test can count what an
 * attach costs.
 */
final class StandInSockets implements SocketSyscalls {
    private final KqueueStandIn kernel;
    private final List<String> optionCalls = new ArrayList<>();

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
        optionCalls.add("getsockopt " + fd + " " + optionName(name));
        return kernel.getIntOption(fd, level, name);
    }

    @Override
    public int setIntOption(int fd, int level, int name, int value) {
        optionCalls.add("setsockopt " + fd + " " + optionName(name));
        return kernel.setIntOption(fd, level, name, value);
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        optionCalls.add("fcntl " + fd + " " + (cmd == F_GETFL ? "F_GETFL" : cmd == F_SETFL ? "F_SETFL" : cmd == F_SETFD ? "F_SETFD" : String.valueOf(cmd)));
        return kernel.fcntl(fd, cmd, arg);
    }

    private static String optionName(int name) {
        return name == SO_TYPE ? "SO_TYPE" : name == SO_ERROR ? "SO_ERROR" : name == SO_NOSIGPIPE ? "SO_NOSIGPIPE" : String.valueOf(name);
    }

    /** getsockopt, setsockopt and fcntl calls so far, in order ("getsockopt 5 SO_TYPE", "fcntl 5 F_GETFL"). */
    List<String> optionCalls() {
        return optionCalls;
    }
}
