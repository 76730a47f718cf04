package io.rusticated.spi;

/**
 * What the API made a handle as, told to {@link Driver#attach} with the handle: the owner knows it
 * (a {@code TcpListener} holds a listening socket, a {@code File} a handle opened by path), so a
 * driver need not ask the OS (one system call per attach) to learn what it serves.
 */
public enum HandleRole {
    /** A connected (or connecting) stream socket: {@code TcpStream}, {@code UnixStream}, an accepted connection. */
    STREAM_SOCKET,
    /** A listening stream socket: {@code TcpListener}, {@code UnixListener}. */
    LISTENER,
    /** A datagram socket: {@code UdpSocket}, {@code UnixDatagram}. */
    DATAGRAM_SOCKET,
    /** One end of a pipe this process made (a child's standard stream, {@code Pipe}). */
    PIPE,
    /** A handle opened by a path: a regular file, or whatever the path names (a FIFO, a device, a terminal). */
    FILE,
    /** A directory opened for reading its entries. */
    DIRECTORY,
    /**
     * A handle the process had before the API took it over ({@code File.fromHandle}: a standard
     * stream, say): of any kind, and perhaps shared with other processes, so its mode stays as it is.
     */
    WRAPPED;

    public boolean isSocket() {
        return this == STREAM_SOCKET || this == LISTENER || this == DATAGRAM_SOCKET;
    }
}
