package io.rusticated.spi;

import java.io.IOException;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.util.Set;

/**
 * An OS's socket calls that never block (creating, binding, listening, options, names, shutdown):
 * the synchronous half of {@code io.rusticated.net}, made on the calling thread. What can block
 * (accept, connect, send, receive) is an operation on a loop ({@link Opcode#ACCEPT} and friends).
 *
 * <p>Errors are the JDK's for the same call: a failed bind is a {@link java.net.BindException},
 * anything else a {@link java.net.SocketException} with the OS's text.
 */
public interface SocketSupport {
    /** Whether this implementation belongs to the running OS. */
    boolean supportsCurrentOs();

    /**
     * A new socket, close-on-exec (not inheritable), in the mode the OS's drivers serve it in
     * (blocking for io_uring and IOCP; a readiness driver makes its own sockets non-blocking when
     * it attaches them).
     */
    long socket(SocketFamily family, SocketType type) throws IOException;

    void bind(long socket, SocketAddress local) throws IOException;

    void listen(long socket, int backlog) throws IOException;

    /** The address the socket is bound to. */
    SocketAddress localAddress(long socket) throws IOException;

    /** The connected peer's address. */
    SocketAddress peerAddress(long socket) throws IOException;

    /** The options of {@code java.net.StandardSocketOptions} this OS offers for such a socket. */
    Set<SocketOption<?>> supportedOptions(SocketFamily family, SocketType type);

    <T> void setOption(long socket, SocketFamily family, SocketOption<T> option, T value) throws IOException;

    <T> T getOption(long socket, SocketFamily family, SocketOption<T> option) throws IOException;

    /** Shuts down reading, writing, or both (a FIN on writing). */
    void shutdown(long socket, boolean read, boolean write) throws IOException;

    /**
     * Dissolves a datagram socket's association with its peer: from then on it receives from
     * anyone and sends only with an address, as before its connect. The OS may leave the socket
     * bound elsewhere than before (Linux forgets a port the OS chose); the caller restores it.
     */
    void disconnect(long socket) throws IOException;

    /** Address families. */
    enum SocketFamily {
        INET, INET6, UNIX
    }

    /** Socket types. */
    enum SocketType {
        STREAM, DATAGRAM
    }
}
