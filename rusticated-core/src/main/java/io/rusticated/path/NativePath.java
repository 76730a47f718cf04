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
    private MemorySegment utf8z;
    private MemorySegment utf16z;

    private NativePath(String text) {
        this.text = text;
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
        return new NativePath(text);
    }

    public static NativePath of(Path path) {
        return of(path.toString());
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
            m = NativeMemory.allocate(b.length + 1L, 1);
            MemorySegment.copy(b, 0, m, ValueLayout.JAVA_BYTE, 0, b.length);
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
            m = NativeMemory.allocate(2L * text.length() + 2, 2);
            MemorySegment.copy(text.toCharArray(), 0, m, UTF16LE_UNIT, 0, text.length());
            utf16z = m;
        }
        return m;
    }

    private static final ValueLayout.OfChar UTF16LE_UNIT = ValueLayout.JAVA_CHAR_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN);

    @Override
    public boolean equals(Object o) {
        return o instanceof NativePath p && p.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
