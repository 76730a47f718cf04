package io.rusticated.spi;

/**
 * A backend, found with {@link java.util.ServiceLoader}. The loop tries factories for this OS in
 * descending {@link #priority()} unless {@code -Drusticated.backend=NAME} forces one.
 */
public interface DriverFactory {
    /** The backend's name, as {@code rusticated.backend} spells it: {@code io_uring}, {@code epoll}, {@code iocp}, {@code kqueue}. */
    String name();

    /** Higher is tried first. */
    int priority();

    /** Whether this backend belongs to the running OS at all. */
    boolean supportsCurrentOs();

    /**
     * Opens a driver for a loop whose thread is the calling thread.
     *
     * @param whyNotOthers why higher-priority backends were passed over, or empty
     * @throws DriverUnavailableException when the OS refuses this backend, with the reason
     */
    Driver open(DriverContext context, String whyNotOthers) throws DriverUnavailableException;
}
