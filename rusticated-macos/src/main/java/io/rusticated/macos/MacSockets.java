package io.rusticated.macos;

import io.rusticated.unix.net.UnixSockets;

import static io.rusticated.macos.MacAbi.*;

/**
 * Sockets on macOS: the shared Unix calls with macOS's numbers and BSD sockaddr layouts. macOS has
 * no SOCK_CLOEXEC: the socket is made close-on-exec right after socket(2), and a child spawned in
 * between inherits nothing anyway (children are spawned with POSIX_SPAWN_CLOEXEC_DEFAULT). The
 * kqueue backend makes it non-blocking and SO_NOSIGPIPE when a loop first attaches it. Compiled
 * and probed here; not run on a Mac.
 */
public final class MacSockets extends UnixSockets {
    public MacSockets() {
        super(MacAbi.SOCKET_ABI, MacErrors.TABLE);
    }

    @Override
    public boolean supportsCurrentOs() {
        return MacArch.isMac(System.getProperty("os.name", ""));
    }

    /**
     * disconnectx(fd, SAE_ASSOCID_ANY, SAE_CONNID_ANY), as OpenJDK's disconnect0 for macOS does in
     * current sources. connect(2) to an invalid address also dissolves the association on macOS
     * ("the error EAFNOSUPPORT will be harmlessly returned", connect(2)), but leaves a socket that
     * was bound to a specific address bound to the wildcard: JDK 25's DatagramChannelImpl says so
     * and re-creates the socket after it (repairSocket).
     */
    @Override
    protected int dissolveAssociation(int fd) {
        return Darwin.disconnectx(fd, SAE_ASSOCID_ANY, SAE_CONNID_ANY);
    }

    @Override
    protected int open(int domain, int type) {
        int fd = Darwin.socket(domain, type, 0);
        if (fd < 0) {
            return fd;
        }
        int r = Darwin.fcntl(fd, F_SETFD, FD_CLOEXEC);
        if (r < 0) {
            Darwin.close(fd);
            return r;
        }
        return fd;
    }
}
