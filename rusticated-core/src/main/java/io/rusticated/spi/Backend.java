package io.rusticated.spi;

/**
 * The backend a loop runs on and why.
 *
 * @param name     {@code io_uring}, {@code epoll}, {@code iocp}, {@code kqueue}, ...
 * @param features what the backend probed and uses (setup flags, feature bits, ...)
 * @param reason   why this backend: chosen first, forced by {@code rusticated.backend}, or why the
 *                 ones before it were unavailable
 */
public record Backend(String name, String features, String reason) {
    @Override
    public String toString() {
        return name + " (" + features + "): " + reason;
    }
}
