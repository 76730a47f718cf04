package io.rusticated.unix.readiness;

/**
 * The OS's readiness notification, as {@link Readiness} drives it: epoll on Linux, kqueue on macOS.
 * Interest is one-shot: once the OS reports an event it stays disarmed until {@link #arm} again,
 * so a descriptor nobody waits on costs nothing. Events are reported back with
 * {@link Readiness#onReady}, in poll(2)'s bits ({@link Readiness#IN}, {@link Readiness#OUT},
 * {@link Readiness#ERR}, {@link Readiness#HUP}). Loop thread only.
 */
public interface Poller {
    /** {@link #arm}'s answer for a descriptor the OS cannot watch (epoll's EPERM for a file, kqueue's EINVAL for some ttys). */
    int NOT_POLLABLE = Integer.MIN_VALUE;

    /**
     * Arms a one-shot interest in {@code want} (IN and/or OUT) for {@code fd}, where {@code armed}
     * is what is armed now and {@code registered} whether this poller holds anything for the
     * descriptor since the last {@link #forget}. Returns 0, {@link #NOT_POLLABLE}, or a negated errno.
     */
    int arm(int fd, int want, int armed, boolean registered);

    /** Drops what the poller holds for {@code fd} (a descriptor closed behind our back is no error). */
    void forget(int fd, int armed, boolean registered);
}
