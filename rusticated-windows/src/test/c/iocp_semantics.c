/*
 * Confirms, on whatever Windows runs it (wine here, real Windows in CI), the IOCP rules that
 * rusticated's stand-in (StandInWindows, rules R1-R12) follows. Prints one line per rule:
 *   PASS <rule>: <what was seen>      or      FAIL <rule>: <what was seen instead>
 * and exits with the number of failures. Built and run by run-under-wine.sh; the binary is never
 * committed. Wine is an approximation of Windows: a FAIL there means "check on real Windows".
 */
#define WIN32_NO_STATUS
#include <windows.h>
#undef WIN32_NO_STATUS
#include <ntstatus.h>
#include <stdio.h>
#include <string.h>

static int failures;

static void report(int ok, const char *rule, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    printf("%s %s: ", ok ? "PASS" : "FAIL", rule);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    if (!ok) failures++;
}

/* A connected pair: an overlapped server (read end) and a client (write end), overlapped or not. */
static void pipe_pair(HANDLE *reader, HANDLE *writer, int writer_overlapped, int n) {
    wchar_t name[128];
    swprintf(name, 128, L"\\\\.\\pipe\\rusticated-probe-%lu-%d", GetCurrentProcessId(), n);
    *reader = CreateNamedPipeW(name, PIPE_ACCESS_INBOUND | FILE_FLAG_OVERLAPPED | FILE_FLAG_FIRST_PIPE_INSTANCE,
                               PIPE_TYPE_BYTE | PIPE_READMODE_BYTE | PIPE_WAIT, 1, 65536, 65536, 0, NULL);
    *writer = CreateFileW(name, GENERIC_WRITE, 0, NULL, OPEN_EXISTING, writer_overlapped ? FILE_FLAG_OVERLAPPED : 0, NULL);
}

/* One packet within ms, or 0 entries. */
static ULONG dequeue(HANDLE port, OVERLAPPED_ENTRY *e, DWORD ms, DWORD *error) {
    ULONG n = 0;
    BOOL ok = GetQueuedCompletionStatusEx(port, e, 1, &n, ms, FALSE);
    *error = ok ? 0 : GetLastError();
    return ok ? n : 0;
}

int main(void) {
    OVERLAPPED_ENTRY e;
    DWORD error;
    char buf[64];
    HANDLE port = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);
    HANDLE port2 = CreateIoCompletionPort(INVALID_HANDLE_VALUE, NULL, 0, 1);

    /* R1: a synchronous (anonymous) pipe cannot be associated: ERROR_INVALID_PARAMETER (87). */
    HANDLE r, w;
    CreatePipe(&r, &w, NULL, 0);
    HANDLE a = CreateIoCompletionPort(r, port, 1, 0);
    error = GetLastError();
    report(a == NULL && error == ERROR_INVALID_PARAMETER, "R1 synchronous pipe",
           "CreateIoCompletionPort -> %p, GetLastError %lu (expected NULL, 87)", a, error);

    /* R1: a handle associated once cannot be associated with a second port. */
    HANDLE pr, pw;
    pipe_pair(&pr, &pw, 0, 1);
    CreateIoCompletionPort(pr, port, 1, 0);
    a = CreateIoCompletionPort(pr, port2, 1, 0);
    error = GetLastError();
    report(a == NULL && error == ERROR_INVALID_PARAMETER, "R1 second port",
           "CreateIoCompletionPort -> %p, GetLastError %lu (expected NULL, 87)", a, error);

    /* R7: nothing queued: FALSE with WAIT_TIMEOUT (258). */
    DWORD t0 = GetTickCount();
    ULONG n = dequeue(port, &e, 50, &error);
    report(n == 0 && error == WAIT_TIMEOUT, "R7 timeout", "entries %lu, GetLastError %lu after %lu ms (expected 0, 258)",
           n, error, GetTickCount() - t0);

    /* R2: data already in the pipe: ReadFile completes at once (TRUE), and a packet still comes. */
    DWORD written;
    WriteFile(pw, "hello", 5, &written, NULL);
    OVERLAPPED ov1 = {0};
    BOOL ok = ReadFile(pr, buf, sizeof buf, NULL, &ov1);
    error = ok ? 0 : GetLastError();
    n = dequeue(port, &e, 1000, &error);
    report(n == 1 && e.lpOverlapped == &ov1 && e.dwNumberOfBytesTransferred == 5, "R2 packet after synchronous success",
           "ReadFile -> %s; then %lu packet(s), %lu bytes, lpOverlapped %s", ok ? "TRUE" : "FALSE (pending)", n,
           n ? e.dwNumberOfBytesTransferred : 0, n && e.lpOverlapped == &ov1 ? "ours" : "?");

    /* R5: CancelIoEx of a pending read: a packet with STATUS_CANCELLED (ERROR_OPERATION_ABORTED, 995). */
    OVERLAPPED ov2 = {0};
    ok = ReadFile(pr, buf, sizeof buf, NULL, &ov2);
    error = GetLastError();
    BOOL cancelled = CancelIoEx(pr, &ov2);
    n = dequeue(port, &e, 1000, &error);
    report(!ok && cancelled && n == 1 && e.lpOverlapped == &ov2 && (NTSTATUS) ov2.Internal == STATUS_CANCELLED, "R5 cancel",
           "pending read, CancelIoEx -> %d; %lu packet(s), Internal 0x%lx (expected STATUS_CANCELLED 0xC0000120 = error %lu)",
           cancelled, n, (unsigned long) ov2.Internal, (unsigned long) ERROR_OPERATION_ABORTED);

    /* R5: CancelIoEx of a call that already completed: ERROR_NOT_FOUND (1168). */
    cancelled = CancelIoEx(pr, &ov2);
    error = GetLastError();
    report(!cancelled && error == ERROR_NOT_FOUND, "R5 nothing to cancel", "CancelIoEx -> %d, GetLastError %lu (expected 0, 1168)",
           cancelled, error);

    /* POLL: a zero-byte read completes only when data arrives, and takes none. */
    OVERLAPPED ov3 = {0};
    ReadFile(pr, buf, 0, NULL, &ov3);
    ULONG before = dequeue(port, &e, 100, &error);
    WriteFile(pw, "x", 1, &written, NULL);
    n = dequeue(port, &e, 1000, &error);
    DWORD avail = 0;
    PeekNamedPipe(pr, NULL, 0, NULL, &avail, NULL);
    report(before == 0 && n == 1 && e.lpOverlapped == &ov3 && e.dwNumberOfBytesTransferred == 0 && avail == 1, "zero-byte read",
           "%lu packet(s) before data, %lu after, %lu bytes in it, %lu left in the pipe (expected 0, 1, 0, 1)",
           before, n, n ? e.dwNumberOfBytesTransferred : 0, avail);
    ReadFile(pr, buf, 1, NULL, &ov3);
    dequeue(port, &e, 1000, &error);

    /* R6: the writer closes under a pending read: STATUS_PIPE_BROKEN (ERROR_BROKEN_PIPE, 109). */
    OVERLAPPED ov4 = {0};
    ReadFile(pr, buf, sizeof buf, NULL, &ov4);
    CloseHandle(pw);
    n = dequeue(port, &e, 1000, &error);
    report(n == 1 && (NTSTATUS) ov4.Internal == STATUS_PIPE_BROKEN, "R6 broken pipe", "%lu packet(s), Internal 0x%lx (expected 0xC000014B)",
           n, (unsigned long) ov4.Internal);
    OVERLAPPED ov5 = {0};
    ok = ReadFile(pr, buf, sizeof buf, NULL, &ov5);
    error = GetLastError();
    n = dequeue(port, &e, 100, &error);
    report(!ok && GetLastError() != ERROR_IO_PENDING && n == 0, "R6+R3 read after the writer closed",
           "ReadFile -> %d and no packet (%lu)", ok, n);

    /* R6, R3, R11 on a file: a read at the end fails at once with no packet; 0xFFFFFFFF offsets append. */
    wchar_t path[MAX_PATH];
    GetTempPathW(MAX_PATH, path);
    wcscat(path, L"rusticated-probe.tmp");
    HANDLE f = CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, NULL,
                           CREATE_ALWAYS, FILE_ATTRIBUTE_NORMAL | FILE_FLAG_OVERLAPPED | FILE_FLAG_DELETE_ON_CLOSE, NULL);
    CreateIoCompletionPort(f, port, 1, 0);
    OVERLAPPED ov6 = {0};
    WriteFile(f, "0123", 4, NULL, &ov6);
    dequeue(port, &e, 1000, &error);
    OVERLAPPED ov7 = {0};
    ov7.Offset = 0xFFFFFFFF;
    ov7.OffsetHigh = 0xFFFFFFFF;
    WriteFile(f, "END", 3, NULL, &ov7);
    dequeue(port, &e, 1000, &error);
    LARGE_INTEGER size;
    GetFileSizeEx(f, &size);
    report(size.QuadPart == 7, "R11 write at the end", "size %lld after 4 bytes at 0 and 3 at 0xFFFFFFFF:0xFFFFFFFF (expected 7)",
           (long long) size.QuadPart);
    OVERLAPPED ov8 = {0};
    ov8.Offset = 100;
    ok = ReadFile(f, buf, sizeof buf, NULL, &ov8);
    DWORD readError = GetLastError();
    n = dequeue(port, &e, 100, &error);
    report((!ok && readError == ERROR_HANDLE_EOF && n == 0) || (n == 1 && (NTSTATUS) ov8.Internal == STATUS_END_OF_FILE), "R6 end of file",
           "ReadFile at 100 of 7 -> %d, GetLastError %lu, %lu packet(s), Internal 0x%lx (expected 0/38 and no packet, or STATUS_END_OF_FILE by packet)",
           ok, readError, n, (unsigned long) ov8.Internal);
    CloseHandle(f);

    /* R8: PostQueuedCompletionStatus queues exactly what it is given. */
    PostQueuedCompletionStatus(port, 42, 7, (LPOVERLAPPED) 0x1234);
    n = dequeue(port, &e, 1000, &error);
    report(n == 1 && e.lpCompletionKey == 7 && e.dwNumberOfBytesTransferred == 42 && e.lpOverlapped == (LPOVERLAPPED) 0x1234, "R8 post",
           "key %lu, bytes %lu, overlapped %p", (unsigned long) e.lpCompletionKey, e.dwNumberOfBytesTransferred, e.lpOverlapped);

    printf("%d failure(s)\n", failures);
    return failures;
}
