package io.rusticated.wasm.fs;

import io.rusticated.wasm.rt.LinearMemory;
import java.nio.file.InvalidPathException;

/** A path's UTF-8 bytes in linear memory, for the host; NUL and the empty path rejected as the JDK does. */
public final class HostPaths {
    private HostPaths() {
    }

    public static LinearMemory encode(String path) {
        if (path.isEmpty()) {
            // The JDK's UnixPath turns "" into the current directory; a host has no empty path.
            return LinearMemory.utf8(".");
        }
        if (path.indexOf('\0') >= 0) {
            throw new InvalidPathException(path, "Nul character not allowed");
        }
        return LinearMemory.utf8(path);
    }
}
