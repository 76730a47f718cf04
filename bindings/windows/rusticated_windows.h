/*
 * The C headers the hand-written Windows bindings (io.rusticated.windows.WindowsAbi, Kernel32,
 * Ntdll) come from: the wrapper jextract reads (regenerate.sh) and the file LayoutProbeTest's
 * probe includes, so this is the single list. mingw-w64's headers (Debian's
 * gcc-mingw-w64-x86-64) or the Windows SDK's.
 */
#define WIN32_NO_STATUS      /* the STATUS_* values come from ntstatus.h, not winnt.h's subset */
#include <windows.h>         /* kernel32: fileapi, handleapi, ioapiset, processthreadsapi, synchapi, namedpipeapi, consoleapi, winbase, winerror */
#undef WIN32_NO_STATUS
#include <ntstatus.h>        /* STATUS_SUCCESS, STATUS_PENDING, STATUS_END_OF_FILE, STATUS_CANCELLED, STATUS_PIPE_BROKEN */
#include <winternl.h>        /* NtQueryInformationFile, IO_STATUS_BLOCK, FileModeInformation, FILE_MODE_INFORMATION; RtlNtStatusToDosError */
