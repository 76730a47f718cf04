package io.rusticated.spi;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * One OS error, OS-neutrally: its code on that OS, its symbolic name ({@code ENOENT},
 * {@code ERROR_FILE_NOT_FOUND}), the OS's text ({@code strerror}, {@code FormatMessage}) and its
 * {@link ErrorKind}. The one place where an OS error becomes the exception a Java developer sees.
 *
 * @param code    the OS's number for it
 * @param name    its symbolic name, for developers' messages
 * @param message the OS's text for it, as the JDK prints it
 * @param kind    what it means
 */
public record OsError(int code, String name, String message, ErrorKind kind) {
    /**
     * The exception for a failed call on {@code file} (and {@code other}, the second path of a
     * two-path call; either may be null), exactly as the JDK's own file system provider translates
     * the same error ({@code UnixException.translateToIOException},
     * {@code WindowsException.translateToIOException}): not-found, exists and access-denied have
     * their own classes; a symbolic-link loop says so; everything else is a plain
     * {@link FileSystemException} with the OS's text. Without a file, an {@link IOException} with
     * the OS's text, as the JDK's channels throw.
     */
    public IOException toException(String file, String other) {
        if (file == null && other == null) {
            return new IOException(message);
        }
        return switch (kind) {
            case NOT_FOUND -> new NoSuchFileException(file, other, null);
            case ALREADY_EXISTS -> new FileAlreadyExistsException(file, other, null);
            case ACCESS_DENIED -> new AccessDeniedException(file, other, null);
            case SYMLINK_LOOP -> new FileSystemException(file, other, message + " or unable to access attributes of symbolic link");
            default -> new FileSystemException(file, other, message);
        };
    }

    /**
     * The exception for a failed request, with the refinements the JDK's providers add for the
     * same call: removing a directory that is not empty is a {@link DirectoryNotEmptyException}
     * ({@code implDelete}); opening a directory to list it that is not one is a
     * {@link NotDirectoryException} ({@code newDirectoryStream}); reading attributes or checking
     * access through a path whose parent is a file is a {@link NoSuchFileException}. The paths are named as the JDK
     * names them: a link-making call is about the new name (the second path), with the existing
     * file as the other path of a hard link; a rename that would replace is about the destination
     * (a non-empty directory there is a {@link DirectoryNotEmptyException}, as the JDK's move reports it).
     */
    public IOException toException(Request op) {
        switch (op.opcode()) {
            case CONNECT, ACCEPT -> {
                return toSocketException();
            }
            case RECV, RECV_FROM -> {
                return toStreamException(op.opcode() == Opcode.RECV_FROM);
            }
            case SEND, SEND_TO -> {
                // The JDK's socket write reports a reset with the OS's text ("Connection reset by
                // peer"); only its reads turn it into "Connection reset".
                return kind == ErrorKind.CONNECTION_RESET ? new IOException(message) : toStreamException(op.opcode() == Opcode.SEND_TO);
            }
            default -> {
            }
        }
        String file = op.path() != null ? op.path().toString() : null;
        String other = op.path2() != null ? op.path2().toString() : null;
        switch (op.opcode()) {
            case SYMLINK -> {
                file = other;
                other = null;
            }
            case LINK -> {
                String existing = file;
                file = other;
                other = existing;
            }
            case RENAME -> {
                // rename(2) reports a non-empty directory in the way as ENOTEMPTY or EEXIST; the JDK's
                // move replaces by removing the target first, which fails as DirectoryNotEmpty.
                if (kind == ErrorKind.DIRECTORY_NOT_EMPTY || (kind == ErrorKind.ALREADY_EXISTS && (op.flags() & Request.NO_REPLACE) == 0)) {
                    return new DirectoryNotEmptyException(other);
                }
                if (kind == ErrorKind.ALREADY_EXISTS) {
                    return new FileAlreadyExistsException(other);
                }
            }
            case UNLINK -> {
                if ((op.flags() & Request.DIRECTORY) != 0 && (kind == ErrorKind.DIRECTORY_NOT_EMPTY || kind == ErrorKind.ALREADY_EXISTS)) {
                    return new DirectoryNotEmptyException(file);
                }
            }
            case OPEN -> {
                if ((op.flags() & Request.DIRECTORY) != 0 && kind == ErrorKind.NOT_A_DIRECTORY) {
                    return new NotDirectoryException(file);
                }
            }
            case STAT, ACCESS -> {
                // A path through a file is a path to nothing: the JDK reads attributes and checks
                // access with ENOTDIR turned into ENOENT (UnixFileAttributeViews, checkAccess).
                if (kind == ErrorKind.NOT_A_DIRECTORY) {
                    return new NoSuchFileException(file, other, null);
                }
            }
            default -> {
            }
        }
        return toException(file, other);
    }

    /**
     * The exception the JDK's networking raises for a failed socket call (its native
     * {@code handleSocketError}): a protocol error is a {@link java.net.ProtocolException}; a
     * refused, timed-out or unconnected connection a {@link java.net.ConnectException}; an
     * unreachable host a {@link java.net.NoRouteToHostException}; an address in use, not
     * available or forbidden a {@link java.net.BindException}; anything else a
     * {@link java.net.SocketException}; each with the OS's text.
     */
    public IOException toSocketException() {
        return switch (kind) {
            case PROTOCOL_ERROR -> new java.net.ProtocolException(message);
            case CONNECTION_REFUSED, TIMED_OUT, NOT_CONNECTED -> new java.net.ConnectException(message);
            case HOST_UNREACHABLE -> new java.net.NoRouteToHostException(message);
            case ADDRESS_IN_USE, ADDRESS_NOT_AVAILABLE, ACCESS_DENIED -> new java.net.BindException(message);
            default -> new java.net.SocketException(message);
        };
    }

    /**
     * The exception a read or write on a connected socket raises in the JDK's channels: a reset is a
     * {@link java.net.SocketException} "Connection reset" on a read (the JDK's {@code ConnectionResetException};
     * {@link #toException(Request)} gives a write's reset the OS's text instead, as the JDK's write does);
     * an ICMP port-unreachable on a datagram socket a {@link java.net.PortUnreachableException};
     * anything else (a broken pipe included) an {@link IOException} with the OS's text.
     */
    public IOException toStreamException(boolean datagram) {
        return switch (kind) {
            case CONNECTION_RESET -> new java.net.SocketException("Connection reset");
            case CONNECTION_REFUSED -> datagram ? new java.net.PortUnreachableException() : new java.net.SocketException(message); // bare, as the JDK throws it
            default -> new IOException(message);
        };
    }

    @Override
    public String toString() {
        return name + " (" + message + ")";
    }
}
