package io.rusticated.unix.readiness;

/**
 * The system calls {@link NonBlockingSockets} makes, each returning its result (>= 0) or a negated
 * errno: the C library's ({@link PosixSocketSyscalls}) on a real OS, a stand-in's in the tests of a
 * backend that cannot run here (kqueue), so the same socket logic runs against either.
 */
public interface SocketSyscalls {
    /** accept(2) without the peer's address, or accept4(2) with {@code flags} where they are not 0 (Linux). */
    int accept(int listener, int flags);

    int connect(int fd, long address, int length);

    long send(int fd, long address, long length, int flags);

    long recv(int fd, long address, long length, int flags);

    long sendmsg(int fd, long msghdr, int flags);

    long recvmsg(int fd, long msghdr, int flags);

    /** getsockopt(2) of an int option: its value, or a negated errno. */
    int getIntOption(int fd, int level, int name);

    int setIntOption(int fd, int level, int name, int value);

    /** fcntl(2) with an int argument. */
    int fcntl(int fd, int cmd, int arg);
}
