package io.rusticated.unix.readiness;

import io.rusticated.io.NativeMemory;
import io.rusticated.unix.Posix;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * {@link SocketSyscalls} as the C library's POSIX functions. accept4 is not POSIX (glibc has it,
 * libSystem not): this class refuses accept flags, and Linux's subclass makes the call. Loop thread
 * only (getsockopt's value and length live in one small buffer).
 */
public class PosixSocketSyscalls implements SocketSyscalls {
    /** An int value, then its socklen_t length. */
    private final MemorySegment option = NativeMemory.allocate(2 * Integer.BYTES, Integer.BYTES);

    public PosixSocketSyscalls() {
        Posix.linkSocketIo();
    }

    @Override
    public int accept(int listener, int flags) {
        if (flags != 0) {
            throw new UnsupportedOperationException("accept4 is not POSIX: the OS module that has it makes the call");
        }
        return Posix.accept(listener);
    }

    @Override
    public int connect(int fd, long address, int length) {
        return Posix.connect(fd, address, length);
    }

    @Override
    public long send(int fd, long address, long length, int flags) {
        return Posix.send(fd, address, length, flags);
    }

    @Override
    public long recv(int fd, long address, long length, int flags) {
        return Posix.recv(fd, address, length, flags);
    }

    @Override
    public long sendmsg(int fd, long msghdr, int flags) {
        return Posix.sendmsg(fd, msghdr, flags);
    }

    @Override
    public long recvmsg(int fd, long msghdr, int flags) {
        return Posix.recvmsg(fd, msghdr, flags);
    }

    @Override
    public int getIntOption(int fd, int level, int name) {
        option.set(ValueLayout.JAVA_INT, 0, 0);
        option.set(ValueLayout.JAVA_INT, Integer.BYTES, Integer.BYTES);
        int r = Posix.getsockopt(fd, level, name, option.address(), option.address() + Integer.BYTES);
        return r < 0 ? r : option.get(ValueLayout.JAVA_INT, 0);
    }

    @Override
    public int setIntOption(int fd, int level, int name, int value) {
        option.set(ValueLayout.JAVA_INT, 0, value);
        return Posix.setsockopt(fd, level, name, option.address(), Integer.BYTES);
    }

    @Override
    public int fcntl(int fd, int cmd, int arg) {
        return Posix.fcntl(fd, cmd, arg);
    }
}
