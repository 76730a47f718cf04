package io.rusticated.unix.net;

import io.rusticated.net.UnixAddress;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
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

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * Socket addresses as one Unix's {@code struct sockaddr_in}, {@code sockaddr_in6} and
 * {@code sockaddr_un}, written into memory the kernel reads and read back from what it wrote. The
 * members are where {@link SocketAbi}'s layouts put them; what differs is the head: Linux's two-byte
 * family, or BSD's length byte followed by a one-byte family.
 */
public final class SocketAddresses {
    /** sizeof(struct sockaddr_storage), the same on Linux and macOS: room for any address the kernel returns. */
    public static final long STORAGE_SIZE = 128;

    private static final ValueLayout.OfShort PORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final SocketAbi abi;
    /** The sockaddr begins with its own length (BSD's sin_len). */
    private final boolean lengthByte;
    private final long familyAt;
    private final long inPort;
    private final long inAddr;
    private final long inSize;
    private final long in6Port;
    private final long in6Addr;
    private final long in6Scope;
    private final long in6Size;
    private final long unPath;
    /** sun_path's room, less the NUL that ends a path. */
    private final int maxUnixPath;

    public SocketAddresses(SocketAbi abi) {
        this.abi = abi;
        StructLayout in = abi.sockaddrIn();
        this.lengthByte = in.memberLayouts().stream().anyMatch(m -> m.name().orElse("").equals("sin_len"));
        this.familyAt = in.byteOffset(groupElement("sin_family"));
        this.inPort = in.byteOffset(groupElement("sin_port"));
        this.inAddr = in.byteOffset(groupElement("sin_addr"));
        this.inSize = in.byteSize();
        StructLayout in6 = abi.sockaddrIn6();
        this.in6Port = in6.byteOffset(groupElement("sin6_port"));
        this.in6Addr = in6.byteOffset(groupElement("sin6_addr"));
        this.in6Scope = in6.byteOffset(groupElement("sin6_scope_id"));
        this.in6Size = in6.byteSize();
        StructLayout un = abi.sockaddrUn();
        this.unPath = un.byteOffset(groupElement("sun_path"));
        this.maxUnixPath = (int) (un.select(groupElement("sun_path")).byteSize()) - 1;
    }

    /** The longest Unix-domain path a socket can be bound or connected to, in bytes. */
    public int maxUnixPath() {
        return maxUnixPath;
    }

    /**
     * Writes {@code address} at the start of {@code to} (which has room for a sockaddr_storage) and
     * returns its length: an {@link Inet6Address} as sockaddr_in6 (core gives an IPv6 socket IPv4
     * peers as IPv4-mapped IPv6 addresses), an {@link Inet4Address} as sockaddr_in, a
     * {@link UnixAddress} as sockaddr_un.
     */
    public int encode(SocketAddress address, MemorySegment to) throws SocketException {
        to.asSlice(0, STORAGE_SIZE).fill((byte) 0);
        if (address instanceof InetSocketAddress inet) {
            if (inet.isUnresolved()) {
                throw new UnresolvedAddressException();
            }
            InetAddress ip = inet.getAddress();
            if (ip instanceof Inet6Address v6) {
                head(to, abi.afInet6(), in6Size);
                to.set(PORT, in6Port, (short) inet.getPort());
                MemorySegment.copy(v6.getAddress(), 0, to, ValueLayout.JAVA_BYTE, in6Addr, 16);
                to.set(ValueLayout.JAVA_INT_UNALIGNED, in6Scope, v6.getScopeId());
                return (int) in6Size;
            }
            head(to, abi.afInet(), inSize);
            to.set(PORT, inPort, (short) inet.getPort());
            MemorySegment.copy(ip.getAddress(), 0, to, ValueLayout.JAVA_BYTE, inAddr, 4);
            return (int) inSize;
        }
        if (address instanceof UnixAddress unix) {
            byte[] bytes = unix.bytes();
            if (unix.isAbstract()) {
                if (!abi.abstractUnixNames()) {
                    throw new UnsupportedOperationException(abi.os() + " has no abstract Unix-domain socket names (UnixAddress.abstractName is Linux only): "
                            + unix);
                }
                if (bytes.length > maxUnixPath) {
                    throw new SocketException("Unix domain path too long");
                }
                // sun_path[0] == 0, then the name; the length says where it ends (no NUL after it).
                int length = (int) unPath + 1 + bytes.length;
                head(to, abi.afUnix(), length);
                MemorySegment.copy(bytes, 0, to, ValueLayout.JAVA_BYTE, unPath + 1, bytes.length);
                return length;
            }
            if (bytes.length > maxUnixPath) {
                throw new SocketException("Unix domain path too long");
            }
            int length = (int) unPath + bytes.length + 1;
            head(to, abi.afUnix(), length);
            MemorySegment.copy(bytes, 0, to, ValueLayout.JAVA_BYTE, unPath, bytes.length);
            return length;
        }
        throw new UnsupportedAddressTypeException();
    }

    /** An address of family AF_UNSPEC, the size of a sockaddr_in, all else zero: its length. */
    public int encodeUnspecified(MemorySegment to) {
        to.asSlice(0, inSize).fill((byte) 0);
        head(to, abi.afUnspec(), inSize);
        return (int) inSize;
    }

    /** The family, and on BSD the length byte before it. */
    private void head(MemorySegment to, int family, long length) {
        if (lengthByte) {
            to.set(ValueLayout.JAVA_BYTE, 0, (byte) length);
            to.set(ValueLayout.JAVA_BYTE, familyAt, (byte) family);
        } else {
            to.set(ValueLayout.JAVA_SHORT, familyAt, (short) family);
        }
    }

    private int family(MemorySegment from) {
        return lengthByte ? Byte.toUnsignedInt(from.get(ValueLayout.JAVA_BYTE, familyAt)) : Short.toUnsignedInt(from.get(ValueLayout.JAVA_SHORT, familyAt));
    }

    /** The address the kernel wrote at the start of {@code from}, {@code length} bytes long. */
    public SocketAddress decode(MemorySegment from, int length) throws IOException {
        if (length <= familyAt) {
            return UnixAddress.unnamed(); // an unbound Unix socket reports only its family, or nothing
        }
        int family = family(from);
        try {
            if (family == abi.afInet()) {
                return new InetSocketAddress(InetAddress.getByAddress(from.asSlice(inAddr, 4).toArray(ValueLayout.JAVA_BYTE)),
                        Short.toUnsignedInt(from.get(PORT, inPort)));
            }
            if (family == abi.afInet6()) {
                byte[] bytes = from.asSlice(in6Addr, 16).toArray(ValueLayout.JAVA_BYTE);
                int port = Short.toUnsignedInt(from.get(PORT, in6Port));
                int scope = from.get(ValueLayout.JAVA_INT_UNALIGNED, in6Scope);
                // IPv4-mapped peers read as IPv4, as the JDK's NET_SockaddrToInetAddress does.
                InetAddress ip = isMapped(bytes) ? InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16))
                        : scope != 0 ? Inet6Address.getByAddress(null, bytes, scope) : InetAddress.getByAddress(bytes);
                return new InetSocketAddress(ip, port);
            }
            if (family == abi.afUnix()) {
                return decodeUnix(from, length);
            }
        } catch (UnknownHostException e) {
            throw new IOException("malformed address from the kernel", e);
        }
        throw new IOException("unknown address family " + family);
    }

    private static boolean isMapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return b[10] == (byte) 0xff && b[11] == (byte) 0xff;
    }

    private UnixAddress decodeUnix(MemorySegment from, int length) {
        int pathBytes = Math.min(length - (int) unPath, maxUnixPath + 1);
        if (pathBytes <= 0) {
            return UnixAddress.unnamed();
        }
        if (abi.abstractUnixNames() && from.get(ValueLayout.JAVA_BYTE, unPath) == 0) {
            return UnixAddress.fromNative(from.asSlice(unPath + 1, pathBytes - 1).toArray(ValueLayout.JAVA_BYTE), true);
        }
        int end = 0;
        while (end < pathBytes && from.get(ValueLayout.JAVA_BYTE, unPath + end) != 0) {
            end++;
        }
        return UnixAddress.fromNative(from.asSlice(unPath, end).toArray(ValueLayout.JAVA_BYTE), false);
    }
}
