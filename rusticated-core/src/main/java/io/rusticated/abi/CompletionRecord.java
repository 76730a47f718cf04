package io.rusticated.abi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * The shape every backend's completion reduces to: the token of the operation, its result, and
 * flags. It is exactly Linux's {@code struct io_uring_cqe} (16 bytes), so the io_uring driver reads
 * its completion queue with this layout; the other backends map theirs onto the same three fields
 * (IOCP's {@code OVERLAPPED_ENTRY}: the OVERLAPPED carries the token and the byte count is the
 * result; kqueue's {@code kevent}: udata and data).
 */
public final class CompletionRecord {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("user_data"),
            ValueLayout.JAVA_INT.withName("res"),
            ValueLayout.JAVA_INT.withName("flags")).withName("io_uring_cqe");

    public static final long TOKEN_OFFSET = 0;
    public static final long RESULT_OFFSET = 8;
    public static final long FLAGS_OFFSET = 12;
    public static final long SIZE = 16;

    private CompletionRecord() {
    }
}
