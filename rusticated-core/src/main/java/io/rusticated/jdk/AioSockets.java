package io.rusticated.jdk;

import io.rusticated.net.Ipv6Only;
import io.rusticated.spi.Platform;
import io.rusticated.spi.SocketSupport;
import io.rusticated.spi.SocketSupport.SocketFamily;
import io.rusticated.spi.SocketSupport.SocketType;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The sockets of the asynchronous socket channels, made as the JDK's {@code sun.nio.ch.Net} makes
 * them: one IPv6 socket that also serves IPv4 (IPV6_V6ONLY cleared) unless IPv6 is missing or
 * {@code java.net.preferIPv4Stack} is true, listeners with SO_REUSEADDR set; and addresses as
 * the JDK hands them to such a socket.
 */
final class AioSockets {
    /** The standard options the JDK's asynchronous socket channel offers (jdk.net's extended ones are its own). */
    private static final List<SocketOption<?>> CLIENT = List.of(StandardSocketOptions.SO_SNDBUF, StandardSocketOptions.SO_RCVBUF,
            StandardSocketOptions.SO_KEEPALIVE, StandardSocketOptions.SO_REUSEADDR, StandardSocketOptions.SO_REUSEPORT,
            StandardSocketOptions.TCP_NODELAY);
    /** The standard options of the JDK's asynchronous server socket channel. */
    private static final List<SocketOption<?>> SERVER = List.of(StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_REUSEADDR,
            StandardSocketOptions.SO_REUSEPORT);

    private static volatile SocketFamily family;

    private AioSockets() {
    }

    static SocketSupport os() {
        return Platform.sockets();
    }

    /** The family of every channel's socket: decided by the first socket this process makes. */
    static SocketFamily family() {
        SocketFamily f = family;
        if (f == null) {
            f = Boolean.getBoolean("java.net.preferIPv4Stack") ? SocketFamily.INET : probeIpv6();
            family = f;
        }
        return f;
    }

    private static SocketFamily probeIpv6() {
        try {
            long fd = os().socket(SocketFamily.INET6, SocketType.STREAM);
            Platform.closeHandle(fd);
            return SocketFamily.INET6;
        } catch (IOException e) {
            return SocketFamily.INET; // EAFNOSUPPORT: a kernel without IPv6
        }
    }

    /** A new TCP socket: dual-stack where IPv6 exists, with SO_REUSEADDR for a listener (as the JDK's server sockets). */
    static long open(boolean listener) throws IOException {
        SocketFamily f = family();
        long fd = os().socket(f, SocketType.STREAM);
        try {
            if (f == SocketFamily.INET6) {
                os().setOption(fd, f, Ipv6Only.OPTION, false);
            }
            if (listener) {
                os().setOption(fd, f, StandardSocketOptions.SO_REUSEADDR, true);
            }
        } catch (IOException | RuntimeException e) {
            Platform.closeHandle(fd);
            throw e;
        }
        return fd;
    }

    /** The JDK's {@code Net.checkAddress}: a resolved internet address, or the exception it throws. */
    static InetSocketAddress checkAddress(SocketAddress sa) {
        Objects.requireNonNull(sa);
        if (!(sa instanceof InetSocketAddress isa)) {
            throw new UnsupportedAddressTypeException();
        }
        if (isa.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        InetAddress addr = isa.getAddress();
        if (!(addr instanceof Inet4Address || addr instanceof Inet6Address)) {
            throw new IllegalArgumentException("Invalid address type: " + addr.getClass().getName());
        }
        return isa;
    }

    /**
     * The address as the socket takes it, as the JDK's {@code NET_InetAddressToSockaddr} converts
     * it: on an IPv6 socket an IPv4 address becomes IPv4-mapped, except the IPv4 wildcard, which
     * becomes the IPv6 wildcard (so {@code new InetSocketAddress(port)} listens on both stacks);
     * an IPv4 socket cannot take an IPv6 address.
     */
    static InetSocketAddress forSocket(InetSocketAddress isa) throws SocketException {
        InetAddress ip = isa.getAddress();
        if (family() == SocketFamily.INET) {
            if (ip instanceof Inet6Address) {
                throw new SocketException("Protocol family unavailable");
            }
            return isa;
        }
        if (!(ip instanceof Inet4Address)) {
            return isa;
        }
        byte[] v6 = new byte[16];
        if (!ip.isAnyLocalAddress()) {
            v6[10] = (byte) 0xff;
            v6[11] = (byte) 0xff;
            System.arraycopy(ip.getAddress(), 0, v6, 12, 4);
        }
        try {
            return new InetSocketAddress(Inet6Address.getByAddress(null, v6, -1), isa.getPort());
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 16 bytes are always an IPv6 address
        }
    }

    /** The local address, or null for a socket the OS reports unbound. */
    static InetSocketAddress localAddress(long fd) throws IOException {
        return (InetSocketAddress) os().localAddress(fd);
    }

    static Set<SocketOption<?>> clientOptions() {
        return offered(CLIENT);
    }

    static Set<SocketOption<?>> serverOptions() {
        return offered(SERVER);
    }

    private static Set<SocketOption<?>> offered(List<SocketOption<?>> jdk) {
        Set<SocketOption<?>> os = os().supportedOptions(family(), SocketType.STREAM);
        Set<SocketOption<?>> set = new HashSet<>();
        for (SocketOption<?> o : jdk) {
            if (os.contains(o)) {
                set.add(o);
            }
        }
        return Set.copyOf(set);
    }

    /**
     * Checks an option as the JDK's channels do before touching the socket: null name, an option
     * the channel does not offer, and (for a set) a null value are the caller's errors.
     */
    static void checkOption(Set<SocketOption<?>> offered, SocketOption<?> name, boolean setting, Object value) {
        Objects.requireNonNull(name);
        if (!offered.contains(name)) {
            throw new UnsupportedOperationException("'" + name + "' not supported");
        }
        if (setting && value == null) {
            throw new IllegalArgumentException("Invalid option value"); // the JDK's Net.setSocketOption, for these channels
        }
    }
}
