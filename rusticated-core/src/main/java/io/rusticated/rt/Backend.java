package io.rusticated.rt;

/**
 * The backend a loop runs on and why.
 *
 * @param name     {@code io_uring}, {@code epoll}, ...
 * @param features what the backend probed and uses (for io_uring: setup flags and feature bits)
 * @param reason   why this backend: chosen first, forced by {@code rusticated.backend}, or why the
 *                 ones before it were unavailable
 */
public record Backend(String name, String features, String reason) {
    @Override
    public String toString() {
        return name + " (" + features + "): " + reason;
    }
}
