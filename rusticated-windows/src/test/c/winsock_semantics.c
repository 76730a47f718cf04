/*
 * Confirms, on whatever Windows runs it (wine here, real Windows in CI), the Winsock rules that
 * rusticated's stand-in (StandInWinsock, rules W1-W10) follows, over loopback with one completion
 * port. Prints one line per rule:
 *   PASS <rule>: <what was seen>      or      FAIL <rule>: <what was seen instead>
 * and exits with the number of failures. Built and run by run-under-wine.sh; the binary is never
 * committed. Wine is an approximation of Windows: a FAIL there means "check on real Windows".
 */
#define WIN32_NO_STATUS
#include <winsock2.h>
#include <ws2tcpip.h>
#include <mswsock.h>
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int failures;
static HANDLE port;
static LPFN_ACCEPTEX accept_ex;
static LPFN_CONNECTEX connect_ex;

static void report(int ok, const char *rule, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    printf("%s %s: ", ok ? "PASS" : "FAIL", rule);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    if (!ok) failures++;
}

/* An overlapped socket, not inherited, associated with the port (as WindowsSockets and the driver make them). */
static SOCKET make(int type) {
    SOCKET s = WSASocketW(AF_INET, type, 0, NULL, 0, WSA_FLAG_OVERLAPPED | WSA_FLAG_NO_HANDLE_INHERIT);
    CreateIoCompletionPort((HANDLE) s, port, 1, 0);
    return s;
}

static struct sockaddr_in loopback(u_short port_number) {
    struct sockaddr_in a = {0};
    a.sin_family = AF_INET;
    a.sin_port = htons(port_number);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return a;
}

static u_short port_of(SOCKET s) {
    struct sockaddr_in a;
    int length = sizeof a;
    return getsockname(s, (struct sockaddr *) &a, &length) == 0 ? ntohs(a.sin_port) : 0;
}

/* The packet for ov within ms: its status (OVERLAPPED.Internal) and bytes; -1 when none came or another came. */
static int packet_for(OVERLAPPED *ov, DWORD ms, DWORD *bytes, LONG *status) {
    OVERLAPPED_ENTRY e;
    ULONG n = 0;
    if (!GetQueuedCompletionStatusEx(port, &e, 1, &n, ms, FALSE) || n != 1) return -1;
    *bytes = e.dwNumberOfBytesTransferred;
    *status = (LONG) e.lpOverlapped->Internal;
    return e.lpOverlapped == ov ? 0 : -1;
}

/* The Winsock error WSAGetOverlappedResult gives for a completed call (0 if it succeeded). */
static int overlapped_error(SOCKET s, OVERLAPPED *ov) {
    DWORD bytes, flags;
    return WSAGetOverlappedResult(s, ov, &bytes, FALSE, &flags) ? 0 : WSAGetLastError();
}

static int pending_or_done(BOOL ok) {
    return ok || WSAGetLastError() == WSA_IO_PENDING;
}

int main(void) {
    WSADATA data;
    WSAStartup(MAKEWORD(2, 2), &data);
    port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    DWORD bytes;
    LONG status;
    int rc;

    SOCKET listener = make(SOCK_STREAM);
    struct sockaddr_in at = loopback(0);
    bind(listener, (struct sockaddr *) &at, sizeof at);
    listen(listener, 16);
    at = loopback(port_of(listener));
    GUID accept_id = WSAID_ACCEPTEX, connect_id = WSAID_CONNECTEX;
    DWORD returned;
    WSAIoctl(listener, SIO_GET_EXTENSION_FUNCTION_POINTER, &accept_id, sizeof accept_id, &accept_ex, sizeof accept_ex, &returned, NULL, NULL);
    WSAIoctl(listener, SIO_GET_EXTENSION_FUNCTION_POINTER, &connect_id, sizeof connect_id, &connect_ex, sizeof connect_ex, &returned, NULL, NULL);
    report(accept_ex != NULL && connect_ex != NULL, "extension functions", "AcceptEx %p, ConnectEx %p", accept_ex, connect_ex);

    /* W1: AcceptEx with no connection queued is pending. */
    char addresses[2 * (sizeof(SOCKADDR_STORAGE) + 16)];
    SOCKET accepted = make(SOCK_STREAM);
    OVERLAPPED accept_ov = {0};
    BOOL ok = accept_ex(listener, accepted, addresses, 0, sizeof(SOCKADDR_STORAGE) + 16, sizeof(SOCKADDR_STORAGE) + 16, &bytes, &accept_ov);
    rc = ok ? 0 : WSAGetLastError();
    report(!ok && rc == WSA_IO_PENDING, "W1 AcceptEx pending", "AcceptEx -> %d, WSAGetLastError %d (expected 0, 997)", ok, rc);

    /* W3: ConnectEx on an unbound socket fails at once with WSAEINVAL (and queues no packet, R3). */
    SOCKET client = make(SOCK_STREAM);
    OVERLAPPED connect_ov = {0};
    ok = connect_ex(client, (struct sockaddr *) &at, sizeof at, NULL, 0, NULL, &connect_ov);
    rc = ok ? 0 : WSAGetLastError();
    report(!ok && rc == WSAEINVAL, "W3 ConnectEx unbound", "ConnectEx -> %d, WSAGetLastError %d (expected 0, 10022)", ok, rc);

    /* W3 then W1: bound to the wildcard, ConnectEx connects; both calls complete by packet. */
    struct sockaddr_in any = {0};
    any.sin_family = AF_INET;
    bind(client, (struct sockaddr *) &any, sizeof any);
    memset(&connect_ov, 0, sizeof connect_ov);
    ok = connect_ex(client, (struct sockaddr *) &at, sizeof at, NULL, 0, NULL, &connect_ov);
    report(pending_or_done(ok), "W3 ConnectEx bound", "ConnectEx -> %d, WSAGetLastError %d", ok, ok ? 0 : WSAGetLastError());
    int got_accept = 0, got_connect = 0;
    for (int i = 0; i < 2; i++) {
        OVERLAPPED_ENTRY e;
        ULONG n = 0;
        if (GetQueuedCompletionStatusEx(port, &e, 1, &n, 2000, FALSE) && n == 1) {
            got_accept |= e.lpOverlapped == &accept_ov && (LONG) e.lpOverlapped->Internal >= 0;
            got_connect |= e.lpOverlapped == &connect_ov && (LONG) e.lpOverlapped->Internal >= 0;
        }
    }
    report(got_accept && got_connect, "W1 W3 packets", "AcceptEx packet %d, ConnectEx packet %d (expected 1, 1)", got_accept, got_connect);

    /* W2: the contexts updated, the names can be asked; the accepted socket's peer is the client. */
    struct sockaddr_in peer;
    int length = sizeof peer;
    int before = getpeername(accepted, (struct sockaddr *) &peer, &length) == 0 ? 0 : WSAGetLastError();
    rc = setsockopt(accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *) &listener, sizeof listener);
    length = sizeof peer;
    int after = getpeername(accepted, (struct sockaddr *) &peer, &length) == 0 ? 0 : WSAGetLastError();
    report(rc == 0 && after == 0 && ntohs(peer.sin_port) == port_of(client), "W2 SO_UPDATE_ACCEPT_CONTEXT",
           "getpeername before: error %d; setsockopt %d; after: error %d, port %u (client %u)", before, rc, after, ntohs(peer.sin_port), port_of(client));
    rc = setsockopt(client, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0);
    length = sizeof peer;
    after = getpeername(client, (struct sockaddr *) &peer, &length) == 0 ? 0 : WSAGetLastError();
    report(rc == 0 && after == 0 && ntohs(peer.sin_port) == ntohs(at.sin_port), "W2 SO_UPDATE_CONNECT_CONTEXT",
           "setsockopt %d; getpeername error %d, port %u", rc, after, ntohs(peer.sin_port));

    /* W4 and R2: bytes already queued: WSARecv returns 0 at once and a packet still comes. */
    char out[] = "hello", in[64];
    WSABUF send_buf = {5, out}, recv_buf = {sizeof in, in};
    OVERLAPPED send_ov = {0}, recv_ov = {0};
    WSASend(client, &send_buf, 1, NULL, 0, &send_ov, NULL);
    rc = packet_for(&send_ov, 2000, &bytes, &status);
    report(rc == 0 && bytes == 5, "W4 WSASend packet", "packet %d, %lu bytes (expected 0, 5)", rc, bytes);
    Sleep(50);
    DWORD flags = 0;
    int call = WSARecv(accepted, &recv_buf, 1, NULL, &flags, &recv_ov, NULL);
    rc = packet_for(&recv_ov, 2000, &bytes, &status);
    report(rc == 0 && bytes == 5 && memcmp(in, "hello", 5) == 0, "W4 R2 WSARecv of queued bytes",
           "WSARecv -> %d, packet %d, %lu bytes (expected a packet with 5)", call, rc, bytes);

    /* W4: a zero-byte WSARecv waits, completes when data arrives, and takes none. */
    WSABUF zero = {0, in};
    OVERLAPPED zero_ov = {0};
    flags = 0;
    call = WSARecv(accepted, &zero, 1, NULL, &flags, &zero_ov, NULL);
    int waited = call == SOCKET_ERROR && WSAGetLastError() == WSA_IO_PENDING;
    memset(&send_ov, 0, sizeof send_ov);
    WSASend(client, &send_buf, 1, NULL, 0, &send_ov, NULL);
    int seen_zero = 0, seen_send = 0;
    for (int i = 0; i < 2; i++) {
        OVERLAPPED_ENTRY e;
        ULONG n = 0;
        if (GetQueuedCompletionStatusEx(port, &e, 1, &n, 2000, FALSE) && n == 1) {
            seen_zero |= e.lpOverlapped == &zero_ov && e.dwNumberOfBytesTransferred == 0;
            seen_send |= e.lpOverlapped == &send_ov;
        }
    }
    memset(&recv_ov, 0, sizeof recv_ov);
    flags = 0;
    WSARecv(accepted, &recv_buf, 1, NULL, &flags, &recv_ov, NULL);
    rc = packet_for(&recv_ov, 2000, &bytes, &status);
    report(waited && seen_zero && seen_send && rc == 0 && bytes == 5, "W4 zero-byte WSARecv",
           "pending %d, its packet %d, the data still there %lu bytes (expected 1, 1, 5)", waited, seen_zero, bytes);

    /* R5: CancelIoEx of a pending WSARecv: its packet says STATUS_CANCELLED, WSA_OPERATION_ABORTED. */
    memset(&recv_ov, 0, sizeof recv_ov);
    flags = 0;
    WSARecv(accepted, &recv_buf, 1, NULL, &flags, &recv_ov, NULL);
    BOOL cancelled = CancelIoEx((HANDLE) accepted, &recv_ov);
    rc = packet_for(&recv_ov, 2000, &bytes, &status);
    int error = overlapped_error(accepted, &recv_ov);
    report(cancelled && rc == 0 && status == (LONG) STATUS_CANCELLED && error == WSA_OPERATION_ABORTED, "R5 WSARecv cancelled",
           "CancelIoEx %d, packet %d, status 0x%lx, WSAGetOverlappedResult %d (expected 1, 0, 0xc0000120, 995)",
           cancelled, rc, (unsigned long) status, error);

    /* R5: CancelIoEx of a pending AcceptEx, on the listener. */
    SOCKET spare = make(SOCK_STREAM);
    memset(&accept_ov, 0, sizeof accept_ov);
    accept_ex(listener, spare, addresses, 0, sizeof(SOCKADDR_STORAGE) + 16, sizeof(SOCKADDR_STORAGE) + 16, &bytes, &accept_ov);
    cancelled = CancelIoEx((HANDLE) listener, &accept_ov);
    rc = packet_for(&accept_ov, 2000, &bytes, &status);
    report(cancelled && rc == 0 && status == (LONG) STATUS_CANCELLED, "R5 AcceptEx cancelled",
           "CancelIoEx %d, packet %d, status 0x%lx (expected 1, 0, 0xc0000120)", cancelled, rc, (unsigned long) status);
    closesocket(spare);

    /* R5: an AcceptEx that took a connection before its cancel: CancelIoEx finds nothing (ERROR_NOT_FOUND)
       and the packet brings the connection, which the loop must close itself. */
    SOCKET taken = make(SOCK_STREAM), late = make(SOCK_STREAM);
    memset(&accept_ov, 0, sizeof accept_ov);
    accept_ex(listener, taken, addresses, 0, sizeof(SOCKADDR_STORAGE) + 16, sizeof(SOCKADDR_STORAGE) + 16, &bytes, &accept_ov);
    bind(late, (struct sockaddr *) &any, sizeof any);
    memset(&connect_ov, 0, sizeof connect_ov);
    connect_ex(late, (struct sockaddr *) &at, sizeof at, NULL, 0, NULL, &connect_ov);
    Sleep(100);
    cancelled = CancelIoEx((HANDLE) listener, &accept_ov);
    error = cancelled ? 0 : (int) GetLastError();
    int accept_ok = 0;
    for (int i = 0; i < 2; i++) {
        OVERLAPPED_ENTRY e;
        ULONG n = 0;
        if (GetQueuedCompletionStatusEx(port, &e, 1, &n, 2000, FALSE) && n == 1 && e.lpOverlapped == &accept_ov) {
            accept_ok = (LONG) e.lpOverlapped->Internal >= 0;
        }
    }
    report(!cancelled && error == ERROR_NOT_FOUND && accept_ok, "R5 AcceptEx completed before its cancel",
           "CancelIoEx %d, GetLastError %d, the packet a success %d (expected 0, 1168, 1)", cancelled, error, accept_ok);
    closesocket(taken);
    closesocket(late);

    /* W6: shutdown(SD_SEND) is a FIN: the peer's WSARecv completes with 0 bytes. */
    shutdown(client, SD_SEND);
    memset(&recv_ov, 0, sizeof recv_ov);
    flags = 0;
    WSARecv(accepted, &recv_buf, 1, NULL, &flags, &recv_ov, NULL);
    rc = packet_for(&recv_ov, 2000, &bytes, &status);
    report(rc == 0 && status >= 0 && bytes == 0, "W6 FIN", "packet %d, status 0x%lx, %lu bytes (expected 0, 0, 0)", rc, (unsigned long) status, bytes);

    /* W5: closesocket with a WSARecv pending: the call still ends with a packet, cancelled. */
    memset(&recv_ov, 0, sizeof recv_ov);
    flags = 0;
    WSARecv(client, &recv_buf, 1, NULL, &flags, &recv_ov, NULL);
    closesocket(client);
    rc = packet_for(&recv_ov, 2000, &bytes, &status);
    report(rc == 0 && status < 0, "W5 closesocket with a call pending", "packet %d, status 0x%lx (expected 0, a failure)", rc, (unsigned long) status);
    closesocket(accepted);

    /* W5: SO_LINGER on with 0 s: closesocket is an RST: the peer's WSARecv fails with WSAECONNRESET. */
    accepted = make(SOCK_STREAM);
    memset(&accept_ov, 0, sizeof accept_ov);
    accept_ex(listener, accepted, addresses, 0, sizeof(SOCKADDR_STORAGE) + 16, sizeof(SOCKADDR_STORAGE) + 16, &bytes, &accept_ov);
    client = make(SOCK_STREAM);
    bind(client, (struct sockaddr *) &any, sizeof any);
    memset(&connect_ov, 0, sizeof connect_ov);
    connect_ex(client, (struct sockaddr *) &at, sizeof at, NULL, 0, NULL, &connect_ov);
    for (int i = 0; i < 2; i++) {
        OVERLAPPED_ENTRY e;
        ULONG n = 0;
        GetQueuedCompletionStatusEx(port, &e, 1, &n, 2000, FALSE);
    }
    setsockopt(accepted, SOL_SOCKET, SO_UPDATE_ACCEPT_CONTEXT, (char *) &listener, sizeof listener);
    setsockopt(client, SOL_SOCKET, SO_UPDATE_CONNECT_CONTEXT, NULL, 0);
    struct linger abortive = {1, 0};
    setsockopt(client, SOL_SOCKET, SO_LINGER, (char *) &abortive, sizeof abortive);
    closesocket(client);
    memset(&recv_ov, 0, sizeof recv_ov);
    flags = 0;
    WSARecv(accepted, &recv_buf, 1, NULL, &flags, &recv_ov, NULL);
    rc = packet_for(&recv_ov, 2000, &bytes, &status);
    error = rc == 0 ? overlapped_error(accepted, &recv_ov) : -1;
    if (rc != 0 && WSAGetLastError() == WSAECONNRESET) error = WSAECONNRESET; /* failed at once: also an RST */
    report(error == WSAECONNRESET, "W5 RST", "packet %d, status 0x%lx, error %d (expected 10054)", rc, (unsigned long) status, error);
    closesocket(accepted);

    /* W3: no listener: ConnectEx's packet fails; WSAGetOverlappedResult says WSAECONNREFUSED. */
    closesocket(listener);
    client = make(SOCK_STREAM);
    bind(client, (struct sockaddr *) &any, sizeof any);
    memset(&connect_ov, 0, sizeof connect_ov);
    ok = connect_ex(client, (struct sockaddr *) &at, sizeof at, NULL, 0, NULL, &connect_ov);
    rc = packet_for(&connect_ov, 5000, &bytes, &status);
    error = rc == 0 ? overlapped_error(client, &connect_ov) : -1;
    report(rc == 0 && error == WSAECONNREFUSED, "W3 refused", "ConnectEx -> %d, packet %d, status 0x%lx, error %d (expected a packet, 10061)",
           ok, rc, (unsigned long) status, error);
    closesocket(client);

    /* W7: UDP: WSASendTo, WSARecvFrom with the sender's address; a datagram longer than the buffer: WSAEMSGSIZE. */
    SOCKET a = make(SOCK_DGRAM), b = make(SOCK_DGRAM);
    struct sockaddr_in lo = loopback(0);
    bind(b, (struct sockaddr *) &lo, sizeof lo);
    struct sockaddr_in b_at = loopback(port_of(b));
    WSABUF datagram = {10, "0123456789"};
    OVERLAPPED sendto_ov = {0}, recvfrom_ov = {0};
    WSASendTo(a, &datagram, 1, NULL, 0, (struct sockaddr *) &b_at, sizeof b_at, &sendto_ov, NULL);
    packet_for(&sendto_ov, 2000, &bytes, &status);
    struct sockaddr_in from;
    int from_length = sizeof from;
    char small[4];
    WSABUF small_buf = {sizeof small, small};
    flags = 0;
    WSARecvFrom(b, &small_buf, 1, NULL, &flags, (struct sockaddr *) &from, &from_length, &recvfrom_ov, NULL);
    rc = packet_for(&recvfrom_ov, 2000, &bytes, &status);
    error = rc == 0 ? overlapped_error(b, &recvfrom_ov) : -1;
    report(rc == 0 && error == WSAEMSGSIZE && bytes == 4 && ntohs(from.sin_port) == port_of(a), "W7 truncated datagram",
           "packet %d, status 0x%lx, error %d, %lu bytes, from port %u (a: %u) (expected 10040, 4 bytes, a's port)",
           rc, (unsigned long) status, error, bytes, ntohs(from.sin_port), port_of(a));

    /* W8: a datagram to a closed port: the next receive fails with WSAECONNRESET while SIO_UDP_CONNRESET is on (default). */
    SOCKET gone = make(SOCK_DGRAM);
    bind(gone, (struct sockaddr *) &lo, sizeof lo);
    struct sockaddr_in gone_at = loopback(port_of(gone));
    closesocket(gone);
    memset(&sendto_ov, 0, sizeof sendto_ov);
    WSASendTo(a, &datagram, 1, NULL, 0, (struct sockaddr *) &gone_at, sizeof gone_at, &sendto_ov, NULL);
    packet_for(&sendto_ov, 2000, &bytes, &status);
    Sleep(100);
    memset(&recvfrom_ov, 0, sizeof recvfrom_ov);
    from_length = sizeof from;
    flags = 0;
    char big[64];
    WSABUF big_buf = {sizeof big, big};
    call = WSARecvFrom(a, &big_buf, 1, NULL, &flags, (struct sockaddr *) &from, &from_length, &recvfrom_ov, NULL);
    int at_once = call == SOCKET_ERROR ? WSAGetLastError() : 0;
    rc = at_once == WSA_IO_PENDING || at_once == 0 ? packet_for(&recvfrom_ov, 500, &bytes, &status) : -1;
    error = rc == 0 ? overlapped_error(a, &recvfrom_ov) : at_once;
    report(error == WSAECONNRESET, "W8 ICMP port unreachable, SIO_UDP_CONNRESET on",
           "WSARecvFrom -> %d, packet %d, error %d (expected 10054)", at_once, rc, error);
    if (rc != 0 && at_once == WSA_IO_PENDING) {
        CancelIoEx((HANDLE) a, &recvfrom_ov);
        packet_for(&recvfrom_ov, 2000, &bytes, &status);
    }
    closesocket(a);
    closesocket(b);

    printf("%d failure(s)\n", failures);
    return failures;
}
