package io.rusticated.windows;

import io.rusticated.net.UnixAddress;
import io.rusticated.spi.SocketSupport.SocketFamily;

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
import java.util.Arrays;

import static io.rusticated.windows.WindowsAbi.*;

/**
 * Socket addresses as Windows' {@code SOCKADDR_IN}, {@code SOCKADDR_IN6} and {@code SOCKADDR_UN}
 * (AF_INET6 is 23 and sun_path holds UTF-8, as the JDK's Windows Unix-domain sockets encode
 * it), written into memory Winsock reads and read back from what it wrote. Windows has no
 * abstract Unix-domain names.
 */
final class WinsockAddresses {
    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);
    /** sun_path's room, less the NUL that ends a path. */
    static final int MAX_UNIX_PATH = UNIX_PATH_MAX - 1;
    /** The length of a SOCKADDR_UN naming nothing: the family alone (an unnamed socket, bound for ConnectEx). */
    static final int UNNAMED_LENGTH = (int) SUN_PATH;

    private WinsockAddresses() {
    }

    /**
     * Writes {@code address} at the start of {@code to} (room for a SOCKADDR_STORAGE) and returns
     * its length: an {@link Inet6Address} as SOCKADDR_IN6 (core gives an IPv6 socket IPv4 peers
     * as IPv4-mapped addresses), an {@link Inet4Address} as SOCKADDR_IN, a path as SOCKADDR_UN.
     */
    static int encode(SocketAddress address, MemorySegment to) throws SocketException {
        to.asSlice(0, SOCKADDR_STORAGE.byteSize()).fill((byte) 0);
        if (address instanceof InetSocketAddress inet) {
            if (inet.isUnresolved()) {
                throw new UnresolvedAddressException();
            }
            InetAddress ip = inet.getAddress();
            if (ip instanceof Inet6Address v6) {
                to.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET6);
                to.set(PORT, SIN6_PORT, (short) inet.getPort());
                MemorySegment.copy(v6.getAddress(), 0, to, ValueLayout.JAVA_BYTE, SIN6_ADDR, 16);
                to.set(ValueLayout.JAVA_INT_UNALIGNED, SIN6_SCOPE_ID, v6.getScopeId());
                return (int) SOCKADDR_IN6.byteSize();
            }
            to.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
            to.set(PORT, SIN_PORT, (short) inet.getPort());
            MemorySegment.copy(ip.getAddress(), 0, to, ValueLayout.JAVA_BYTE, SIN_ADDR, 4);
            return (int) SOCKADDR_IN.byteSize();
        }
        if (address instanceof UnixAddress unix) {
            if (unix.isAbstract()) {
                throw new UnsupportedOperationException("Windows has no abstract Unix-domain socket names (" + unix
                        + "): AF_UNIX on Windows binds and connects to paths only");
            }
            to.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            byte[] bytes = unix.bytes();
            if (bytes.length > MAX_UNIX_PATH) {
                throw new SocketException("Unix domain path too long");
            }
            if (bytes.length == 0) {
                return UNNAMED_LENGTH;
            }
            MemorySegment.copy(bytes, 0, to, ValueLayout.JAVA_BYTE, SUN_PATH, bytes.length);
            return (int) SUN_PATH + bytes.length + 1;
        }
        throw new UnsupportedAddressTypeException();
    }

    /** The address Winsock wrote at the start of {@code from}, {@code length} bytes long. */
    static SocketAddress decode(MemorySegment from, int length) throws IOException {
        if (length < 2) {
            return UnixAddress.unnamed(); // an unbound Unix socket reports only its family, or nothing
        }
        int family = Short.toUnsignedInt(from.get(ValueLayout.JAVA_SHORT, 0));
        try {
            return switch (family) {
                case AF_INET -> new InetSocketAddress(
                        InetAddress.getByAddress(from.asSlice(SIN_ADDR, 4).toArray(ValueLayout.JAVA_BYTE)),
                        Short.toUnsignedInt(from.get(PORT, SIN_PORT)));
                case AF_INET6 -> {
                    byte[] bytes = from.asSlice(SIN6_ADDR, 16).toArray(ValueLayout.JAVA_BYTE);
                    int port = Short.toUnsignedInt(from.get(PORT, SIN6_PORT));
                    int scope = from.get(ValueLayout.JAVA_INT_UNALIGNED, SIN6_SCOPE_ID);
                    // IPv4-mapped peers read as IPv4, as the JDK's NET_SockaddrToInetAddress does.
                    InetAddress ip = isMapped(bytes) ? InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16))
                            : scope != 0 ? Inet6Address.getByAddress(null, bytes, scope) : InetAddress.getByAddress(bytes);
                    yield new InetSocketAddress(ip, port);
                }
                case AF_UNIX -> decodeUnix(from, length);
                default -> throw new IOException("unknown address family " + family);
            };
        } catch (UnknownHostException e) {
            throw new IOException("malformed address from Winsock", e);
        }
    }

    /**
     * What an unbound socket of the family reports as its address (getsockname fails with
     * WSAEINVAL on Windows, where Linux reports the wildcard): the wildcard, port 0, or unnamed.
     */
    static SocketAddress unbound(SocketFamily family) {
        try {
            return switch (family) {
                case INET -> new InetSocketAddress(InetAddress.getByAddress(new byte[4]), 0);
                case INET6 -> new InetSocketAddress(InetAddress.getByAddress(new byte[16]), 0);
                case UNIX -> UnixAddress.unnamed();
            };
        } catch (UnknownHostException e) {
            throw new AssertionError(e); // 4 and 16 bytes are always addresses
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
        int pathBytes = Math.min(length - (int) SUN_PATH, UNIX_PATH_MAX);
        int end = 0;
        while (end < pathBytes && from.get(ValueLayout.JAVA_BYTE, SUN_PATH + end) != 0) {
            end++;
        }
        return UnixAddress.fromNative(from.asSlice(SUN_PATH, end).toArray(ValueLayout.JAVA_BYTE), false);
    }
}
