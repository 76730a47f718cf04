package io.rusticated.macos;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.rusticated.macos.MacAbi.*;

/**
 * An array of {@code struct kevent} in native memory, read and written in place: a change list to
 * hand to kevent, or the list it fills. A flyweight over the segment, no object per event.
 */
final class KeventList {
    final MemorySegment memory;
    final int capacity;

    KeventList(Arena arena, int capacity) {
        this.capacity = capacity;
        this.memory = arena.allocate(KEVENT.byteSize() * capacity, 8); // 32-byte elements: each one 8-aligned for its longs
    }

    private static long at(int i) {
        return i * KEVENT.byteSize();
    }

    /** EV_SET(&list[i], ident, filter, flags, fflags, data, udata). */
    void set(int i, long ident, short filter, short flags, int fflags, long data, long udata) {
        long at = at(i);
        memory.set(ValueLayout.JAVA_LONG, at + KEVENT_IDENT, ident);
        memory.set(ValueLayout.JAVA_SHORT, at + KEVENT_FILTER, filter);
        memory.set(ValueLayout.JAVA_SHORT, at + KEVENT_FLAGS, flags);
        memory.set(ValueLayout.JAVA_INT, at + KEVENT_FFLAGS, fflags);
        memory.set(ValueLayout.JAVA_LONG, at + KEVENT_DATA, data);
        memory.set(ValueLayout.JAVA_LONG, at + KEVENT_UDATA, udata);
    }

    long ident(int i) {
        return memory.get(ValueLayout.JAVA_LONG, at(i) + KEVENT_IDENT);
    }

    short filter(int i) {
        return memory.get(ValueLayout.JAVA_SHORT, at(i) + KEVENT_FILTER);
    }

    /** The flags as an unsigned 16-bit value (EV_EOF is the top bit). */
    int flags(int i) {
        return Short.toUnsignedInt(memory.get(ValueLayout.JAVA_SHORT, at(i) + KEVENT_FLAGS));
    }

    int fflags(int i) {
        return memory.get(ValueLayout.JAVA_INT, at(i) + KEVENT_FFLAGS);
    }

    long data(int i) {
        return memory.get(ValueLayout.JAVA_LONG, at(i) + KEVENT_DATA);
    }

    long udata(int i) {
        return memory.get(ValueLayout.JAVA_LONG, at(i) + KEVENT_UDATA);
    }

    /** Whether entry i is a receipt or error: EV_ERROR set, {@link #data} the errno (0: the change was applied). */
    boolean isError(int i) {
        return (flags(i) & EV_ERROR) != 0;
    }
}
