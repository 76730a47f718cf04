package io.rusticated.linux;

import io.rusticated.rt.Opcode;
import io.rusticated.rt.Operation;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * errno to the exception a Java developer expects, naming the path, as the JDK's own
 * {@code UnixException.translateToIOException} does.
 */
public final class LinuxErrors {
    private LinuxErrors() {
    }

    /** Loads this class and the exceptions it makes, for callers that may run out of descriptors later. */
    static void preload() {
        for (int errno : new int[] {ENOENT, EACCES, EEXIST, ENOTDIR, ENOTEMPTY, EMFILE}) {
            exception(errno, "preload", null);
        }
    }

    /** The message libc's strerror gives for the errno values rusticated meets (strerror itself is not thread-safe). */
    public static String message(int errno) {
        return switch (errno) {
            case EPERM -> "Operation not permitted";
            case ENOENT -> "No such file or directory";
            case EINTR -> "Interrupted system call";
            case EIO -> "Input/output error";
            case EBADF -> "Bad file descriptor";
            case EAGAIN -> "Resource temporarily unavailable";
            case ENOMEM -> "Cannot allocate memory";
            case EACCES -> "Permission denied";
            case EFAULT -> "Bad address";
            case EBUSY -> "Device or resource busy";
            case EEXIST -> "File exists";
            case EXDEV -> "Invalid cross-device link";
            case ENOTDIR -> "Not a directory";
            case EISDIR -> "Is a directory";
            case EINVAL -> "Invalid argument";
            case ENFILE -> "Too many open files in system";
            case EMFILE -> "Too many open files";
            case EFBIG -> "File too large";
            case ENOSPC -> "No space left on device";
            case ESPIPE -> "Illegal seek";
            case EROFS -> "Read-only file system";
            case EMLINK -> "Too many links";
            case EPIPE -> "Broken pipe";
            case ENAMETOOLONG -> "File name too long";
            case ENOSYS -> "Function not implemented";
            case ENOTEMPTY -> "Directory not empty";
            case ELOOP -> "Too many levels of symbolic links";
            case ETIME -> "Timer expired";
            case EOPNOTSUPP -> "Operation not supported";
            case EALREADY -> "Operation already in progress";
            case ECANCELED -> "Operation canceled";
            default -> "errno " + errno;
        };
    }

    /** The symbolic name of an errno, for messages meant for developers. */
    public static String name(int errno) {
        return switch (errno) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case ENOMEM -> "ENOMEM";
            case EACCES -> "EACCES";
            case EFAULT -> "EFAULT";
            case EBUSY -> "EBUSY";
            case EEXIST -> "EEXIST";
            case EINVAL -> "EINVAL";
            case EMFILE -> "EMFILE";
            case ENOSPC -> "ENOSPC";
            case EPIPE -> "EPIPE";
            case ENOSYS -> "ENOSYS";
            case EOPNOTSUPP -> "EOPNOTSUPP";
            case ECANCELED -> "ECANCELED";
            default -> "errno " + errno;
        };
    }

    /** The exception for an operation that failed with {@code errno}. */
    public static IOException exception(int errno, Operation op) {
        String file = op.path() != null ? op.path().toString() : null;
        String other = op.path2() != null ? op.path2().toString() : null;
        Opcode code = op.opcode();
        // For link-making calls the new name is the one that exists or whose directory is missing.
        if (code == Opcode.SYMLINK) {
            file = other;
            other = null;
        }
        return exception(errno, file, other);
    }

    public static IOException exception(int errno, String file, String other) {
        String reason = message(errno);
        if (file == null) {
            return new IOException(reason);
        }
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(file, other, null);
            case EACCES, EPERM, EROFS -> new AccessDeniedException(file, other, reason);
            case EEXIST -> new FileAlreadyExistsException(other != null ? other : file, other != null ? file : null, null);
            case ENOTDIR -> new NotDirectoryException(file);
            case ENOTEMPTY -> new DirectoryNotEmptyException(other != null ? other : file);
            default -> new FileSystemException(file, other, reason);
        };
    }
}
