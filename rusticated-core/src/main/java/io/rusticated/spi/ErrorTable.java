package io.rusticated.spi;

/**
 * One OS's error codes (errno values on Linux or macOS, which differ between them; Win32 error
 * codes on Windows; host codes on WASM): each code's symbolic name, the OS's own text, and its
 * {@link ErrorKind}. Implemented once per OS, as the JDK keeps one {@code UnixException} table per
 * Unix and its own {@code WindowsException}.
 */
public interface ErrorTable {
    /** The error {@code code} stands for; an unknown code gets kind {@link ErrorKind#OTHER} and a generic text. */
    OsError lookup(int code);
}
