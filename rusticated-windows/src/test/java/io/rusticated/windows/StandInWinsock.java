package io.rusticated.windows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

import static io.rusticated.windows.WindowsAbi.*;
import static io.rusticated.windows.WindowsErrors.*;

/**
 * Winsock on the {@link StandInWindows} kernel: loopback TCP, UDP and AF_UNIX stream sockets inside
 * one process, whose overlapped calls hold their OVERLAPPED and complete by packet exactly as the
 * kernel's files and pipes do (R2 to R5, R9, R12). Each behaviour follows a documented rule:
 * <ul>
 * <li><b>W1</b> AcceptEx needs a listening socket and an accept socket neither bound nor connected
 *     ("WSAEINVAL ... sAcceptSocket ... must not be bound or connected"); it completes when a
 *     connection is queued, with a packet on the listener's port; a connection its client reset
 *     before it was taken completes it with STATUS_CONNECTION_RESET (libuv's
 *     uv__process_tcp_accept_req treats that as "accept again");</li>
 * <li><b>W2</b> until SO_UPDATE_ACCEPT_CONTEXT (with the listener's handle) or SO_UPDATE_CONNECT_CONTEXT
 *     is set, an AcceptEx or ConnectEx socket is "in the default state for a connected socket" and
 *     getpeername, getsockname and shutdown fail with WSAENOTCONN ("this option should be set if the
 *     getpeername, getsockname, getsockopt, setsockopt, or shutdown functions are to be used", SOL_SOCKET
 *     options);</li>
 * <li><b>W3</b> ConnectEx needs a bound, unconnected stream socket ("WSAEINVAL: the parameter s is an
 *     unbound or a listening socket"; "WSAEISCONN"); with no listener at the address it completes by
 *     packet with STATUS_CONNECTION_REFUSED, which WSAGetOverlappedResult reports as WSAECONNREFUSED;</li>
 * <li><b>W4</b> WSARecv completes at once (a packet still comes, R2) when bytes are queued, with 0 bytes
 *     after the peer's FIN, with STATUS_CONNECTION_RESET after its RST; else it waits; a zero-byte
 *     WSARecv completes when data arrives and takes none;</li>
 * <li><b>W5</b> closesocket cancels the socket's pending overlapped calls ("any pending overlapped send and
 *     receive operations ... are also canceled": STATUS_CANCELLED, WSA_OPERATION_ABORTED), sends a FIN,
 *     or an RST when SO_LINGER is on with a zero timeout or received data is unread (RFC 1122 4.2.2.13),
 *     and frees the address; data sent to a closed peer is answered with an RST;</li>
 * <li><b>W6</b> shutdown(SD_SEND) sends a FIN; sending after it fails with WSAESHUTDOWN; shutdown of an
 *     unconnected socket fails with WSAENOTCONN;</li>
 * <li><b>W7</b> WSASendTo on an unbound datagram socket binds it to the wildcard and a free port ("the
 *     socket is then marked as bound"); a datagram longer than the receive buffer fills it and fails
 *     with WSAEMSGSIZE (STATUS_BUFFER_OVERFLOW), the rest discarded ("the excess data is lost");</li>
 * <li><b>W8</b> a datagram to a port nobody has bound draws an ICMP port unreachable: a UDP socket reports
 *     it as STATUS_PORT_UNREACHABLE (WSAECONNRESET) on its next receive unless SIO_UDP_CONNRESET turned
 *     that off (KB263823; on by default);</li>
 * <li><b>W9</b> getsockname of an unbound socket fails with WSAEINVAL; bind of a port another socket has
 *     fails with WSAEADDRINUSE, of an address not this host's with WSAEADDRNOTAVAIL; port 0 takes a free
 *     port from the dynamic range 49152-65535 (KB929851);</li>
 * <li><b>W10</b> a datagram socket's connect sets its peer at once (no packet) and from then on takes
 *     datagrams from that peer only; connect to an address of zeros dissolves the association ("if
 *     the address member of the structure specified by the name parameter is filled with zeros, the
 *     socket will be disconnected"), the socket keeping its local address;</li>
 * <li><b>W11</b> a connection to a host that never answers (here any address not on loopback, such as
 *     TEST-NET-1, RFC 5737) leaves ConnectEx pending: TCP retransmits its SYN (TcpMaxConnectRetransmissions,
 *     about 21 s) before it gives up; CancelIoEx ends it (R5);</li>
 * <li><b>W12</b> WSASocketW fails with WSAEMFILE when "no more socket descriptors are available"
 *     ({@link #refuseSockets});</li>
 * <li><b>W13</b> an overlapped WSASend completes once the stack has taken its bytes; while the peer
 *     reads nothing, its receive buffer and this socket's send buffer fill ({@link #WINDOW} bytes
 *     here) and further sends wait, in order, until the peer reads; CancelIoEx or closesocket ends a
 *     waiting send, of which nothing was sent (the stand-in takes a send whole or not at all, and one
 *     longer than the window once nothing is unread).</li>
 * </ul>
 */
final class StandInWinsock implements Winsock {
    /** Bytes a connection holds unread before sends wait (W13): the receiver's and the sender's default buffers, 64 KiB each. */
    static final int WINDOW = 128 * 1024;

    private final StandInWindows kernel;
    /** Bound addresses: "tcp:PORT", "udp:PORT" (either family: sockets are dual stack) or "unix:PATH". */
    private final Map<String, Sock> bound = new HashMap<>();
    private int nextPort = 49152;
    /** While true, every WSASocketW fails with WSAEMFILE (W12); {@link #socketCalls} counts the calls. */
    volatile boolean refuseSockets;
    final java.util.concurrent.atomic.AtomicInteger socketCalls = new java.util.concurrent.atomic.AtomicInteger();
    /** Connections reset before they were accepted, for tests (W1). */
    volatile boolean resetBeforeAccept;

    StandInWinsock(StandInWindows kernel) {
        this.kernel = kernel;
    }

    /** One socket. */
    static final class Sock {
        final int af;
        final int type;
        SocketAddress local;
        SocketAddress remote;
        boolean listening;
        /** Connected by AcceptEx or ConnectEx, context not yet updated (W2). */
        boolean contextPending;
        boolean closed;
        /** The other end of a stream connection. */
        Sock peer;
        final ByteArrayOutputStream inbound = new ByteArrayOutputStream();
        int readFrom;
        boolean finReceived;
        boolean resetReceived;
        boolean sendShut;
        /** SIO_UDP_CONNRESET: on by default (W8). */
        boolean reportResets = true;
        boolean icmpPending;
        final ArrayDeque<Call> reads = new ArrayDeque<>();
        /** Sends waiting for room at the peer (W13). */
        final ArrayDeque<Call> sends = new ArrayDeque<>();
        /** A listener's connections not yet accepted (their server sides), and its pending AcceptEx calls. */
        final ArrayDeque<Sock> backlog = new ArrayDeque<>();
        final ArrayDeque<Call> accepts = new ArrayDeque<>();
        final ArrayDeque<Datagram> datagrams = new ArrayDeque<>();
        /** ConnectEx calls waiting for an answer that will not come (W11). */
        final ArrayDeque<StandInWindows.Pending> connects = new ArrayDeque<>();
        final Map<Integer, Integer> options = new HashMap<>();

        Sock(int af, int type) {
            this.af = af;
            this.type = type;
        }

        int available() {
            return inbound.size() - readFrom;
        }
    }

    record Datagram(byte[] data, SocketAddress from) {
    }

    /** An overlapped call waiting in a socket: a receive (its WSABUF, flags, and the sender's room) or an AcceptEx. */
    static final class Call extends StandInWindows.Pending {
        final long from;
        final long fromLength;
        final long accepted;

        Call(long handle, long overlapped, long address, int length, long from, long fromLength, long accepted) {
            super(handle, overlapped, address, length);
            this.from = from;
            this.fromLength = fromLength;
            this.accepted = accepted;
        }
    }

    private Sock sock(long s) {
        return kernel.object(s) instanceof Sock k && !k.closed ? k : null;
    }

    @Override
    public long socket(int af, int type) {
        socketCalls.incrementAndGet();
        if (refuseSockets) {
            return -10024; // WSAEMFILE, W12
        }
        if (af != AF_INET && af != AF_INET6 && af != AF_UNIX) {
            return -10047; // WSAEAFNOSUPPORT
        }
        return kernel.add(new Sock(af, type));
    }

    /** W5. */
    @Override
    public int close(long s) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            k.closed = true;
            for (Call c : k.reads) {
                kernel.complete(c, STATUS_CANCELLED, 0);
            }
            k.reads.clear();
            for (Call c : k.sends) {
                kernel.complete(c, STATUS_CANCELLED, 0);
            }
            k.sends.clear();
            for (Call c : k.accepts) {
                kernel.complete(c, STATUS_CANCELLED, 0);
            }
            k.accepts.clear();
            for (StandInWindows.Pending c : k.connects) {
                kernel.complete(c, STATUS_CANCELLED, 0);
            }
            k.connects.clear();
            for (Sock waiting : k.backlog) {
                reset(waiting.peer);
            }
            k.backlog.clear();
            if (k.peer != null && !k.peer.closed) {
                Integer linger = k.options.get(key(SOL_SOCKET, SO_LINGER));
                boolean abortive = (linger != null && (linger & 0xffff) != 0 && (linger >>> 16) == 0) || k.available() > 0;
                if (abortive) {
                    reset(k.peer);
                } else {
                    fin(k.peer);
                }
            }
            if (k.local != null) {
                bound.remove(addressKey(k, k.local), k); // an accepted connection shares its listener's address but holds no binding
            }
            kernel.forget(s);
            return 0;
        }
    }

    private void reset(Sock k) {
        if (k == null || k.closed) {
            return;
        }
        k.resetReceived = true;
        serveReads(k);
        for (Call c : k.sends) {
            kernel.complete(c, STATUS_CONNECTION_RESET, 0);
        }
        k.sends.clear();
    }

    private void fin(Sock k) {
        k.finReceived = true;
        serveReads(k);
    }

    @Override
    public int bind(long s, MemorySegment address, int length) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (k.local != null) {
                return WSAEINVAL; // already bound
            }
            SocketAddress a;
            try {
                a = WinsockAddresses.decode(address, length);
            } catch (IOException e) {
                return 10014; // WSAEFAULT
            }
            return bindTo(k, a);
        }
    }

    /** W9. */
    private int bindTo(Sock k, SocketAddress a) {
        if (a instanceof InetSocketAddress inet) {
            if (!inet.getAddress().isAnyLocalAddress() && !inet.getAddress().isLoopbackAddress()) {
                return 10049; // WSAEADDRNOTAVAIL
            }
            int port = inet.getPort();
            if (port == 0) {
                while (bound.containsKey(protocol(k) + ":" + nextPort)) {
                    nextPort = nextPort == 65535 ? 49152 : nextPort + 1;
                }
                port = nextPort++;
            }
            a = new InetSocketAddress(inet.getAddress(), port);
        }
        String key = addressKey(k, a);
        if (key != null) {
            if (bound.containsKey(key)) {
                return WSAEADDRINUSE;
            }
            bound.put(key, k);
        }
        k.local = a;
        return 0;
    }

    private static String protocol(Sock k) {
        return k.type == SOCK_STREAM ? "tcp" : "udp";
    }

    /** The key an address is bound under; null for an unnamed Unix socket (it takes no name). */
    private static String addressKey(Sock k, SocketAddress a) {
        if (a instanceof InetSocketAddress inet) {
            return protocol(k) + ":" + inet.getPort();
        }
        byte[] path = ((io.rusticated.net.UnixAddress) a).bytes();
        return path.length == 0 ? null : "unix:" + new String(path, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public int listen(long s, int backlog) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (k.local == null || k.type != SOCK_STREAM || k.peer != null) {
                return WSAEINVAL; // "the socket has not been bound with bind"
            }
            k.listening = true;
            return 0;
        }
    }

    /** W10. */
    @Override
    public int connect(long s, MemorySegment address, int length) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (k.type != SOCK_DGRAM) {
                throw new AssertionError("the driver connects stream sockets with ConnectEx, never connect");
            }
            if (address.asSlice(0, length).mismatch(MemorySegment.ofArray(new byte[length])) == -1) {
                k.remote = null; // filled with zeros: disconnected
                return 0;
            }
            try {
                k.remote = WinsockAddresses.decode(address, length);
            } catch (IOException e) {
                return 10014;
            }
            return k.local == null ? bindTo(k, wildcard(k)) : 0;
        }
    }

    @Override
    public int name(long s, boolean peer, MemorySegment address, MemorySegment length) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (k.contextPending) {
                return WSAENOTCONN; // W2
            }
            SocketAddress a = peer ? k.remote : k.local;
            if (a == null) {
                return peer ? WSAENOTCONN : WSAEINVAL; // W9
            }
            try {
                length.set(ValueLayout.JAVA_INT, 0, WinsockAddresses.encode(a, address));
            } catch (SocketException e) {
                return WSAEINVAL;
            }
            return 0;
        }
    }

    private static int key(int level, int name) {
        return level << 16 | (name & 0xffff);
    }

    @Override
    public int setOption(long s, int level, int name, MemorySegment value) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (level == SOL_SOCKET && name == SO_UPDATE_ACCEPT_CONTEXT) {
                if (value.byteSize() != 8 || !(sock(value.get(ValueLayout.JAVA_LONG, 0)) instanceof Sock l) || !l.listening) {
                    return WSAEINVAL; // the value is the listening socket
                }
                k.contextPending = false;
                return 0;
            }
            if (level == SOL_SOCKET && name == SO_UPDATE_CONNECT_CONTEXT) {
                k.contextPending = false;
                return 0;
            }
            if (k.contextPending) {
                return WSAENOTCONN; // W2
            }
            int v = value.byteSize() == 4 && level == SOL_SOCKET && name == SO_LINGER
                    ? Short.toUnsignedInt(value.get(ValueLayout.JAVA_SHORT, 0)) | Short.toUnsignedInt(value.get(ValueLayout.JAVA_SHORT, 2)) << 16
                    : value.get(ValueLayout.JAVA_INT, 0);
            k.options.put(key(level, name), v);
            return 0;
        }
    }

    @Override
    public int getOption(long s, int level, int name, MemorySegment value, MemorySegment length) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            int v = k.options.getOrDefault(key(level, name), level == SOL_SOCKET && (name == SO_SNDBUF || name == SO_RCVBUF) ? 65536 : 0);
            if (level == SOL_SOCKET && name == SO_LINGER) {
                value.set(ValueLayout.JAVA_SHORT, 0, (short) v);
                value.set(ValueLayout.JAVA_SHORT, 2, (short) (v >>> 16));
                length.set(ValueLayout.JAVA_INT, 0, 4);
            } else {
                value.set(ValueLayout.JAVA_INT, 0, v);
                length.set(ValueLayout.JAVA_INT, 0, 4);
            }
            return 0;
        }
    }

    /** W6. */
    @Override
    public int shutdown(long s, int how) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (k.peer == null || k.contextPending) {
                return WSAENOTCONN;
            }
            if (how == SD_SEND || how == SD_BOTH) {
                if (!k.sendShut) {
                    k.sendShut = true;
                    if (!k.peer.closed) {
                        fin(k.peer);
                    }
                }
            }
            return 0;
        }
    }

    @Override
    public int reportUdpResets(long s, boolean report) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (k.type != SOCK_DGRAM) {
                return WSAEINVAL;
            }
            k.reportResets = report;
            return 0;
        }
    }

    // ---- overlapped ----

    /** W1. */
    @Override
    public int acceptEx(long listener, long accepted, long addresses, int addressLength, long bytesReceived, MemorySegment block) {
        synchronized (kernel.lock) {
            Sock l = sock(listener);
            Sock a = sock(accepted);
            if (l == null || a == null) {
                return WSAENOTSOCK;
            }
            if (!l.listening || a.local != null || a.peer != null || addressLength < 16 + 16) {
                return WSAEINVAL;
            }
            Call c = new Call(listener, block.address(), addresses, 0, 0, 0, accepted);
            if (!kernel.hold(c)) {
                throw new IllegalStateException("R4: OVERLAPPED lent twice");
            }
            c.waitingIn = l.accepts;
            l.accepts.addLast(c);
            serveAccepts(l);
            return 0;
        }
    }

    private void serveAccepts(Sock l) {
        while (!l.accepts.isEmpty() && !l.backlog.isEmpty()) {
            Call c = l.accepts.pollFirst();
            Sock server = l.backlog.pollFirst();
            if (resetBeforeAccept) {
                resetBeforeAccept = false;
                server.peer.resetReceived = true;
                serveReads(server.peer);
                kernel.complete(c, STATUS_CONNECTION_RESET, 0);
                continue;
            }
            server.contextPending = true; // W2
            kernel.replace(c.accepted, server); // the accept socket is now the connection's server side
            kernel.complete(c, STATUS_SUCCESS, 0);
        }
    }

    /** W3. */
    @Override
    public int connectEx(long s, long address, int length, MemorySegment block) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (k.local == null || k.listening || k.type != SOCK_STREAM) {
                return WSAEINVAL;
            }
            if (k.peer != null) {
                return 10056; // WSAEISCONN
            }
            SocketAddress to;
            try {
                to = WinsockAddresses.decode(MemorySegment.ofAddress(address).reinterpret(length), length);
            } catch (IOException e) {
                return 10014;
            }
            StandInWindows.Pending p = new StandInWindows.Pending(s, block.address(), 0, 0);
            if (!kernel.hold(p)) {
                throw new IllegalStateException("R4: OVERLAPPED lent twice");
            }
            if (to instanceof InetSocketAddress inet && !inet.getAddress().isLoopbackAddress()) {
                p.waitingIn = k.connects; // W11
                k.connects.addLast(p);
                return 0;
            }
            Sock l = bound.get(addressKey(k, to));
            if (l == null || !l.listening) {
                kernel.complete(p, STATUS_CONNECTION_REFUSED, 0);
                return 0;
            }
            // A connected socket's address is concrete: the loopback of the version the peer was reached by
            // (an IPv4 peer of a dual-stack socket by its IPv4-mapped address, which reads back as IPv4).
            if (k.local instanceof InetSocketAddress ki && ki.getAddress().isAnyLocalAddress()) {
                k.local = new InetSocketAddress(loopbackFor(to), ki.getPort());
            }
            Sock server = new Sock(l.af, SOCK_STREAM);
            server.local = l.local instanceof InetSocketAddress li && li.getAddress().isAnyLocalAddress()
                    ? new InetSocketAddress(loopbackFor(to), li.getPort()) : l.local;
            server.remote = k.local;
            server.peer = k;
            k.peer = server;
            k.remote = to;
            k.contextPending = true; // W2
            l.backlog.addLast(server);
            serveAccepts(l);
            kernel.complete(p, STATUS_SUCCESS, 0);
            return 0;
        }
    }

    private static InetAddress loopbackFor(SocketAddress to) {
        try {
            return ((InetSocketAddress) to).getAddress() instanceof java.net.Inet4Address
                    ? InetAddress.getByName("127.0.0.1") : InetAddress.getByName("::1");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static InetAddress loopback(Sock k) {
        try {
            return k.af == AF_INET6 ? InetAddress.getByName("::1") : InetAddress.getByName("127.0.0.1");
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private static SocketAddress wildcard(Sock k) {
        try {
            return switch (k.af) {
                case AF_INET -> new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0);
                case AF_INET6 -> new InetSocketAddress(InetAddress.getByName("::"), 0);
                default -> io.rusticated.net.UnixAddress.unnamed();
            };
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** W4. */
    @Override
    public int recv(long s, long wsabuf, long flags, MemorySegment block) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (k.type == SOCK_DGRAM) {
                return recvFrom(s, wsabuf, flags, 0, 0, block);
            }
            if (k.peer == null) {
                return WSAENOTCONN;
            }
            MemorySegment buf = MemorySegment.ofAddress(wsabuf).reinterpret(WSABUF.byteSize());
            Call c = new Call(s, block.address(), buf.get(ValueLayout.JAVA_LONG, WSABUF_BUF), buf.get(ValueLayout.JAVA_INT, WSABUF_LEN), 0, 0, 0);
            if (!kernel.hold(c)) {
                throw new IllegalStateException("R4: OVERLAPPED lent twice");
            }
            c.waitingIn = k.reads;
            k.reads.addLast(c);
            serveReads(k);
            return 0;
        }
    }

    /** Completes the socket's waiting receives in order while it has something for them. */
    private void serveReads(Sock k) {
        while (!k.reads.isEmpty()) {
            Call c = k.reads.peekFirst();
            if (c.cancelled) {
                return; // completes with the kernel's cancels (R5)
            }
            if (k.type == SOCK_DGRAM) {
                if (k.icmpPending) {
                    k.icmpPending = false;
                    k.reads.pollFirst();
                    kernel.complete(c, STATUS_PORT_UNREACHABLE, 0); // W8
                    continue;
                }
                Datagram d = k.datagrams.pollFirst();
                if (d == null) {
                    return;
                }
                k.reads.pollFirst();
                int n = Math.min(c.length, d.data().length);
                MemorySegment.copy(d.data(), 0, MemorySegment.ofAddress(c.address).reinterpret(n), ValueLayout.JAVA_BYTE, 0, n);
                if (c.from != 0) {
                    try {
                        MemorySegment.ofAddress(c.fromLength).reinterpret(4)
                                .set(ValueLayout.JAVA_INT, 0, WinsockAddresses.encode(d.from(), MemorySegment.ofAddress(c.from).reinterpret(SOCKADDR_STORAGE.byteSize())));
                    } catch (SocketException e) {
                        throw new AssertionError(e);
                    }
                }
                kernel.complete(c, n < d.data().length ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS, n); // W7
                continue;
            }
            if (k.resetReceived) {
                k.reads.pollFirst();
                kernel.complete(c, STATUS_CONNECTION_RESET, 0);
            } else if (k.available() > 0) {
                k.reads.pollFirst();
                int n = Math.min(c.length, k.available());
                if (n > 0) {
                    byte[] all = k.inbound.toByteArray();
                    MemorySegment.copy(all, k.readFrom, MemorySegment.ofAddress(c.address).reinterpret(n), ValueLayout.JAVA_BYTE, 0, n);
                    k.readFrom += n;
                }
                kernel.complete(c, STATUS_SUCCESS, n);
                if (k.peer != null) {
                    serveSends(k.peer); // room at this end: the peer's waiting sends go (W13)
                }
            } else if (k.finReceived) {
                k.reads.pollFirst();
                kernel.complete(c, STATUS_SUCCESS, 0);
            } else {
                return;
            }
        }
    }

    @Override
    public int send(long s, long wsabuf, MemorySegment block) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (k.type == SOCK_DGRAM) {
                return sendTo(s, wsabuf, 0, 0, block);
            }
            if (k.peer == null) {
                return WSAENOTCONN;
            }
            if (k.sendShut) {
                return 10058; // WSAESHUTDOWN, W6
            }
            if (k.resetReceived) {
                return WSAECONNRESET;
            }
            MemorySegment buf = MemorySegment.ofAddress(wsabuf).reinterpret(WSABUF.byteSize());
            Call waiting = new Call(s, block.address(), buf.get(ValueLayout.JAVA_LONG, WSABUF_BUF), buf.get(ValueLayout.JAVA_INT, WSABUF_LEN), 0, 0, 0);
            if (!k.peer.closed && (!k.sends.isEmpty() || !fits(k.peer, waiting.length))) {
                if (!kernel.hold(waiting)) {
                    throw new IllegalStateException("R4: OVERLAPPED lent twice");
                }
                waiting.waitingIn = k.sends; // W13: no room at the peer
                k.sends.addLast(waiting);
                return 0;
            }
            byte[] data = bytes(wsabuf);
            StandInWindows.Pending p = new StandInWindows.Pending(s, block.address(), 0, data.length);
            if (!kernel.hold(p)) {
                throw new IllegalStateException("R4: OVERLAPPED lent twice");
            }
            if (k.peer.closed) {
                k.resetReceived = true; // W5: the closed peer answers with an RST; this send was accepted before it
            } else {
                k.peer.inbound.write(data, 0, data.length);
                serveReads(k.peer);
            }
            kernel.complete(p, STATUS_SUCCESS, data.length);
            return 0;
        }
    }

    /** W13: whether the receiver has room for a send of that length (one longer than the window goes when nothing is unread). */
    private static boolean fits(Sock receiver, int length) {
        return receiver.available() == 0 || receiver.available() + length <= WINDOW;
    }

    /** W13: the sender's waiting sends, in order, each once the peer has room for all of it. */
    private void serveSends(Sock sender) {
        while (!sender.sends.isEmpty()) {
            Call c = sender.sends.peekFirst();
            if (c.cancelled || !fits(sender.peer, c.length)) {
                return; // a cancelled one completes with the kernel's cancels (R5)
            }
            sender.sends.pollFirst();
            byte[] data = MemorySegment.ofAddress(c.address).reinterpret(c.length).toArray(ValueLayout.JAVA_BYTE);
            sender.peer.inbound.write(data, 0, data.length);
            kernel.complete(c, STATUS_SUCCESS, c.length);
            serveReads(sender.peer);
        }
    }

    private static byte[] bytes(long wsabuf) {
        MemorySegment buf = MemorySegment.ofAddress(wsabuf).reinterpret(WSABUF.byteSize());
        int length = buf.get(ValueLayout.JAVA_INT, WSABUF_LEN);
        return MemorySegment.ofAddress(buf.get(ValueLayout.JAVA_LONG, WSABUF_BUF)).reinterpret(length).toArray(ValueLayout.JAVA_BYTE);
    }

    @Override
    public int recvFrom(long s, long wsabuf, long flags, long from, long fromLength, MemorySegment block) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            if (k.local == null) {
                return WSAEINVAL; // "the socket has not been bound"
            }
            MemorySegment buf = MemorySegment.ofAddress(wsabuf).reinterpret(WSABUF.byteSize());
            Call c = new Call(s, block.address(), buf.get(ValueLayout.JAVA_LONG, WSABUF_BUF), buf.get(ValueLayout.JAVA_INT, WSABUF_LEN), from, fromLength, 0);
            if (!kernel.hold(c)) {
                throw new IllegalStateException("R4: OVERLAPPED lent twice");
            }
            c.waitingIn = k.reads;
            k.reads.addLast(c);
            serveReads(k);
            return 0;
        }
    }

    /** W7, W8, W10. */
    @Override
    public int sendTo(long s, long wsabuf, long to, int toLength, MemorySegment block) {
        synchronized (kernel.lock) {
            Sock k = sock(s);
            if (k == null) {
                return WSAENOTSOCK;
            }
            SocketAddress target;
            if (to == 0) {
                if (k.remote == null) {
                    return WSAENOTCONN;
                }
                target = k.remote;
            } else {
                try {
                    target = WinsockAddresses.decode(MemorySegment.ofAddress(to).reinterpret(toLength), toLength);
                } catch (IOException e) {
                    return 10014;
                }
            }
            if (k.local == null) {
                int error = bindTo(k, wildcard(k));
                if (error != 0) {
                    return error;
                }
            }
            byte[] data = bytes(wsabuf);
            StandInWindows.Pending p = new StandInWindows.Pending(s, block.address(), 0, data.length);
            if (!kernel.hold(p)) {
                throw new IllegalStateException("R4: OVERLAPPED lent twice");
            }
            Sock r = bound.get(addressKey(k, target));
            InetSocketAddress sender = new InetSocketAddress(loopback(k), ((InetSocketAddress) k.local).getPort());
            if (r == null) {
                if (k.reportResets) {
                    k.icmpPending = true; // W8
                    serveReads(k);
                }
            } else if (r.remote == null || samePort(r.remote, sender)) {
                r.datagrams.addLast(new Datagram(data, sender));
                serveReads(r);
            }
            kernel.complete(p, STATUS_SUCCESS, data.length);
            return 0;
        }
    }

    private static boolean samePort(SocketAddress a, InetSocketAddress b) {
        return a instanceof InetSocketAddress i && i.getPort() == b.getPort();
    }

    /** WSAGetOverlappedResult: the Winsock error for the status in the OVERLAPPED (as AFD translates it). */
    @Override
    public int overlappedError(long s, MemorySegment block) {
        int status = (int) block.get(ValueLayout.JAVA_LONG, OVERLAPPED_INTERNAL);
        return switch (status) {
            case STATUS_SUCCESS -> 0;
            case STATUS_CANCELLED -> ERROR_OPERATION_ABORTED;
            case STATUS_CONNECTION_RESET, STATUS_PORT_UNREACHABLE -> WSAECONNRESET;
            case STATUS_CONNECTION_REFUSED -> WSAECONNREFUSED;
            case STATUS_BUFFER_OVERFLOW -> WSAEMSGSIZE;
            default -> throw new AssertionError("the stand-in produced NTSTATUS 0x" + Integer.toHexString(status));
        };
    }

    /** Sockets the stand-in still has open (not closed with closesocket). */
    int openSockets() {
        synchronized (kernel.lock) {
            return kernel.countObjects(o -> o instanceof Sock k && !k.closed);
        }
    }
}
