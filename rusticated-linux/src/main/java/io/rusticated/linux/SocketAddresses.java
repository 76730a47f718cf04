package io.rusticated.linux;

import io.rusticated.net.UnixAddress;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * Socket addresses as Linux's {@code struct sockaddr_in}, {@code sockaddr_in6} and
 * {@code sockaddr_un}, written into memory the kernel reads, and read back from what it wrote.
 */
final class SocketAddresses {
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** sun_path's room, less the NUL that ends a path. */
    static final int MAX_UNIX_PATH = (int) (SOCKADDR_UN.byteSize() - SOCKADDR_UN_PATH) - 1;

    private SocketAddresses() {
    }

    /**
     * Writes {@code address} at the start of {@code to} (which has room for a sockaddr_storage) and
     * returns its length: an {@link Inet6Address} as sockaddr_in6 (core gives an IPv6 socket IPv4
     * peers as IPv4-mapped IPv6 addresses), an {@link Inet4Address} as sockaddr_in.
     */
    static int encode(SocketAddress address, MemorySegment to) throws SocketException {
        to.asSlice(0, SOCKADDR_STORAGE_SIZE).fill((byte) 0);
        if (address instanceof InetSocketAddress inet) {
            if (inet.isUnresolved()) {
                throw new UnresolvedAddressException();
            }
            InetAddress ip = inet.getAddress();
            if (ip instanceof Inet6Address v6) {
                to.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
                to.set(PORT, SOCKADDR_IN6_PORT, (short) inet.getPort());
                MemorySegment.copy(v6.getAddress(), 0, to, ValueLayout.JAVA_BYTE, SOCKADDR_IN6_ADDR, 16);
                to.set(ValueLayout.JAVA_INT, SOCKADDR_IN6_SCOPE_ID, v6.getScopeId());
                return (int) SOCKADDR_IN6.byteSize();
            }
            to.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
            to.set(PORT, SOCKADDR_IN_PORT, (short) inet.getPort());
            MemorySegment.copy(ip.getAddress(), 0, to, ValueLayout.JAVA_BYTE, SOCKADDR_IN_ADDR, 4);
            return (int) SOCKADDR_IN.byteSize();
        }
        if (address instanceof UnixAddress unix) {
            byte[] bytes = unix.bytes();
            to.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            if (unix.isAbstract()) {
                if (bytes.length + 1 > MAX_UNIX_PATH + 1) {
                    throw new SocketException("Unix domain path too long");
                }
                // sun_path[0] == 0, then the name; the length says where it ends (no NUL after it).
                MemorySegment.copy(bytes, 0, to, ValueLayout.JAVA_BYTE, SOCKADDR_UN_PATH + 1, bytes.length);
                return (int) SOCKADDR_UN_PATH + 1 + bytes.length;
            }
            if (bytes.length > MAX_UNIX_PATH) {
                throw new SocketException("Unix domain path too long");
            }
            MemorySegment.copy(bytes, 0, to, ValueLayout.JAVA_BYTE, SOCKADDR_UN_PATH, bytes.length);
            return (int) SOCKADDR_UN_PATH + bytes.length + 1;
        }
        throw new UnsupportedAddressTypeException();
    }

    /** The address the kernel wrote at the start of {@code from}, {@code length} bytes long. */
    static SocketAddress decode(MemorySegment from, int length) throws IOException {
        if (length < 2) {
            return UnixAddress.unnamed(); // an unbound Unix socket reports only its family, or nothing
        }
        int family = Short.toUnsignedInt(from.get(ValueLayout.JAVA_SHORT, 0));
        try {
            return switch (family) {
                case AF_INET -> new InetSocketAddress(
                        InetAddress.getByAddress(from.asSlice(SOCKADDR_IN_ADDR, 4).toArray(ValueLayout.JAVA_BYTE)),
                        Short.toUnsignedInt(from.get(PORT, SOCKADDR_IN_PORT)));
                case AF_INET6 -> {
                    byte[] bytes = from.asSlice(SOCKADDR_IN6_ADDR, 16).toArray(ValueLayout.JAVA_BYTE);
                    int port = Short.toUnsignedInt(from.get(PORT, SOCKADDR_IN6_PORT));
                    int scope = from.get(ValueLayout.JAVA_INT, SOCKADDR_IN6_SCOPE_ID);
                    // IPv4-mapped peers read as IPv4, as the JDK's NET_SockaddrToInetAddress does.
                    InetAddress ip = isMapped(bytes) ? InetAddress.getByAddress(java.util.Arrays.copyOfRange(bytes, 12, 16))
                            : scope != 0 ? Inet6Address.getByAddress(null, bytes, scope) : InetAddress.getByAddress(bytes);
                    yield new InetSocketAddress(ip, port);
                }
                case AF_UNIX -> decodeUnix(from, length);
                default -> throw new IOException("unknown address family " + family);
            };
        } catch (UnknownHostException e) {
            throw new IOException("malformed address from the kernel", e);
        }
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private static UnixAddress decodeUnix(MemorySegment from, int length) {
        int pathBytes = length - (int) SOCKADDR_UN_PATH;
        if (pathBytes <= 0) {
            return UnixAddress.unnamed();
        }
        if (from.get(ValueLayout.JAVA_BYTE, SOCKADDR_UN_PATH) == 0) {
            return UnixAddress.fromNative(from.asSlice(SOCKADDR_UN_PATH + 1, pathBytes - 1).toArray(ValueLayout.JAVA_BYTE), true);
        }
        int end = 0;
        while (end < pathBytes && from.get(ValueLayout.JAVA_BYTE, SOCKADDR_UN_PATH + end) != 0) {
            end++;
        }
        return UnixAddress.fromNative(from.asSlice(SOCKADDR_UN_PATH, end).toArray(ValueLayout.JAVA_BYTE), false);
    }
}
