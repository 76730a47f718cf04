package io.rusticated.windows;

import java.lang.foreign.MemorySegment;

/**
 * The Winsock calls rusticated makes, behind one seam: ws2_32 and mswsock on Windows
 * ({@link Win32Winsock}); in the tests, a stand-in that follows the documented semantics. Each
 * returns a Winsock error code, 0 for success, and never throws for an OS failure. Addresses
 * ({@code long}) point into memory the caller keeps alive for as long as the call needs it: for
 * the overlapped calls, the request's {@link SocketBlock}, until its packet.
 */
interface Winsock {
    /**
     * {@code WSASocketW(af, type, 0, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT)}:
     * an overlapped socket (it can be associated with a completion port), not inherited by
     * children; or the negated error.
     */
    long socket(int af, int type);

    /** closesocket: its pending overlapped calls complete with WSA_OPERATION_ABORTED. */
    int close(long s);

    int bind(long s, MemorySegment address, int length);

    int listen(long s, int backlog);

    /** connect, for datagram sockets only (it sets the peer at once; streams connect with {@link #connectEx}). */
    int connect(long s, MemorySegment address, int length);

    /** getsockname ({@code peer} false) or getpeername into {@code address}, its room and then its length in {@code length}. */
    int name(long s, boolean peer, MemorySegment address, MemorySegment length);

    /** setsockopt with {@code value.byteSize()} bytes. */
    int setOption(long s, int level, int name, MemorySegment value);

    /** getsockopt into {@code value}, its room and then its length in {@code length}. */
    int getOption(long s, int level, int name, MemorySegment value, MemorySegment length);

    int shutdown(long s, int how);

    /** {@code WSAIoctl(SIO_UDP_CONNRESET)}: whether the datagram socket reports an ICMP port unreachable as WSAECONNRESET. */
    int reportUdpResets(long s, boolean report);

    // ---- overlapped: 0 when a packet will follow (the call returned TRUE or WSA_IO_PENDING), else the error and no packet ----

    /**
     * AcceptEx with no data received: the next connection of {@code listener} onto the
     * unbound socket {@code accepted}; the addresses go to {@code addresses}, each in
     * {@code addressLength} bytes (16 more than the longest address).
     */
    int acceptEx(long listener, long accepted, long addresses, int addressLength, long bytesReceived, MemorySegment block);

    /** ConnectEx with no data sent, on a bound stream socket. */
    int connectEx(long s, long address, int length, MemorySegment block);

    /** WSARecv into one WSABUF ({@code flags}: a DWORD, in and out). */
    int recv(long s, long wsabuf, long flags, MemorySegment block);

    /** WSASend of one WSABUF. */
    int send(long s, long wsabuf, MemorySegment block);

    /** WSARecvFrom into one WSABUF; the sender is written to {@code from}, its length to the int at {@code fromLength}. */
    int recvFrom(long s, long wsabuf, long flags, long from, long fromLength, MemorySegment block);

    /** WSASendTo of one WSABUF to {@code to} ({@code 0} and length 0: a connected socket's peer). */
    int sendTo(long s, long wsabuf, long to, int toLength, MemorySegment block);

    /**
     * The Winsock error of an overlapped call whose packet reported a failure
     * ({@code WSAGetOverlappedResult}, which translates the NTSTATUS the packet carries).
     */
    int overlappedError(long s, MemorySegment block);
}
