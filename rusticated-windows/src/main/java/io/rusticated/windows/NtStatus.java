package io.rusticated.windows;

/**
 * NTSTATUS, as a completion packet carries it in {@code OVERLAPPED.Internal}: the two high bits
 * are the severity, and only "error" and "warning" (the value as a signed 32-bit int below 0)
 * are failures. Informational values such as STATUS_PENDING or WAIT_TIMEOUT's 0x102 are
 * successes (NT_SUCCESS in ntdef.h; compio #367 and dotnet/runtime #81744 were bugs from reading
 * "non-zero" as "failed").
 */
final class NtStatus {
    private NtStatus() {
    }

    static boolean isSuccess(int status) {
        return status >= 0;
    }
}
