package io.rusticated.jdk;

import io.rusticated.path.NativePath;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The bytes a system call gets for a JDK path, when rusticated would send the same bytes as the
 * JDK: rusticated encodes UTF-8, the JDK encodes with {@code sun.jnu.encoding}. Where they may
 * differ (a non-ASCII path under a non-UTF-8 locale) the answer is null and the JDK does the call.
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
        if (!JNU_IS_UTF8 && !isAscii(text)) {
            return null;
        }
        return NativePath.of(text);
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
