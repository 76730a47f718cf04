package io.rusticated.jdk;

import io.rusticated.path.NativePath;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The bytes a system call gets for a JDK path, when rusticated would send the same bytes as the
 * JDK: rusticated encodes the path's text as UTF-8, the JDK keeps the path's own bytes. They may
 * differ where the text does not tell the bytes: under a non-UTF-8 {@code sun.jnu.encoding} for
 * any non-ASCII text, and under UTF-8 for a text holding U+FFFD, which is what the JDK shows for
 * bytes that are not UTF-8 (a name read from a directory, or a {@code file:} URI with {@code %FF}).
 * There the answer is null and the JDK does the call.
 */
final class NativePaths {
    private static final boolean JNU_IS_UTF8 = isUtf8(System.getProperty("sun.jnu.encoding"));

    private NativePaths() {
    }

    private static boolean isUtf8(String name) {
        try {
            return name == null || Charset.forName(name).equals(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The path as the OS takes it, or null when only the JDK can encode it faithfully. */
    static NativePath of(Path path) {
        String text = path.toString();
        if (text.isEmpty()) {
            return NativePath.of("."); // the JDK's empty path names the working directory in system calls
        }
        if (!faithful(text)) {
            return null;
        }
        return NativePath.of(text);
    }

    /**
     * Whether a path or file name with this text has the bytes rusticated would encode: false
     * where the JDK's path may hold other bytes behind the same text (see the class comment).
     */
    static boolean faithful(String text) {
        return JNU_IS_UTF8 ? text.indexOf('\uFFFD') < 0 : isAscii(text);
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
