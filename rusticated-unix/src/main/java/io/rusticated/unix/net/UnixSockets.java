package io.rusticated.unix.net;

import io.rusticated.net.Ipv6Only;
import io.rusticated.spi.SocketSupport;
import io.rusticated.unix.Errno;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.Posix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Sockets on a Unix: the calls that never block, made on the calling thread, written once from
 * POSIX with one OS's numbers ({@link SocketAbi}); the OS module says only how a socket is made
 * ({@link #open}) and whether it belongs to the running OS. Errors are the JDK's
 * ({@code OsError.toSocketException}).
 */
public abstract class UnixSockets implements SocketSupport {
    private static final Set<SocketOption<?>> INET_STREAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT,
            StandardSocketOptions.SO_LINGER, StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.IP_TOS);
    private static final Set<SocketOption<?>> INET_DATAGRAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT, StandardSocketOptions.SO_BROADCAST,
            StandardSocketOptions.IP_TOS);
    private static final Set<SocketOption<?>> UNIX_STREAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_LINGER);
    private static final Set<SocketOption<?>> UNIX_DATAGRAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF);

    private final SocketAbi abi;
    private final ErrnoTable errors;
    private final SocketAddresses addresses;
    private final StructLayout linger;
    private final long lingerOnoff;
    private final long lingerSeconds;

    protected UnixSockets(SocketAbi abi, ErrnoTable errors) {
        this.abi = abi;
        this.errors = errors;
        this.addresses = new SocketAddresses(abi);
        this.linger = abi.linger();
        this.lingerOnoff = linger.byteOffset(groupElement("l_onoff"));
        this.lingerSeconds = linger.byteOffset(groupElement("l_linger"));
    }

    /** A new socket of the OS's {@code domain} and {@code type}, close-on-exec: its descriptor, or a negated errno. */
    protected abstract int open(int domain, int type);

    @Override
    public long socket(SocketFamily family, SocketType type) throws IOException {
        int domain = switch (family) {
            case INET -> abi.afInet();
            case INET6 -> abi.afInet6();
            case UNIX -> abi.afUnix();
        };
        int fd = open(domain, type == SocketType.STREAM ? abi.sockStream() : abi.sockDgram());
        if (fd < 0) {
            throw errors.lookup(-fd).toSocketException();
        }
        return fd;
    }

    @Override
    public void bind(long socket, SocketAddress local) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SocketAddresses.STORAGE_SIZE, 8);
            int length = addresses.encode(local, sa);
            check(Posix.bind(fd(socket), sa.address(), length));
        }
    }

    @Override
    public void listen(long socket, int backlog) throws IOException {
        check(Posix.listen(fd(socket), backlog));
    }

    @Override
    public SocketAddress localAddress(long socket) throws IOException {
        return name(socket, false);
    }

    @Override
    public SocketAddress peerAddress(long socket) throws IOException {
        return name(socket, true);
    }

    private SocketAddress name(long socket, boolean peer) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SocketAddresses.STORAGE_SIZE, 8);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) SocketAddresses.STORAGE_SIZE);
            int rc = peer ? Posix.getpeername(fd(socket), sa.address(), len.address()) : Posix.getsockname(fd(socket), sa.address(), len.address());
            check(rc);
            return addresses.decode(sa, len.get(ValueLayout.JAVA_INT, 0));
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
                v = arena.allocate(linger);
                v.set(ValueLayout.JAVA_INT, lingerOnoff, seconds >= 0 ? 1 : 0);
                v.set(ValueLayout.JAVA_INT, lingerSeconds, Math.max(0, Math.min(seconds, 65535))); // the JDK caps at 65535
            } else {
                v = arena.allocate(ValueLayout.JAVA_INT);
                int i = value instanceof Boolean b ? (b ? 1 : 0) : (Integer) value;
                if ((option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) && i < 0) {
                    throw new IllegalArgumentException("Invalid send/receive buffer size");
                }
                v.set(ValueLayout.JAVA_INT, 0, i);
            }
            check(Posix.setsockopt(fd(socket), where[0], where[1], v.address(), (int) v.byteSize()));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(long socket, SocketFamily family, SocketOption<T> option) throws IOException {
        int[] where = levelAndName(family, option);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = option == StandardSocketOptions.SO_LINGER ? arena.allocate(linger) : arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, (int) v.byteSize());
            check(Posix.getsockopt(fd(socket), where[0], where[1], v.address(), len.address()));
            if (option == StandardSocketOptions.SO_LINGER) {
                return (T) Integer.valueOf(v.get(ValueLayout.JAVA_INT, lingerOnoff) != 0 ? v.get(ValueLayout.JAVA_INT, lingerSeconds) : -1);
            }
            int i = v.get(ValueLayout.JAVA_INT, 0);
            if ((option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) && abi.bufferSizesReadDoubled()) {
                i /= 2; // Linux reports twice the size set (socket(7)); the JDK halves it back (NET_GetSockOpt)
            }
            return option.type() == Boolean.class ? (T) Boolean.valueOf(i != 0) : (T) Integer.valueOf(i);
        }
    }

    /** The level and name of an option for this family, as the JDK maps them ({@code IP_TOS} is IPV6_TCLASS on an IPv6 socket). */
    private int[] levelAndName(SocketFamily family, SocketOption<?> option) {
        if (option == StandardSocketOptions.SO_SNDBUF) {
            return new int[] {abi.solSocket(), abi.soSndbuf()};
        } else if (option == StandardSocketOptions.SO_RCVBUF) {
            return new int[] {abi.solSocket(), abi.soRcvbuf()};
        } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
            return new int[] {abi.solSocket(), abi.soKeepalive()};
        } else if (option == StandardSocketOptions.SO_REUSEADDR) {
            return new int[] {abi.solSocket(), abi.soReuseaddr()};
        } else if (option == StandardSocketOptions.SO_REUSEPORT) {
            return new int[] {abi.solSocket(), abi.soReuseport()};
        } else if (option == StandardSocketOptions.SO_BROADCAST) {
            return new int[] {abi.solSocket(), abi.soBroadcast()};
        } else if (option == StandardSocketOptions.SO_LINGER) {
            return new int[] {abi.solSocket(), abi.soLingerSeconds()};
        } else if (option == StandardSocketOptions.TCP_NODELAY) {
            return new int[] {abi.ipprotoTcp(), abi.tcpNodelay()};
        } else if (option == StandardSocketOptions.IP_TOS) {
            return family == SocketFamily.INET6 ? new int[] {abi.ipprotoIpv6(), abi.ipv6Tclass()} : new int[] {abi.ipprotoIp(), abi.ipTos()};
        } else if (option == Ipv6Only.OPTION) {
            return new int[] {abi.ipprotoIpv6(), abi.ipv6V6only()};
        }
        throw new UnsupportedOperationException("'" + option + "' not supported");
    }

    @Override
    public void shutdown(long socket, boolean read, boolean write) throws IOException {
        int how = read && write ? abi.shutRdwr() : read ? abi.shutRd() : abi.shutWr();
        int rc = Posix.shutdown(fd(socket), how);
        if (rc == -errors.code(Errno.ENOTCONN)) {
            return; // the peer is gone already: there is nothing left to shut down (the JDK ignores it too)
        }
        check(rc);
    }

    /**
     * Dissolves the association ({@link #dissolveAssociation}), then reads the ICMP error the OS
     * may hold for it (an unreachable old peer) and so clears it (SO_ERROR: "get and clear the
     * pending socket error", socket(7)): the JDK's unconnected send and receive pass over it, and a
     * later send must not fail for the old peer.
     */
    @Override
    public void disconnect(long socket) throws IOException {
        check(dissolveAssociation(fd(socket)));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment error = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment len = arena.allocate(ValueLayout.JAVA_INT);
            len.set(ValueLayout.JAVA_INT, 0, 4);
            check(Posix.getsockopt(fd(socket), abi.solSocket(), abi.soError(), error.address(), len.address()));
        }
    }

    /**
     * connect(2) to an address of family AF_UNSPEC: "connectionless sockets may dissolve the
     * association by connecting to an address with the sa_family member of sockaddr set to
     * AF_UNSPEC" (POSIX and Linux connect(2); the JDK's disconnect0 on Linux). 0 or a negated
     * errno. An OS whose own call keeps more of the socket overrides it.
     */
    protected int dissolveAssociation(int fd) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SocketAddresses.STORAGE_SIZE, 8);
            return Posix.connect(fd, sa.address(), addresses.encodeUnspecified(sa));
        }
    }

    private static int fd(long socket) {
        if (socket < 0 || socket > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("not a descriptor: " + socket);
        }
        return (int) socket;
    }

    private void check(int rc) throws IOException {
        if (rc < 0) {
            throw errors.lookup(-rc).toSocketException();
        }
    }
}
