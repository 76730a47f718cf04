package io.rusticated.jdk;

import io.rusticated.path.NativePath;
import io.rusticated.spi.PlatformFiles;

import java.nio.file.Path;

/**
 * The name a system call gets for a JDK path, when rusticated would give the OS the same name as
 * the JDK: rusticated encodes the path's text, the JDK keeps the path's own bytes, and the two
 * differ where the text does not tell the bytes ({@link PlatformFiles#faithful}). There the answer
 * is null and the JDK does the call.
 */
final class NativePaths {
    private NativePaths() {
    }

    /** The path as the OS takes it, or null when only the JDK can name it faithfully. */
    static NativePath of(PlatformFiles files, Path path) {
        String text = path.toString();
        if (text.isEmpty()) {
            return NativePath.of("."); // the JDK's empty path names the working directory in system calls
        }
        return files.faithful(text) ? NativePath.of(text) : null;
    }
}
