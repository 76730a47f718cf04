package io.rusticated.windows;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The native block an operation lends the OS for one overlapped call: an {@code OVERLAPPED}
 * followed by the operation's completion token and the port of the loop that issued it. A packet
 * carries the block's address; the token finds the operation, and the owner port says which
 * loop it belongs to (a handle is associated with one port for its whole life, so a packet may
 * be dequeued by another loop, which hands it on).
 *
 * <p>The block belongs to its operation from the call until that operation's packet is dequeued
 * ("the OVERLAPPED structure must remain valid until the operation completes", ReadFile's
 * documentation); only then may it serve another. Blocks come from GC-managed memory
 * ({@link io.rusticated.io.NativeMemory}) held by the operation ({@code DriverContext.attachScratch}),
 * so a loop that cannot drain keeps them reachable, never freed under the kernel.
 */
final class OverlappedBlock {
    private OverlappedBlock() {
    }

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            WindowsAbi.OVERLAPPED.withName("overlapped"),
            ValueLayout.JAVA_LONG.withName("token"),
            ValueLayout.JAVA_LONG.withName("ownerPort"));

    static final long SIZE = LAYOUT.byteSize();
    private static final long OVERLAPPED = LAYOUT.byteOffset(groupElement("overlapped"));
    private static final long TOKEN = LAYOUT.byteOffset(groupElement("token"));
    private static final long OWNER_PORT = LAYOUT.byteOffset(groupElement("ownerPort"));
    private static final long INTERNAL = OVERLAPPED + WindowsAbi.OVERLAPPED_INTERNAL;
    private static final long OFFSET_LOW = OVERLAPPED + WindowsAbi.OVERLAPPED_OFFSET;
    private static final long OFFSET_HIGH = OVERLAPPED + WindowsAbi.OVERLAPPED_OFFSET_HIGH;

    /** Offset and OffsetHigh of a write at the end of the file ("to write to the end of file, specify both ... as 0xFFFFFFFF", WriteFile). */
    static final long END_OF_FILE = 0xFFFFFFFFFFFFFFFFL;

    /** The block whose OVERLAPPED is at {@code address} (what a packet's lpOverlapped gives). */
    static MemorySegment at(long address) {
        return MemorySegment.ofAddress(address).reinterpret(SIZE);
    }

    /** Readies a block for one call: a zeroed OVERLAPPED at {@code offset}, the operation's token, this loop's port. */
    static void prepare(MemorySegment block, long token, long ownerPort, long offset) {
        block.asSlice(OVERLAPPED, WindowsAbi.OVERLAPPED.byteSize()).fill((byte) 0);
        block.set(ValueLayout.JAVA_INT, OFFSET_LOW, (int) offset);
        block.set(ValueLayout.JAVA_INT, OFFSET_HIGH, (int) (offset >>> 32));
        block.set(ValueLayout.JAVA_LONG, TOKEN, token);
        block.set(ValueLayout.JAVA_LONG, OWNER_PORT, ownerPort);
    }

    static long token(MemorySegment block) {
        return block.get(ValueLayout.JAVA_LONG, TOKEN);
    }

    static long ownerPort(MemorySegment block) {
        return block.get(ValueLayout.JAVA_LONG, OWNER_PORT);
    }

    /** The NTSTATUS the kernel (or whoever posted the packet) left in {@code OVERLAPPED.Internal}. */
    static int status(MemorySegment block) {
        return (int) block.get(ValueLayout.JAVA_LONG, INTERNAL);
    }

    /**
     * The outcome of a packet this process posts itself (a console read, an exit wait), key
     * {@link IocpDriver#KEY_POSTED}: a Win32 error code, 0 for success, where the kernel's
     * packets have an NTSTATUS.
     */
    static void setPostedError(MemorySegment block, int win32Error) {
        block.set(ValueLayout.JAVA_LONG, INTERNAL, Integer.toUnsignedLong(win32Error));
    }

    /** What {@link #setPostedError} left. */
    static int postedError(MemorySegment block) {
        return (int) block.get(ValueLayout.JAVA_LONG, INTERNAL);
    }
}
