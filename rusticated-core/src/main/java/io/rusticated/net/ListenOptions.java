package io.rusticated.net;

/**
 * How a listener binds.
 *
 * @param backlog      the kernel's queue of connections not yet accepted (capped by the OS, e.g. somaxconn)
 * @param reuseAddress SO_REUSEADDR: bind while old connections on the port linger (true by default, as the JDK does on Unix)
 * @param reusePort    SO_REUSEPORT: several listeners on one port, one per loop (Linux 3.9+)
 * @param ipv6Only     for an IPv6 listener: IPV6_V6ONLY; null keeps the default of a dual-stack listener (false)
 */
public record ListenOptions(int backlog, boolean reuseAddress, boolean reusePort, Boolean ipv6Only) {
    public ListenOptions {
        if (backlog < 1) {
            throw new IllegalArgumentException("backlog must be positive: " + backlog);
        }
    }

    /** Backlog 4096, SO_REUSEADDR on, no SO_REUSEPORT, dual stack. */
    public static ListenOptions defaults() {
        return new ListenOptions(4096, true, false, null);
    }

    public ListenOptions withBacklog(int v) {
        return new ListenOptions(v, reuseAddress, reusePort, ipv6Only);
    }

    public ListenOptions withReuseAddress(boolean v) {
        return new ListenOptions(backlog, v, reusePort, ipv6Only);
    }

    public ListenOptions withReusePort(boolean v) {
        return new ListenOptions(backlog, reuseAddress, v, ipv6Only);
    }

    public ListenOptions withIpv6Only(Boolean v) {
        return new ListenOptions(backlog, reuseAddress, reusePort, v);
    }
}
