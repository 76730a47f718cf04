package io.rusticated.net;

import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The address of a Unix-domain socket: a path in the file system, a Linux abstract name (no file;
 * gone with the last socket), or unnamed (an unbound socket, a socketpair end).
 *
 * <p>rusticated's own type because {@link java.net.UnixDomainSocketAddress} cannot be built on the
 * rusticated image (its factory refuses a default file system outside {@code java.base}) and has
 * no abstract names. Paths are limited to what {@code sun_path} holds (107 bytes on Linux, 103 on
 * macOS, both with the terminating NUL); the OS module refuses longer ones.
 */
public final class UnixAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;
    private static final UnixAddress UNNAMED = new UnixAddress(new byte[0], false);

    private final byte[] bytes;
    private final boolean isAbstract;

    private UnixAddress(byte[] bytes, boolean isAbstract) {
        this.bytes = bytes;
        this.isAbstract = isAbstract;
    }

    /** A path, as UTF-8 bytes; NUL is refused. */
    public static UnixAddress of(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty Unix socket path (use unnamed())");
        }
        if (path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("Unix socket path contains a NUL character: " + path.replace("\0", "\\0"));
        }
        return new UnixAddress(path.getBytes(StandardCharsets.UTF_8), false);
    }

    public static UnixAddress of(Path path) {
        return of(path.toString());
    }

    /** A Linux abstract-namespace name (sun_path starting with NUL): no file, no permissions. */
    public static UnixAddress abstractName(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        return new UnixAddress(b, true);
    }

    /** The address of a socket bound to nothing. */
    public static UnixAddress unnamed() {
        return UNNAMED;
    }

    /** An address as the OS reports it (the module decoding a sockaddr_un). */
    public static UnixAddress fromNative(byte[] bytes, boolean isAbstract) {
        if (bytes.length == 0 && !isAbstract) {
            return UNNAMED;
        }
        return new UnixAddress(bytes.clone(), isAbstract);
    }

    /** The path or name bytes (without the abstract name's leading NUL). */
    public byte[] bytes() {
        return bytes.clone();
    }

    public boolean isAbstract() {
        return isAbstract;
    }

    public boolean isUnnamed() {
        return bytes.length == 0 && !isAbstract;
    }

    /** The path; fails for an abstract or unnamed address. */
    public Path path() {
        if (isAbstract || bytes.length == 0) {
            throw new IllegalStateException(this + " is not a path");
        }
        return Path.of(new String(bytes, StandardCharsets.UTF_8));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UnixAddress u && u.isAbstract == isAbstract && Arrays.equals(u.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes) * 31 + (isAbstract ? 1 : 0);
    }

    @Override
    public String toString() {
        if (isUnnamed()) {
            return "(unnamed)";
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        return isAbstract ? "@" + text : text;
    }
}
