package io.rusticated.windows;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * The native block of one overlapped socket call: an {@link OverlappedBlock} (so packets, tokens
 * and owner ports work as for files) followed by what the call points Winsock at, all of which must
 * stay valid until the packet ("the lpFrom and lpFromlen parameters ... must remain available
 * until the overlapped operation completes", WSARecvFrom): the WSABUF, the flags DWORD, the peer's
 * address and its length, AcceptEx's accept socket and address buffer, and the listener handle
 * SO_UPDATE_ACCEPT_CONTEXT takes (and, at the packet, whether a datagram was cut short). It belongs to its request until the packet, like any block.
 */
final class SocketBlock {
    private SocketBlock() {
    }

    /** AcceptEx's room per address: 16 bytes more than the longest address ("at least 16 bytes more than the maximum address length", AcceptEx). */
    static final int ACCEPT_ADDRESS_LENGTH = (int) WindowsAbi.SOCKADDR_STORAGE.byteSize() + 16;

    static final StructLayout LAYOUT = MemoryLayout.structLayout(
            OverlappedBlock.LAYOUT.withName("base"),
            WindowsAbi.WSABUF.withName("wsabuf"),
            ValueLayout.JAVA_INT.withName("flags"),
            ValueLayout.JAVA_INT.withName("addressLength"),
            ValueLayout.JAVA_LONG.withName("acceptSocket"),
            ValueLayout.JAVA_LONG.withName("listener"),
            ValueLayout.JAVA_INT.withName("bytes"),
            ValueLayout.JAVA_INT.withName("truncated"),
            WindowsAbi.SOCKADDR_STORAGE.withName("address"),
            MemoryLayout.sequenceLayout(2L * ACCEPT_ADDRESS_LENGTH, ValueLayout.JAVA_BYTE).withName("acceptAddresses"));

    static final long SIZE = LAYOUT.byteSize();
    static final long WSABUF = LAYOUT.byteOffset(groupElement("wsabuf"));
    static final long FLAGS = LAYOUT.byteOffset(groupElement("flags"));
    static final long ADDRESS_LENGTH = LAYOUT.byteOffset(groupElement("addressLength"));
    static final long ACCEPT_SOCKET = LAYOUT.byteOffset(groupElement("acceptSocket"));
    static final long LISTENER = LAYOUT.byteOffset(groupElement("listener"));
    static final long BYTES = LAYOUT.byteOffset(groupElement("bytes"));
    /** Set at a RECV_FROM's packet when the datagram did not fit (WSAEMSGSIZE). */
    static final long TRUNCATED = LAYOUT.byteOffset(groupElement("truncated"));
    static final long ADDRESS = LAYOUT.byteOffset(groupElement("address"));
    static final long ACCEPT_ADDRESSES = LAYOUT.byteOffset(groupElement("acceptAddresses"));

    /** Clears what the last call left after the OVERLAPPED (which {@link OverlappedBlock#prepare} readies). */
    static void clear(MemorySegment block) {
        block.asSlice(WSABUF, SIZE - WSABUF).fill((byte) 0);
    }

    /** Points the WSABUF at {@code length} bytes at {@code address}. */
    static void buffer(MemorySegment block, long address, int length) {
        block.set(ValueLayout.JAVA_INT, WSABUF + WindowsAbi.WSABUF_LEN, length);
        block.set(ValueLayout.JAVA_LONG, WSABUF + WindowsAbi.WSABUF_BUF, address);
    }

    /** Where the peer's address lives in the block. */
    static MemorySegment address(MemorySegment block) {
        return block.asSlice(ADDRESS, WindowsAbi.SOCKADDR_STORAGE.byteSize());
    }
}
