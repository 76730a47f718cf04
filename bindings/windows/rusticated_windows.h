/*
 * The C headers the hand-written Windows bindings (io.rusticated.windows.WindowsAbi, Kernel32,
 * Ntdll, Ws2_32) come from: the wrapper jextract reads (regenerate.sh) and the file
 * LayoutProbeTest's probe includes, so this is the single list. mingw-w64's headers (Debian's
 * gcc-mingw-w64-x86-64) or the Windows SDK's. winsock2.h comes before windows.h, which would
 * otherwise bring the old winsock.h.
 */
#define WIN32_NO_STATUS      /* the STATUS_* values come from ntstatus.h, not winnt.h's subset */
#include <winsock2.h>        /* ws2_32: sockets, WSAIoctl, WSARecv/WSASend, WSADATA, WSABUF, SOCKADDR_STORAGE */
#include <ws2tcpip.h>        /* SOCKADDR_IN6, IPV6_V6ONLY, IPV6_TCLASS */
#include <mswsock.h>         /* AcceptEx, LPFN_CONNECTEX, WSAID_ACCEPTEX, WSAID_CONNECTEX, SO_UPDATE_*_CONTEXT, SIO_UDP_CONNRESET */
#include <afunix.h>          /* SOCKADDR_UN, UNIX_PATH_MAX (Windows 10 1803) */
#include <windows.h>         /* kernel32: fileapi, handleapi, ioapiset, processthreadsapi, synchapi, namedpipeapi, consoleapi, winbase, winerror */
#undef WIN32_NO_STATUS
#include <ntstatus.h>        /* STATUS_SUCCESS, STATUS_PENDING, STATUS_END_OF_FILE, STATUS_CANCELLED, STATUS_PIPE_BROKEN, the socket statuses */
#include <winternl.h>        /* NtQueryInformationFile, IO_STATUS_BLOCK, FileModeInformation, FILE_MODE_INFORMATION; RtlNtStatusToDosError */
