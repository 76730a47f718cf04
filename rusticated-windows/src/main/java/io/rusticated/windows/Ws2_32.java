package io.rusticated.windows;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * The Winsock functions rusticated calls, in jextract's shape (see {@link Kernel32}): one static
 * method per function, named after it, arguments in order, SOCKETs and pointers as {@code long}.
 * Each captures the thread's Winsock error ({@code captureCallState("WSAGetLastError")}; read it
 * with {@link Win32Linker#lastWsaError()}), except WSAStartup, which returns its error.
 *
 * <p>AcceptEx and ConnectEx are mswsock extension functions: their address comes from
 * {@code WSAIoctl(SIO_GET_EXTENSION_FUNCTION_POINTER)} on a socket of the provider that will use
 * them ({@link Win32Winsock}), and they are called through it ({@link #CALLED_THROUGH_POINTERS}).
 */
public final class Ws2_32 {
    private Ws2_32() {
    }

    /** The functions called through a pointer rather than linked by name (jextract's {@code LPFN_} typedefs). */
    static final List<String> CALLED_THROUGH_POINTERS = List.of("AcceptEx", "ConnectEx");

    /** ws2_32, linked on first use. */
    private static final class Calls {
        static final MethodHandle WSAStartup = Win32Linker.downcall("ws2_32", "WSAStartup", FunctionDescriptor.of(JAVA_INT, JAVA_SHORT, JAVA_LONG));
        static final MethodHandle WSASocketW = Win32Linker.downcallCapturingWsa("ws2_32", "WSASocketW", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT));
        static final MethodHandle closesocket = Win32Linker.downcallCapturingWsa("ws2_32", "closesocket", FunctionDescriptor.of(JAVA_INT, JAVA_LONG));
        static final MethodHandle bind = Win32Linker.downcallCapturingWsa("ws2_32", "bind", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle listen = Win32Linker.downcallCapturingWsa("ws2_32", "listen", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle connect = Win32Linker.downcallCapturingWsa("ws2_32", "connect", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT));
        static final MethodHandle getsockname = Win32Linker.downcallCapturingWsa("ws2_32", "getsockname", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle getpeername = Win32Linker.downcallCapturingWsa("ws2_32", "getpeername", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle setsockopt = Win32Linker.downcallCapturingWsa("ws2_32", "setsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle getsockopt = Win32Linker.downcallCapturingWsa("ws2_32", "getsockopt", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle shutdown = Win32Linker.downcallCapturingWsa("ws2_32", "shutdown", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT));
        static final MethodHandle WSAIoctl = Win32Linker.downcallCapturingWsa("ws2_32", "WSAIoctl", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle WSARecv = Win32Linker.downcallCapturingWsa("ws2_32", "WSARecv", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle WSASend = Win32Linker.downcallCapturingWsa("ws2_32", "WSASend", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle WSARecvFrom = Win32Linker.downcallCapturingWsa("ws2_32", "WSARecvFrom", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG));
        static final MethodHandle WSASendTo = Win32Linker.downcallCapturingWsa("ws2_32", "WSASendTo", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG));
        static final MethodHandle WSAGetOverlappedResult = Win32Linker.downcallCapturingWsa("ws2_32", "WSAGetOverlappedResult", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG));
    }

    /** BOOL AcceptEx(SOCKET, SOCKET, PVOID, DWORD, DWORD, DWORD, LPDWORD, LPOVERLAPPED). */
    private static final FunctionDescriptor ACCEPTEX = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
    /** BOOL ConnectEx(SOCKET, const struct sockaddr *, int, PVOID, DWORD, LPDWORD, LPOVERLAPPED). */
    private static final FunctionDescriptor CONNECTEX = FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG);
    /** Extension functions linked at their addresses (one per provider that gave one: a handful). */
    private static final Map<Long, MethodHandle> AT_ADDRESS = new ConcurrentHashMap<>();

    private static MethodHandle at(long function, FunctionDescriptor fd) {
        return AT_ADDRESS.computeIfAbsent(function, f -> Win32Linker.downcallAtCapturingWsa(f, fd));
    }

    /** int WSAStartup(WORD, LPWSADATA): 0, or the error (no last error). */
    public static int WSAStartup(short versionRequested, long wsaData) {
        try {
            return (int) Calls.WSAStartup.invokeExact(versionRequested, wsaData);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** SOCKET WSASocketW(int, int, int, LPWSAPROTOCOL_INFOW, GROUP, DWORD): INVALID_SOCKET on failure. */
    public static long WSASocketW(int af, int type, int protocol, long protocolInfo, int group, int flags) {
        try {
            return (long) Calls.WSASocketW.invokeExact(Win32Linker.slot(), af, type, protocol, protocolInfo, group, flags);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int closesocket(SOCKET). */
    public static int closesocket(long s) {
        try {
            return (int) Calls.closesocket.invokeExact(Win32Linker.slot(), s);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int bind(SOCKET, const struct sockaddr *, int). */
    public static int bind(long s, long name, int nameLength) {
        try {
            return (int) Calls.bind.invokeExact(Win32Linker.slot(), s, name, nameLength);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int listen(SOCKET, int). */
    public static int listen(long s, int backlog) {
        try {
            return (int) Calls.listen.invokeExact(Win32Linker.slot(), s, backlog);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int connect(SOCKET, const struct sockaddr *, int). */
    public static int connect(long s, long name, int nameLength) {
        try {
            return (int) Calls.connect.invokeExact(Win32Linker.slot(), s, name, nameLength);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int getsockname(SOCKET, struct sockaddr *, int *). */
    public static int getsockname(long s, long name, long nameLength) {
        try {
            return (int) Calls.getsockname.invokeExact(Win32Linker.slot(), s, name, nameLength);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int getpeername(SOCKET, struct sockaddr *, int *). */
    public static int getpeername(long s, long name, long nameLength) {
        try {
            return (int) Calls.getpeername.invokeExact(Win32Linker.slot(), s, name, nameLength);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int setsockopt(SOCKET, int, int, const char *, int). */
    public static int setsockopt(long s, int level, int optionName, long value, int valueLength) {
        try {
            return (int) Calls.setsockopt.invokeExact(Win32Linker.slot(), s, level, optionName, value, valueLength);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int getsockopt(SOCKET, int, int, char *, int *). */
    public static int getsockopt(long s, int level, int optionName, long value, long valueLength) {
        try {
            return (int) Calls.getsockopt.invokeExact(Win32Linker.slot(), s, level, optionName, value, valueLength);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int shutdown(SOCKET, int). */
    public static int shutdown(long s, int how) {
        try {
            return (int) Calls.shutdown.invokeExact(Win32Linker.slot(), s, how);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int WSAIoctl(SOCKET, DWORD, LPVOID, DWORD, LPVOID, DWORD, LPDWORD, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE). */
    public static int WSAIoctl(long s, int ioControlCode, long in, int inLength, long out, int outLength, long bytesReturned, long overlapped,
                               long completionRoutine) {
        try {
            return (int) Calls.WSAIoctl.invokeExact(Win32Linker.slot(), s, ioControlCode, in, inLength, out, outLength, bytesReturned, overlapped,
                    completionRoutine);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int WSARecv(SOCKET, LPWSABUF, DWORD, LPDWORD, LPDWORD, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE). */
    public static int WSARecv(long s, long buffers, int bufferCount, long bytesReceived, long flags, long overlapped, long completionRoutine) {
        try {
            return (int) Calls.WSARecv.invokeExact(Win32Linker.slot(), s, buffers, bufferCount, bytesReceived, flags, overlapped, completionRoutine);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int WSASend(SOCKET, LPWSABUF, DWORD, LPDWORD, DWORD, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE). */
    public static int WSASend(long s, long buffers, int bufferCount, long bytesSent, int flags, long overlapped, long completionRoutine) {
        try {
            return (int) Calls.WSASend.invokeExact(Win32Linker.slot(), s, buffers, bufferCount, bytesSent, flags, overlapped, completionRoutine);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int WSARecvFrom(SOCKET, LPWSABUF, DWORD, LPDWORD, LPDWORD, struct sockaddr *, LPINT, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE). */
    public static int WSARecvFrom(long s, long buffers, int bufferCount, long bytesReceived, long flags, long from, long fromLength, long overlapped,
                                  long completionRoutine) {
        try {
            return (int) Calls.WSARecvFrom.invokeExact(Win32Linker.slot(), s, buffers, bufferCount, bytesReceived, flags, from, fromLength, overlapped,
                    completionRoutine);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** int WSASendTo(SOCKET, LPWSABUF, DWORD, LPDWORD, DWORD, const struct sockaddr *, int, LPWSAOVERLAPPED, LPWSAOVERLAPPED_COMPLETION_ROUTINE). */
    public static int WSASendTo(long s, long buffers, int bufferCount, long bytesSent, int flags, long to, int toLength, long overlapped,
                                long completionRoutine) {
        try {
            return (int) Calls.WSASendTo.invokeExact(Win32Linker.slot(), s, buffers, bufferCount, bytesSent, flags, to, toLength, overlapped,
                    completionRoutine);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL WSAGetOverlappedResult(SOCKET, LPWSAOVERLAPPED, LPDWORD, BOOL, LPDWORD). */
    public static int WSAGetOverlappedResult(long s, long overlapped, long bytesTransferred, int wait, long flags) {
        try {
            return (int) Calls.WSAGetOverlappedResult.invokeExact(Win32Linker.slot(), s, overlapped, bytesTransferred, wait, flags);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL AcceptEx(SOCKET, SOCKET, PVOID, DWORD, DWORD, DWORD, LPDWORD, LPOVERLAPPED), through {@code function} (WSAID_ACCEPTEX's). */
    public static int AcceptEx(long function, long listenSocket, long acceptSocket, long outputBuffer, int receiveDataLength, int localAddressLength,
                               int remoteAddressLength, long bytesReceived, long overlapped) {
        try {
            return (int) at(function, ACCEPTEX).invokeExact(Win32Linker.slot(), listenSocket, acceptSocket, outputBuffer, receiveDataLength,
                    localAddressLength, remoteAddressLength, bytesReceived, overlapped);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }

    /** BOOL ConnectEx(SOCKET, const struct sockaddr *, int, PVOID, DWORD, LPDWORD, LPOVERLAPPED), through {@code function} (WSAID_CONNECTEX's). */
    public static int ConnectEx(long function, long s, long name, int nameLength, long sendBuffer, int sendDataLength, long bytesSent,
                                long overlapped) {
        try {
            return (int) at(function, CONNECTEX).invokeExact(Win32Linker.slot(), s, name, nameLength, sendBuffer, sendDataLength, bytesSent,
                    overlapped);
        } catch (Throwable t) {
            throw Win32Linker.rethrow(t);
        }
    }
}
