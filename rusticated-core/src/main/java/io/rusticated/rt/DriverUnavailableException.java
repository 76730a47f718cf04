package io.rusticated.rt;

/** A backend the OS refuses here (io_uring blocked by seccomp, say), with the reason. */
public final class DriverUnavailableException extends Exception {
    public DriverUnavailableException(String reason) {
        super(reason);
    }

    public DriverUnavailableException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
