package io.rusticated.wasm.fs;

import io.rusticated.wasm.abi.HostError;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * Turns a host's error code into the exception the JDK's own provider throws on Linux for the same
 * errno (sun.nio.fs.UnixException.translateToIOException): ENOENT -> NoSuchFileException, EACCES ->
 * AccessDeniedException, EEXIST -> FileAlreadyExistsException, ELOOP -> FileSystemException whose
 * reason adds "or unable to access attributes of symbolic link", anything else FileSystemException
 * with strerror's text. An operation on a handle (no path) fails with IOException and the text, as
 * the JDK's channels do. DirectoryNotEmpty and NotDirectory come from the call sites that raise
 * them in the JDK (delete, directory streams).
 */
public final class HostErrors {
    private HostErrors() {
    }

    public static IOException forPath(int code, String path, String other) {
        return switch (code) {
            case HostError.ENOENT -> new NoSuchFileException(path, other, null);
            case HostError.EACCES -> new AccessDeniedException(path, other, null);
            case HostError.EEXIST -> new FileAlreadyExistsException(path, other, null);
            case HostError.ELOOP -> new FileSystemException(path, other,
                    HostError.text(code) + " or unable to access attributes of symbolic link");
            default -> new FileSystemException(path, other, HostError.text(code));
        };
    }

    public static IOException forHandle(int code) {
        return new IOException(HostError.text(code));
    }

    /** The result as a count, or the exception for a path when it is an error. */
    static int checkPath(int result, String path, String other) throws IOException {
        if (result < 0) {
            throw forPath(-result, path, other);
        }
        return result;
    }

    static int checkHandle(int result) throws IOException {
        if (result < 0) {
            throw forHandle(-result);
        }
        return result;
    }
}
