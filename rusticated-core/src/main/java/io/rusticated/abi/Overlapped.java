package io.rusticated.abi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

/**
 * Windows' {@code OVERLAPPED} on x64 (32 bytes): the record an overlapped call and its completion
 * packet share. The IOCP backend places one at the start of each in-flight operation's native
 * block, followed by the operation's token, so a completion finds its operation without a map.
 */
public final class Overlapped {
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("Internal"),
            ValueLayout.JAVA_LONG.withName("InternalHigh"),
            ValueLayout.JAVA_INT.withName("Offset"),
            ValueLayout.JAVA_INT.withName("OffsetHigh"),
            ValueLayout.ADDRESS.withName("hEvent")).withName("OVERLAPPED");

    /** The OVERLAPPED followed by the rusticated token. */
    public static final StructLayout WITH_TOKEN = MemoryLayout.structLayout(
            LAYOUT.withName("overlapped"),
            ValueLayout.JAVA_LONG.withName("token")).withName("rusticated_overlapped");

    private Overlapped() {
    }
}
