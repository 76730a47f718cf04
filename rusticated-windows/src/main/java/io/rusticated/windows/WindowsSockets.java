package io.rusticated.windows;

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

import static io.rusticated.windows.WindowsAbi.*;

/**
 * Sockets on Windows: the calls that never block, made on the calling thread, as the JDK's
 * Windows socket code makes them ({@code sun.nio.ch.Net} and its native half). Sockets are
 * overlapped (the iocp driver serves them through its port) and never inherited; an IPv6 socket
 * has IPV6_V6ONLY cleared (Windows sets it by default); an unconnected UDP socket does not report
 * an ICMP port unreachable as a reset of its next receive (SIO_UDP_CONNRESET off, as the JDK,
 * KB263823); an internet socket binds with SO_EXCLUSIVEADDRUSE unless SO_REUSEADDR is really set,
 * and SO_REUSEADDR on a stream socket is only recorded, never set (the JDK emulates it: on Windows
 * it would let another socket take the port), so the JDK's ServerSocketChannel and this one agree.
 * Windows' AF_UNIX (10 1803 and later) has stream sockets on paths only: no datagrams, no abstract
 * names; those calls throw {@link UnsupportedOperationException}.
 */
public final class WindowsSockets implements SocketSupport {
    private static final Set<SocketOption<?>> INET_STREAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_LINGER,
            StandardSocketOptions.TCP_NODELAY, StandardSocketOptions.IP_TOS);
    private static final Set<SocketOption<?>> INET_DATAGRAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_BROADCAST, StandardSocketOptions.IP_TOS);
    private static final Set<SocketOption<?>> UNIX_STREAM = Set.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_LINGER);
    /** IP_TOS bits the JDK keeps ({@code IPTOS_TOS_MASK | IPTOS_PREC_MASK}). */
    private static final int TOS_MASK = 0x1e | 0xe0;

    private final Winsock winsock;

    /** The service: Winsock itself. */
    public WindowsSockets() {
        this(Win32Winsock.INSTANCE);
    }

    WindowsSockets(Winsock winsock) {
        this.winsock = winsock;
    }

    @Override
    public boolean supportsCurrentOs() {
        return IocpDriverFactory.onWindows();
    }

    @Override
    public long socket(SocketFamily family, SocketType type) throws IOException {
        if (family == SocketFamily.UNIX && type == SocketType.DATAGRAM) {
            throw new UnsupportedOperationException("Windows has no Unix-domain datagram sockets (AF_UNIX is SOCK_STREAM only): socket(UNIX, DATAGRAM)");
        }
        long s = winsock.socket(af(family), type == SocketType.STREAM ? SOCK_STREAM : SOCK_DGRAM);
        if (s < 0) {
            throw WindowsErrors.of((int) -s).toSocketException();
        }
        SocketHandles.add(s, family, type);
        try {
            if (family == SocketFamily.INET6) {
                setInt(s, IPPROTO_IPV6, IPV6_V6ONLY, 0); // dual stack, as on Linux and as the JDK makes its sockets
            }
            if (type == SocketType.DATAGRAM) {
                check(winsock.reportUdpResets(s, false));
            }
        } catch (IOException | RuntimeException e) {
            close(s);
            throw e;
        }
        return s;
    }

    /** closesocket, for a socket that never reached a loop. */
    private void close(long s) {
        SocketHandles.remove(s);
        winsock.close(s);
    }

    static int af(SocketFamily family) {
        return switch (family) {
            case INET -> AF_INET;
            case INET6 -> AF_INET6;
            case UNIX -> AF_UNIX;
        };
    }

    /**
     * As the JDK's NET_WinBind: SO_EXCLUSIVEADDRUSE first unless SO_REUSEADDR is set (internet
     * sockets), and WSAEACCES (a port another process holds exclusively) reported as in use.
     */
    @Override
    public void bind(long socket, SocketAddress local) throws IOException {
        SocketHandles.Socket known = SocketHandles.of(socket);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SOCKADDR_STORAGE);
            int length = WinsockAddresses.encode(local, sa);
            if (known == null || known.family != SocketFamily.UNIX) {
                if (getInt(socket, SOL_SOCKET, SO_REUSEADDR) == 0) {
                    setInt(socket, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, 1);
                }
            }
            int error = winsock.bind(socket, sa, length);
            check(error == WindowsErrors.WSAEACCES ? WindowsErrors.WSAEADDRINUSE : error);
        }
        if (known != null) {
            known.bound = true;
        }
    }

    @Override
    public void listen(long socket, int backlog) throws IOException {
        check(winsock.listen(socket, backlog));
    }

    /** An unbound socket's address is the wildcard with port 0 (Windows fails getsockname with WSAEINVAL; Linux answers that). */
    @Override
    public SocketAddress localAddress(long socket) throws IOException {
        SocketHandles.Socket known = SocketHandles.of(socket);
        if (known != null && !known.bound) {
            return WinsockAddresses.unbound(known.family);
        }
        return name(socket, false);
    }

    @Override
    public SocketAddress peerAddress(long socket) throws IOException {
        return name(socket, true);
    }

    private SocketAddress name(long socket, boolean peer) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sa = arena.allocate(SOCKADDR_STORAGE);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, (int) sa.byteSize());
            check(winsock.name(socket, peer, sa, length));
            return WinsockAddresses.decode(sa, length.get(ValueLayout.JAVA_INT, 0));
        }
    }

    @Override
    public Set<SocketOption<?>> supportedOptions(SocketFamily family, SocketType type) {
        if (family == SocketFamily.UNIX) {
            return type == SocketType.STREAM ? UNIX_STREAM : Set.of();
        }
        return type == SocketType.STREAM ? INET_STREAM : INET_DATAGRAM;
    }

    @Override
    public <T> void setOption(long socket, SocketFamily family, SocketOption<T> option, T value) throws IOException {
        if (value == null) {
            throw new IllegalArgumentException("Invalid value 'null'");
        }
        SocketHandles.Socket known = SocketHandles.of(socket);
        if (option == StandardSocketOptions.SO_REUSEADDR && known != null && known.type == SocketType.STREAM) {
            known.reuseAddress = (Boolean) value; // emulated, as the JDK's exclusive-bind sockets do
            return;
        }
        if (option == StandardSocketOptions.SO_LINGER) {
            int seconds = (Integer) value;
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment v = arena.allocate(LINGER);
                v.set(ValueLayout.JAVA_SHORT, LINGER_ONOFF, (short) (seconds >= 0 ? 1 : 0));
                v.set(ValueLayout.JAVA_SHORT, LINGER_LINGER, (short) Math.max(0, Math.min(seconds, 65535))); // the JDK caps at 65535
                check(winsock.setOption(socket, SOL_SOCKET, SO_LINGER, v));
            }
            return;
        }
        int i = value instanceof Boolean b ? (b ? 1 : 0) : (Integer) value;
        if ((option == StandardSocketOptions.SO_SNDBUF || option == StandardSocketOptions.SO_RCVBUF) && i < 0) {
            throw new IllegalArgumentException("Invalid send/receive buffer size");
        }
        if (option == StandardSocketOptions.IP_TOS) {
            if (family == SocketFamily.INET6) {
                return; // the JDK sets no IPV6_TCLASS on Windows
            }
            int error = trySetInt(socket, IPPROTO_IP, IP_TOS, i & TOS_MASK);
            if (error != WindowsErrors.WSAENOPROTOOPT && error != WindowsErrors.WSAEINVAL) {
                check(error); // some editions refuse IP_TOS, and so do unbound UDP sockets: the JDK ignores both
            }
            return;
        }
        int[] where = levelAndName(option);
        setInt(socket, where[0], where[1], i);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> T getOption(long socket, SocketFamily family, SocketOption<T> option) throws IOException {
        SocketHandles.Socket known = SocketHandles.of(socket);
        if (option == StandardSocketOptions.SO_REUSEADDR && known != null && known.type == SocketType.STREAM) {
            return (T) Boolean.valueOf(known.reuseAddress);
        }
        if (option == StandardSocketOptions.SO_LINGER) {
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment v = arena.allocate(LINGER);
                MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
                length.set(ValueLayout.JAVA_INT, 0, (int) v.byteSize());
                check(winsock.getOption(socket, SOL_SOCKET, SO_LINGER, v, length));
                return (T) Integer.valueOf(v.get(ValueLayout.JAVA_SHORT, LINGER_ONOFF) != 0
                        ? Short.toUnsignedInt(v.get(ValueLayout.JAVA_SHORT, LINGER_LINGER)) : -1);
            }
        }
        if (option == StandardSocketOptions.IP_TOS && family == SocketFamily.INET6) {
            return (T) Integer.valueOf(0); // the JDK reports 0 for IPV6_TCLASS on Windows
        }
        int i;
        if (option == StandardSocketOptions.IP_TOS) {
            try {
                i = getInt(socket, IPPROTO_IP, IP_TOS);
            } catch (SocketException e) {
                i = 0; // some editions refuse IP_TOS: the JDK reports the default
            }
        } else {
            int[] where = levelAndName(option);
            i = getInt(socket, where[0], where[1]);
        }
        return option.type() == Boolean.class ? (T) Boolean.valueOf(i != 0) : (T) Integer.valueOf(i);
    }

    /** The level and name of an option, as the JDK maps them on Windows (SO_SNDBUF and SO_RCVBUF report what was set, not twice it). */
    private static int[] levelAndName(SocketOption<?> option) {
        if (option == StandardSocketOptions.SO_SNDBUF) {
            return new int[] {SOL_SOCKET, SO_SNDBUF};
        } else if (option == StandardSocketOptions.SO_RCVBUF) {
            return new int[] {SOL_SOCKET, SO_RCVBUF};
        } else if (option == StandardSocketOptions.SO_KEEPALIVE) {
            return new int[] {SOL_SOCKET, SO_KEEPALIVE};
        } else if (option == StandardSocketOptions.SO_REUSEADDR) {
            return new int[] {SOL_SOCKET, SO_REUSEADDR};
        } else if (option == StandardSocketOptions.SO_BROADCAST) {
            return new int[] {SOL_SOCKET, SO_BROADCAST};
        } else if (option == StandardSocketOptions.TCP_NODELAY) {
            return new int[] {IPPROTO_TCP, TCP_NODELAY};
        } else if (option == Ipv6Only.OPTION) {
            return new int[] {IPPROTO_IPV6, IPV6_V6ONLY};
        }
        throw new UnsupportedOperationException("'" + option + "' not supported on Windows");
    }

    @Override
    public void shutdown(long socket, boolean read, boolean write) throws IOException {
        int how = read && write ? SD_BOTH : read ? SD_RECEIVE : SD_SEND;
        int error = winsock.shutdown(socket, how);
        if (error == WindowsErrors.WSAENOTCONN) {
            return; // the peer is gone already: there is nothing left to shut down (the JDK ignores it too)
        }
        check(error);
    }

    /**
     * connect with an address of zeros, as long as a SOCKADDR_IN6 (the JDK's disconnect0): for a
     * connectionless socket, "if the address member of the structure specified by the name
     * parameter is filled with zeros, the socket will be disconnected" (connect). Then an ICMP port
     * unreachable is no longer a reset of the next receive (SIO_UDP_CONNRESET off, as the JDK).
     */
    @Override
    public void disconnect(long socket) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment zeros = arena.allocate(SOCKADDR_IN6); // an arena's memory starts zeroed
            check(winsock.connect(socket, zeros, (int) SOCKADDR_IN6.byteSize()));
        }
        SocketHandles.Socket s = SocketHandles.of(socket);
        if (s != null) {
            s.connected = false;
        }
        check(winsock.reportUdpResets(socket, false));
    }

    private void setInt(long socket, int level, int name, int value) throws IOException {
        check(trySetInt(socket, level, name, value));
    }

    private int trySetInt(long socket, int level, int name, int value) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            v.set(ValueLayout.JAVA_INT, 0, value);
            return winsock.setOption(socket, level, name, v);
        }
    }

    private int getInt(long socket, int level, int name) throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment v = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment length = arena.allocate(ValueLayout.JAVA_INT);
            length.set(ValueLayout.JAVA_INT, 0, 4);
            check(winsock.getOption(socket, level, name, v, length));
            return v.get(ValueLayout.JAVA_INT, 0);
        }
    }

    private static void check(int error) throws IOException {
        if (error != 0) {
            throw WindowsErrors.of(error).toSocketException();
        }
    }
}
