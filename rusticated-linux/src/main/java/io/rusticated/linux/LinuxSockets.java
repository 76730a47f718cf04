package io.rusticated.linux;

import io.rusticated.net.Ipv6Only;
import io.rusticated.spi.SocketSupport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * Sockets on Linux: the calls that never block, made on the calling thread. Sockets are created
 * blocking and close-on-exec: io_uring serves blocking sockets (a non-blocking one can give a
 * spurious EAGAIN when a request is punted to a worker: liburing #364).
 */
public final class LinuxSockets implements SocketSupport {
    private static final Set<SocketOption<?>> INET_STREAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.IP_TOS);
    private static final Set<SocketOption<?>> INET_DATAGRAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.SO_BROADCAST,
            StandardSocketOptions.IP_TOS);
    private static final Set<SocketOption<?>> UNIX_STREAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_LINGER);
    private static final Set<SocketOption<?>> UNIX_DATAGRAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF);

    @Override
    public boolean supportsCurrentOs() {
        return LinuxArch.supports(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    @Override
    public long socket(SocketFamily family, SocketType type) throws IOException {
        int domain = switch (family) {
            case INET -> AF_INET;
            case INET6 -> AF_INET6;
            case UNIX -> AF_UNIX;
        };
        int kind = (type == SocketType.STREAM ? SOCK_STREAM : SOCK_DGRAM) | SOCK_CLOEXEC;
        int fd = Libc.socket(domain, kind, 0);
        if (fd < 0) {
            throw LinuxErrors.of(-fd).toSocketException();
        }
        return fd;
    }

    @Override
    public void bind(long socket, SocketAddress local) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SOCKADDR_STORAGE_SIZE, 8);
            int length = SocketAddresses.encode(local, sa);
            check(Libc.bind(fd(socket), sa.address(), length));
        }
    }

    @Override
    public void listen(long socket, int backlog) throws IOException {
        check(Libc.listen(fd(socket), backlog));
    }

    @Override
    public SocketAddress localAddress(long socket) throws IOException {
        return name(socket, false);
    }

    @Override
    public SocketAddress peerAddress(long socket) throws IOException {
        return name(socket, true);
    }

    private static SocketAddress name(long socket, boolean peer) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SOCKADDR_STORAGE_SIZE, 8);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) SOCKADDR_STORAGE_SIZE);
            int rc = peer ? Libc.getpeername(fd(socket), sa.address(), len.address()) : Libc.getsockname(fd(socket), sa.address(), len.address());
            check(rc);
            return SocketAddresses.decode(sa, len.get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Override
    public Set<SocketOption<?>> supportedOptions(SocketFamily family, SocketType type) {
        if (family == SocketFamily.UNIX) {
            return type == SocketType.STREAM ? UNIX_STREAM : UNIX_DATAGRAM;
        }
        return type == SocketType.STREAM ? INET_STREAM : INET_DATAGRAM;
    }

    @Override
    public <T> void setOption(long socket, SocketFamily family, SocketOption<T> option, T value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("Invalid value 'null'");
        }
        int[] where = levelAndName(family, option);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v;
            if (option == StandardSocketOptions.SO_LINGER) {
                int seconds = (Integer) value;
                v = arena.allocate(LINGER);
                v.set(ValueLayout.JAVA_INT, LINGER_ONOFF, seconds >= 0 ? 1 : 0);
                v.set(ValueLayout.JAVA_INT, LINGER_LINGER, Math.max(0, Math.min(seconds, 65535))); // the JDK caps at 65535
            } else {
                v = arena.allocate(ValueLayout.JAVA_INT);
                int i = value instanceof Boolean b ? (b ? 1 : 0) : (Integer) value;
                if ((option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) && i < 0) {
                    throw new IllegalArgumentException("Invalid send/receive buffer size");
                }
                v.set(ValueLayout.JAVA_INT, 0, i);
            }
            check(Libc.setsockopt(fd(socket), where[0], where[1], v.address(), (int) v.byteSize()));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(long socket, SocketFamily family, SocketOption<T> option) throws IOException {
        int[] where = levelAndName(family, option);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(option == StandardSocketOptions.SO_LINGER ? LINGER.byteSize() : 4, 4);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) v.byteSize());
            check(Libc.getsockopt(fd(socket), where[0], where[1], v.address(), len.address()));
            if (option == StandardSocketOptions.SO_LINGER) {
                return (T) Integer.valueOf(v.get(ValueLayout.JAVA_INT, LINGER_ONOFF) != 0 ? v.get(ValueLayout.JAVA_INT, LINGER_LINGER) : -1);
            }
            int i = v.get(ValueLayout.JAVA_INT, 0);
            if (option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) {
                i /= 2; // Linux reports twice the size set (socket(7)); the JDK halves it back (NET_GetSockOpt)
            }
            return option.type() == Boolean.class ? (T) Boolean.valueOf(i != 0) : (T) Integer.valueOf(i);
        }
    }

    /** The level and name of an option for this family, as the JDK maps them ({@code IP_TOS} is IPV6_TCLASS on an IPv6 socket). */
    private static int[] levelAndName(SocketFamily family, SocketOption<?> option) {
        if (option == StandardSocketOptions.SO_SNDBUF) {
            return new int[] {SOL_SOCKET, SO_SNDBUF};
        } else if (option == StandardSocketOptions.SO_RCVBUF) {
            return new int[] {SOL_SOCKET, SO_RCVBUF};
        } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
            return new int[] {SOL_SOCKET, SO_KEEPALIVE};
        } else if (option == StandardSocketOptions.SO_REUSEADDR) {
            return new int[] {SOL_SOCKET, SO_REUSEADDR};
        } else if (option == StandardSocketOptions.SO_REUSEPORT) {
            return new int[] {SOL_SOCKET, SO_REUSEPORT};
        } else if (option == StandardSocketOptions.SO_BROADCAST) {
            return new int[] {SOL_SOCKET, SO_BROADCAST};
        } else if (option == StandardSocketOptions.SO_LINGER) {
            return new int[] {SOL_SOCKET, SO_LINGER};
        } else if (option == StandardSocketOptions.TCP_NODELAY) {
            return new int[] {IPPROTO_TCP, TCP_NODELAY};
        } else if (option == StandardSocketOptions.IP_TOS) {
            return family == SocketFamily.INET6 ? new int[] {IPPROTO_IPV6, IPV6_TCLASS} : new int[] {IPPROTO_IP, IP_TOS};
        } else if (option == Ipv6Only.OPTION) {
            return new int[] {IPPROTO_IPV6, IPV6_V6ONLY};
        }
        throw new UnsupportedOperationException("'" + option + "' not supported");
    }

    @Override
    public void shutdown(long socket, boolean read, boolean write) throws IOException {
        int how = read && write ? SHUT_RDWR : read ? SHUT_RD : SHUT_WR;
        int rc = Libc.shutdown(fd(socket), how);
        if (rc == -ENOTCONN) {
            return; // the peer is gone already: there is nothing left to shut down (the JDK ignores it too)
        }
        check(rc);
    }

    private static int fd(long socket) {
        if (socket < 0 || socket > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a descriptor: " + socket);
        }
        return (int) socket;
    }

    private static void check(int rc) throws SocketException, IOException {
        if (rc < 0) {
            throw LinuxErrors.of(-rc).toSocketException();
        }
    }
}
