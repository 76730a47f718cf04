package io.rusticated.windows;

import io.rusticated.net.Received;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.spi.SocketSupport.SocketType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.SocketException;

import static io.rusticated.windows.WindowsAbi.*;

/**
 * The iocp driver's socket calls, each overlapped with a {@link SocketBlock} of its request's own
 * and completed by its packet, as files are:
 * <ul>
 * <li>ACCEPT: AcceptEx onto a socket made for it in the listener's family, receiving no data (a
 *     client that connects and sends nothing must not hold the accept up); at the packet the new
 *     socket gets SO_UPDATE_ACCEPT_CONTEXT, without which it has not the listener's properties and
 *     getpeername, getsockname and shutdown fail on it (AcceptEx). A connection reset before it was
 *     taken (WSAECONNRESET) is not the listener's failure: its socket is closed and the accept
 *     goes again, as libuv does, and as Linux, whose accept never returns such a connection.</li>
 * <li>CONNECT: ConnectEx, on a socket bound first to the wildcard of its family if it is not bound
 *     ("WSAEINVAL: the parameter s is an unbound or a listening socket", ConnectEx; an AF_UNIX
 *     socket to no path, as corosio binds it), then SO_UPDATE_CONNECT_CONTEXT at the packet, without
 *     which the socket serves only reads, writes and closesocket. A datagram socket connects with
 *     plain connect, which never waits, and from then on reports ICMP port unreachables as the
 *     JDK's connected datagram channels do.</li>
 * <li>SEND, RECV: WSASend, WSARecv of one WSABUF; 0 bytes received is the end of the stream.</li>
 * <li>SEND_TO, RECV_FROM: WSASendTo, WSARecvFrom; the sender's address and its length live in the
 *     block until the packet. A datagram longer than the buffer completes with WSAEMSGSIZE and
 *     the buffer full: a truncated {@link Received}. A reset on an unconnected datagram socket is an
 *     ICMP message about an earlier send, not about this receive: it is received again (libuv); on
 *     a connected one it is the JDK's PortUnreachableException.</li>
 * <li>POLL for reading on a stream socket: a zero-byte WSARecv, which completes when data (or the
 *     end) arrives and takes nothing (libuv's "zero read").</li>
 * </ul>
 * A failed packet's Winsock error comes from WSAGetOverlappedResult ({@link Winsock#overlappedError}),
 * which translates the NTSTATUS as Winsock's callers expect (WSAECONNREFUSED, WSAECONNRESET, where
 * RtlNtStatusToDosError would give ERROR_CONNECTION_REFUSED or ERROR_NETNAME_DELETED).
 */
final class SocketOperations {
    /** {@link #outcome}: the call must go to the OS again with the same block (the request stays in flight). */
    static final long AGAIN = Long.MIN_VALUE;

    private final Winsock winsock;

    SocketOperations(Winsock winsock) {
        this.winsock = winsock;
    }

    /** Whether the opcode is a socket call this class serves (POLL too, for a socket handle). */
    static boolean isSocketCall(Opcode opcode) {
        return switch (opcode) {
            case ACCEPT, CONNECT, SEND, RECV, SEND_TO, RECV_FROM -> true;
            default -> false;
        };
    }

    /**
     * Starts the request's call with its block (its OVERLAPPED readied): 0 when a packet will
     * complete it, else the Winsock error, and then no packet comes.
     *
     * @throws SocketException for an address Windows cannot take (the request fails with it)
     */
    int issue(Request op, SocketHandles.Socket socket, MemorySegment block) throws SocketException {
        SocketBlock.clear(block);
        long s = op.handle();
        long wsabuf = block.address() + SocketBlock.WSABUF;
        long flags = block.address() + SocketBlock.FLAGS;
        return switch (op.opcode()) {
            case ACCEPT -> accept(s, socket, block);
            case CONNECT -> connect(op, socket, block);
            case SEND -> {
                SocketBlock.buffer(block, Buffers.writeAddress(op.buffer()), Buffers.writeLength(op.buffer()));
                yield winsock.send(s, wsabuf, block);
            }
            case RECV -> {
                SocketBlock.buffer(block, Buffers.readAddress(op.buffer()), Buffers.readLength(op.buffer()));
                yield winsock.recv(s, wsabuf, flags, block);
            }
            case POLL -> {
                SocketBlock.buffer(block, block.address(), 0); // no bytes: any valid address will do
                yield winsock.recv(s, wsabuf, flags, block);
            }
            case SEND_TO -> {
                SocketBlock.buffer(block, Buffers.writeAddress(op.buffer()), Buffers.writeLength(op.buffer()));
                int length = op.address() == null ? 0 : WinsockAddresses.encode(op.address(), SocketBlock.address(block));
                yield winsock.sendTo(s, wsabuf, length == 0 ? 0 : block.address() + SocketBlock.ADDRESS, length, block);
            }
            case RECV_FROM -> {
                SocketBlock.buffer(block, Buffers.readAddress(op.buffer()), Buffers.readLength(op.buffer()));
                block.set(ValueLayout.JAVA_INT, SocketBlock.ADDRESS_LENGTH, (int) SOCKADDR_STORAGE.byteSize());
                yield winsock.recvFrom(s, wsabuf, flags, block.address() + SocketBlock.ADDRESS, block.address() + SocketBlock.ADDRESS_LENGTH, block);
            }
            default -> throw new IllegalStateException(op.opcode() + " is no socket call");
        };
    }

    /** AcceptEx onto a new socket of the listener's family, kept in the block (and registered, so it is closed as a socket whatever happens). */
    private int accept(long listener, SocketHandles.Socket socket, MemorySegment block) {
        long accepted = winsock.socket(WindowsSockets.af(socket.family), SOCK_STREAM);
        if (accepted < 0) {
            return (int) -accepted;
        }
        SocketHandles.add(accepted, socket.family, SocketType.STREAM);
        block.set(ValueLayout.JAVA_LONG, SocketBlock.ACCEPT_SOCKET, accepted);
        block.set(ValueLayout.JAVA_LONG, SocketBlock.LISTENER, listener);
        int rc = winsock.acceptEx(listener, accepted, block.address() + SocketBlock.ACCEPT_ADDRESSES, SocketBlock.ACCEPT_ADDRESS_LENGTH,
                block.address() + SocketBlock.BYTES, block);
        if (rc != 0) {
            discardAccepted(block);
        }
        return rc;
    }

    private int connect(Request op, SocketHandles.Socket socket, MemorySegment block) throws SocketException {
        MemorySegment address = SocketBlock.address(block);
        if (!socket.bound) {
            int length = WinsockAddresses.encode(WinsockAddresses.unbound(socket.family), address);
            int error = winsock.bind(op.handle(), address, length);
            if (error != 0) {
                return error;
            }
            socket.bound = true;
        }
        int length = WinsockAddresses.encode(op.address(), address);
        return winsock.connectEx(op.handle(), block.address() + SocketBlock.ADDRESS, length, block);
    }

    /**
     * CONNECT of a datagram socket: connect sets the peer at once; from then on an ICMP port
     * unreachable fails the next receive (SIO_UDP_CONNRESET on, as the JDK's connected
     * DatagramChannel). 0 or the Winsock error.
     */
    int connectDatagram(Request op, SocketHandles.Socket socket) throws SocketException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(SOCKADDR_STORAGE);
            int error = winsock.connect(op.handle(), address, WinsockAddresses.encode(op.address(), address));
            if (error == 0) {
                socket.bound = true;
                socket.connected = true;
                error = winsock.reportUdpResets(op.handle(), true);
            }
            return error;
        }
    }

    /**
     * What the packet of the request's call means, as the loop takes it (a result, or a negated
     * error), given the Winsock error of the call (0: it succeeded) and the bytes it moved; or
     * {@link #AGAIN} when the call must be made again (the request stays in flight).
     */
    long outcome(Request op, SocketHandles.Socket socket, MemorySegment block, int error, int bytes) {
        switch (op.opcode()) {
            case ACCEPT -> {
                long accepted = block.get(ValueLayout.JAVA_LONG, SocketBlock.ACCEPT_SOCKET);
                if (error == 0) {
                    error = winsock.setOption(accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, block.asSlice(SocketBlock.LISTENER, 8));
                }
                if (error == 0) {
                    SocketHandles.Socket s = SocketHandles.of(accepted);
                    s.bound = true;
                    s.connected = true;
                    return accepted;
                }
                discardAccepted(block);
                return error == WindowsErrors.WSAECONNRESET && !op.isCancelRequested() ? AGAIN : -error;
            }
            case CONNECT -> {
                if (error == 0) {
                    error = winsock.setOption(op.handle(), SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, MemorySegment.NULL);
                }
                if (error == 0) {
                    socket.connected = true;
                }
                return error == 0 ? 0 : -error;
            }
            case RECV_FROM -> {
                if (error == WindowsErrors.WSAEMSGSIZE) {
                    block.set(ValueLayout.JAVA_INT, SocketBlock.TRUNCATED, 1);
                    return Integer.toUnsignedLong(bytes);
                }
                if (error == WindowsErrors.WSAECONNRESET || error == WindowsErrors.WSAENETRESET) {
                    if (!socket.connected) {
                        return op.isCancelRequested() ? -WindowsErrors.ERROR_OPERATION_ABORTED : AGAIN;
                    }
                    error = WindowsErrors.WSAECONNREFUSED; // the peer's port is closed: the JDK's PortUnreachableException
                }
            }
            case POLL -> {
                // Data, the end, or a failure the next read will report: a read would not wait.
                return error != WindowsErrors.ERROR_OPERATION_ABORTED ? Request.POLL_IN : -error;
            }
            default -> {
            }
        }
        return error == 0 ? Integer.toUnsignedLong(bytes) : -error;
    }

    /** The datagram a successful RECV_FROM received: its length, its sender, whether it was cut short. */
    static Received received(MemorySegment block, long bytes) {
        int length = block.get(ValueLayout.JAVA_INT, SocketBlock.ADDRESS_LENGTH);
        try {
            return new Received((int) bytes, WinsockAddresses.decode(SocketBlock.address(block), length),
                    block.get(ValueLayout.JAVA_INT, SocketBlock.TRUNCATED) != 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The accept socket of a failed AcceptEx: nobody will use it. */
    private void discardAccepted(MemorySegment block) {
        long accepted = block.get(ValueLayout.JAVA_LONG, SocketBlock.ACCEPT_SOCKET);
        SocketHandles.remove(accepted);
        winsock.close(accepted);
        block.set(ValueLayout.JAVA_LONG, SocketBlock.ACCEPT_SOCKET, 0);
    }
}
