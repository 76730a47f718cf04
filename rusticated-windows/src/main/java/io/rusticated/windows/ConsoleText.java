package io.rusticated.windows;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Console text: a console reads and writes UTF-16 (ReadConsoleW, WriteConsoleW), while rusticated's
 * streams carry bytes, UTF-8 (what {@code stdout.encoding} is on the target). ReadFile and
 * WriteFile on a console would go through the console's code page instead and mangle what it
 * cannot represent. A character may arrive split between two calls, so each direction keeps what
 * it could not convert yet.
 */
final class ConsoleText {
    private ConsoleText() {
    }

    /** UTF-8 bytes written to a console, turned into UTF-16 units; a sequence cut off at the end of a write waits for the next one. */
    static final class Utf8ToUtf16 {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        private final byte[] carry = new byte[4];
        private int carried;

        /** The text of {@code bytes} after what earlier calls left; an incomplete last sequence is kept for the next call. */
        char[] convert(byte[] bytes) {
            ByteBuffer in = ByteBuffer.allocate(carried + bytes.length);
            in.put(carry, 0, carried).put(bytes).flip();
            CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
            decoder.reset();
            decoder.decode(in, out, false); // not the end of input: an incomplete tail stays in `in`
            carried = in.remaining();
            in.get(carry, 0, carried);
            out.flip();
            char[] chars = new char[out.remaining()];
            out.get(chars);
            return chars;
        }
    }

    /** UTF-16 units read from a console, turned into UTF-8; a high surrogate at the end of one read waits for its pair. */
    static final class Utf16ToUtf8 {
        private char highSurrogate;

        void convert(char[] chars, int count, ByteArrayOutputStream into) {
            StringBuilder text = new StringBuilder(count + 1);
            if (highSurrogate != 0) {
                text.append(highSurrogate);
                highSurrogate = 0;
            }
            text.append(chars, 0, count);
            int end = text.length();
            if (end > 0 && Character.isHighSurrogate(text.charAt(end - 1))) {
                highSurrogate = text.charAt(end - 1);
                end--;
            }
            // A lone surrogate has no UTF-8 form: the encoder writes '?' for it, as the JDK's String.getBytes does.
            byte[] utf8 = text.substring(0, end).getBytes(StandardCharsets.UTF_8);
            into.write(utf8, 0, utf8.length);
        }
    }
}
