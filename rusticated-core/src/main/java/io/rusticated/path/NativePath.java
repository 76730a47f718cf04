package io.rusticated.path;

import io.rusticated.io.NativeMemory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A path as the OS takes it: NUL-terminated UTF-8 on Unix, UTF-16 on Windows. A NUL character is
 * rejected when the path is made, so no system call ever sees a truncated name. The encoded
 * memory is GC-managed and held by the operation that lends it to the kernel.
 */
public final class NativePath {
    private final String text;
    /** Memory of the caller's for the encoded forms, or null: they get memory of their own. */
    private final MemorySegment room;
    private MemorySegment utf8z;
    private MemorySegment utf16z;

    private NativePath(String text, MemorySegment room) {
        this.text = text;
        this.room = room;
    }

    /** @throws InvalidPathException if the text is empty or has a NUL character */
    public static NativePath of(String text) {
        Objects.requireNonNull(text, "path");
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw new InvalidPathException(text.replace("\0", "\\0"), "NUL character not allowed", nul);
        }
        if (text.isEmpty()) {
            throw new InvalidPathException(text, "empty path");
        }
        return new NativePath(text, null);
    }

    public static NativePath of(Path path) {
        return of(path.toString());
    }

    /**
     * This path, its encoded form written into {@code room} when one is asked for (memory of its
     * own where it does not fit): for a system call the caller makes, and finishes, before it
     * reuses {@code room}. Spares an allocation per call on the calling thread.
     */
    public NativePath in(MemorySegment room) {
        return new NativePath(text, room);
    }

    /** The path as text, for messages and exceptions. */
    @Override
    public String toString() {
        return text;
    }

    /** NUL-terminated UTF-8 (Unix). */
    public MemorySegment utf8z() {
        MemorySegment m = utf8z;
        if (m == null) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            m = memory(b.length + 1L, 1);
            MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, 0, b.length);
            m.set(ValueLayout.JAVA_BYTE, b.length, (byte) 0);
            utf8z = m;
        }
        return m;
    }

    /**
     * NUL-terminated UTF-16LE (Windows), one code unit per {@code char}: a lone surrogate, which
     * Windows allows in file names and the JDK keeps in its paths, is passed through as it is
     * (a charset encoder would replace it, naming another file).
     */
    public MemorySegment utf16z() {
        MemorySegment m = utf16z;
        if (m == null) {
            m = memory(2L * text.length() + 2, 2);
            MemorySegment.copy(text.toCharArray(), 0, m, UTF16LE_UNIT, 0, text.length());
            m.set(ValueLayout.JAVA_SHORT_UNALIGNED, 2L * text.length(), (short) 0);
            utf16z = m;
        }
        return m;
    }

    private static final ValueLayout.OfChar UTF16LE_UNIT = ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    private MemorySegment memory(long size, long alignment) {
        if (room != null && size <= room.byteSize() && room.address() % alignment == 0) {
            return room.asSlice(0, size);
        }
        return NativeMemory.allocate(size, alignment);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NativePath p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
