package io.rusticated.windows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.rusticated.windows.WindowsAbi.*;

/**
 * The {@link Winsock} of a real Windows: ws2_32, and mswsock's AcceptEx and ConnectEx through the
 * pointers {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} gives, asked once per address
 * family on a socket of that family ("the function pointer ... obtained ... for a specific
 * socket", since a provider may supply its own: AF_UNIX sockets come from afunix.sys).
 */
final class Win32Winsock implements Winsock {
    static final Win32Winsock INSTANCE = new Win32Winsock();

    /** WSAStartup(2.2), once, before the first socket ("must be the first Windows Sockets function called"); never undone. */
    private static final class Startup {
        static final int ERROR = start();

        private static int start() {
            try (Arena arena = Arena.ofConfined()) {
                return Ws2_32.WSAStartup((short) 0x0202, arena.allocate(WSADATA).address()); // MAKEWORD(2, 2)
            }
        }
    }

    /** Extension function addresses by address family. */
    private final Map<Integer, Long> acceptEx = new ConcurrentHashMap<>();
    private final Map<Integer, Long> connectEx = new ConcurrentHashMap<>();

    private Win32Winsock() {
    }

    @Override
    public long socket(int af, int type) {
        if (Startup.ERROR != 0) {
            return -Startup.ERROR;
        }
        long s = Ws2_32.WSASocketW(af, type, 0, 0, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
        return s == INVALID_SOCKET ? -Win32Linker.lastWsaError() : s;
    }

    @Override
    public int close(long s) {
        return ok(Ws2_32.closesocket(s));
    }

    @Override
    public int bind(long s, MemorySegment address, int length) {
        return ok(Ws2_32.bind(s, address.address(), length));
    }

    @Override
    public int listen(long s, int backlog) {
        return ok(Ws2_32.listen(s, backlog));
    }

    @Override
    public int connect(long s, MemorySegment address, int length) {
        return ok(Ws2_32.connect(s, address.address(), length));
    }

    @Override
    public int name(long s, boolean peer, MemorySegment address, MemorySegment length) {
        return ok(peer ? Ws2_32.getpeername(s, address.address(), length.address()) : Ws2_32.getsockname(s, address.address(), length.address()));
    }

    @Override
    public int setOption(long s, int level, int name, MemorySegment value) {
        return ok(Ws2_32.setsockopt(s, level, name, value.address(), (int) value.byteSize()));
    }

    @Override
    public int getOption(long s, int level, int name, MemorySegment value, MemorySegment length) {
        return ok(Ws2_32.getsockopt(s, level, name, value.address(), length.address()));
    }

    @Override
    public int shutdown(long s, int how) {
        return ok(Ws2_32.shutdown(s, how));
    }

    @Override
    public int reportUdpResets(long s, boolean report) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment on = arena.allocate(ValueLayout.JAVA_INT);
            on.set(ValueLayout.JAVA_INT, 0, report ? 1 : 0);
            MemorySegment returned = arena.allocate(ValueLayout.JAVA_INT);
            return ok(Ws2_32.WSAIoctl(s, SIO_UDP_CONNRESET, on.address(), 4, 0, 0, returned.address(), 0, 0));
        }
    }

    @Override
    public int acceptEx(long listener, long accepted, long addresses, int addressLength, long bytesReceived, MemorySegment block) {
        long function = extension(listener, WSAID_ACCEPTEX, acceptEx);
        if (function < 0) {
            return (int) -function;
        }
        return pendingOr(Ws2_32.AcceptEx(function, listener, accepted, addresses, 0, addressLength, addressLength, bytesReceived, block.address()));
    }

    @Override
    public int connectEx(long s, long address, int length, MemorySegment block) {
        long function = extension(s, WSAID_CONNECTEX, connectEx);
        if (function < 0) {
            return (int) -function;
        }
        return pendingOr(Ws2_32.ConnectEx(function, s, address, length, 0, 0, 0, block.address()));
    }

    /** NULL for the byte counts: "use NULL for this parameter if the lpOverlapped parameter is not NULL" (WSARecv). */
    @Override
    public int recv(long s, long wsabuf, long flags, MemorySegment block) {
        return socketPendingOr(Ws2_32.WSARecv(s, wsabuf, 1, 0, flags, block.address(), 0));
    }

    @Override
    public int send(long s, long wsabuf, MemorySegment block) {
        return socketPendingOr(Ws2_32.WSASend(s, wsabuf, 1, 0, 0, block.address(), 0));
    }

    @Override
    public int recvFrom(long s, long wsabuf, long flags, long from, long fromLength, MemorySegment block) {
        return socketPendingOr(Ws2_32.WSARecvFrom(s, wsabuf, 1, 0, flags, from, fromLength, block.address(), 0));
    }

    @Override
    public int sendTo(long s, long wsabuf, long to, int toLength, MemorySegment block) {
        return socketPendingOr(Ws2_32.WSASendTo(s, wsabuf, 1, 0, 0, to, toLength, block.address(), 0));
    }

    @Override
    public int overlappedError(long s, MemorySegment block) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment transferred = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment flags = arena.allocate(ValueLayout.JAVA_INT);
            return Ws2_32.WSAGetOverlappedResult(s, block.address(), transferred.address(), 0, flags.address()) != 0 ? 0 : Win32Linker.lastWsaError();
        }
    }

    /** The extension function's address for the socket's family, asked of the socket the first time; or the negated error. */
    private static long extension(long s, Guid id, Map<Integer, Long> byFamily) {
        SocketHandles.Socket known = SocketHandles.of(s);
        int family = known == null ? -1 : known.family.ordinal();
        Long cached = family < 0 ? null : byFamily.get(family);
        if (cached != null) {
            return cached;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment guid = arena.allocate(GUID);
            id.writeTo(guid);
            MemorySegment function = arena.allocate(ValueLayout.JAVA_LONG);
            MemorySegment returned = arena.allocate(ValueLayout.JAVA_INT);
            if (Ws2_32.WSAIoctl(s, SIO_GET_EXTENSION_FUNCTION_POINTER, guid.address(), (int) GUID.byteSize(), function.address(), 8,
                    returned.address(), 0, 0) != 0) {
                return -Win32Linker.lastWsaError();
            }
            long f = function.get(ValueLayout.JAVA_LONG, 0);
            if (family >= 0) {
                byFamily.put(family, f);
            }
            return f;
        }
    }

    /** 0 for a call that returned 0, else its Winsock error. */
    private static int ok(int rc) {
        return rc == 0 ? 0 : Win32Linker.lastWsaError();
    }

    /** A BOOL extension function: TRUE and ERROR_IO_PENDING both mean a packet will come. */
    private static int pendingOr(int bool) {
        return bool != 0 ? 0 : pendingOrError();
    }

    /** A WSA* overlapped call: 0 and WSA_IO_PENDING (997) both mean a packet will come. */
    private static int socketPendingOr(int rc) {
        return rc == 0 ? 0 : pendingOrError();
    }

    private static int pendingOrError() {
        int error = Win32Linker.lastWsaError();
        return error == WindowsErrors.ERROR_IO_PENDING ? 0 : error;
    }
}
