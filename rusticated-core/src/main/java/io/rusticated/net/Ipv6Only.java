package io.rusticated.net;

import java.net.SocketOption;

/**
 * IPV6_V6ONLY, which the JDK has no public {@link SocketOption} for (it clears it itself on
 * dual-stack sockets): rusticated's own option object, understood by the OS modules.
 */
public final class Ipv6Only implements SocketOption<Boolean> {
    public static final Ipv6Only OPTION = new Ipv6Only();

    private Ipv6Only() {
    }

    @Override
    public String name() {
        return "IPV6_V6ONLY";
    }

    @Override
    public Class<Boolean> type() {
        return Boolean.class;
    }

    @Override
    public String toString() {
        return name();
    }
}
