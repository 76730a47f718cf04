package io.rusticated.jdk;

import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.OsErrorException;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * An OS error as the JDK's provider reports it for its paths, the way its calls rethrow a
 * {@code UnixException}: the paths named as the JDK names them ({@link Path#toString()}, the empty
 * path included), and the one refinement several calls share.
 */
final class JdkErrors {
    private JdkErrors() {
    }

    /** {@code rethrowAsIOException(file)}. */
    static IOException of(OsErrorException x, Path file) {
        return x.error().toException(file.toString(), null);
    }

    /** {@code rethrowAsIOException(file, other)}. */
    static IOException of(OsErrorException x, Path file, Path other) {
        return x.error().toException(file.toString(), other.toString());
    }

    /**
     * As the JDK's attribute views, {@code checkAccess} and the source's stat in copy and move
     * read ENOTDIR ({@code setError(ENOENT)}): a path through a file names nothing.
     */
    static IOException noSuchFileIfNotDirectory(OsErrorException x, Path file) {
        return x.kind() == ErrorKind.NOT_A_DIRECTORY ? new NoSuchFileException(file.toString()) : of(x, file);
    }
}
