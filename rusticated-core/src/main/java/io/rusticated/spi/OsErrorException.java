package io.rusticated.spi;

import java.io.IOException;

/**
 * An OS error as the OS reported it, not yet translated: what an operation completes with when
 * its caller translates errors itself, call by call, as each call of the JDK's own provider
 * translates its {@code UnixException} (the JDK plug-ins do). Never meant to reach an application.
 */
public final class OsErrorException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient OsError error;

    public OsErrorException(OsError error) {
        super(error.toString());
        this.error = error;
    }

    /** No stack trace: it is translated where it is caught, and the translation has the caller's. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    public OsError error() {
        return error;
    }

    public ErrorKind kind() {
        return error.kind();
    }
}
