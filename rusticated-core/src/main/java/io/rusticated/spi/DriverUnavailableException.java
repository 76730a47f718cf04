package io.rusticated.spi;

/** A backend the OS refuses here (io_uring blocked by seccomp, an unsupported CPU, ...), with the reason. */
public final class DriverUnavailableException extends Exception {
    public DriverUnavailableException(String reason) {
        super(reason);
    }

    public DriverUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
