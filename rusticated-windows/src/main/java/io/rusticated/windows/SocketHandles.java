package io.rusticated.windows;

import io.rusticated.spi.SocketSupport.SocketFamily;
import io.rusticated.spi.SocketSupport.SocketType;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The sockets this process made (WSASocketW through {@link WindowsSockets}, or the accept sockets
 * the driver makes for AcceptEx), process-wide, with what Windows does not tell cheaply: the
 * family and type (an accept socket is made in its listener's), whether the socket is bound
 * (ConnectEx needs a bound socket), whether a datagram socket is connected, and SO_REUSEADDR as
 * the JDK emulates it for stream sockets. A socket closes with closesocket, never CloseHandle
 * ("do not use CloseHandle to close a socket", closesocket): {@link #remove} says which.
 */
final class SocketHandles {
    private SocketHandles() {
    }

    private static final Map<Long, Socket> SOCKETS = new ConcurrentHashMap<>();

    /** One socket. The flags are written by whichever thread binds, connects or sets an option. */
    static final class Socket {
        final SocketFamily family;
        final SocketType type;
        volatile boolean bound;
        volatile boolean connected;
        /** SO_REUSEADDR of a stream socket as set: the JDK never sets it on Windows (it binds exclusively) but reports it. */
        volatile boolean reuseAddress;

        Socket(SocketFamily family, SocketType type) {
            this.family = family;
            this.type = type;
        }
    }

    static Socket add(long handle, SocketFamily family, SocketType type) {
        Socket s = new Socket(family, type);
        SOCKETS.put(handle, s);
        return s;
    }

    /** The socket, or null for a handle that is not one this process made. */
    static Socket of(long handle) {
        return SOCKETS.get(handle);
    }

    /** The handle is being closed; its number may soon name another object. Null if it was no socket of ours. */
    static Socket remove(long handle) {
        return SOCKETS.remove(handle);
    }
}
