package io.rusticated.conformance.jdk;

import io.rusticated.jdk.RusticatedFileSystemProvider;

import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.spi.FileSystemProvider;

/**
 * The two file systems the JDK plug-in cases compare: the JDK's built-in one and rusticated's over
 * it, whether or not rusticated's provider is installed as the JDK's default. (rusticated-linux's
 * equivalence and fuzz tests have the same in their JdkFiles; they move here with them.)
 */
final class JdkPaths {
    private static final FileSystemProvider BUILTIN = builtinProvider();
    static final FileSystem JDK_FS = BUILTIN.getFileSystem(URI.create("file:///"));
    static final FileSystem OUR_FS = new RusticatedFileSystemProvider(BUILTIN).getFileSystem(URI.create("file:///"));

    private JdkPaths() {
    }

    private static FileSystemProvider builtinProvider() {
        FileSystemProvider p = FileSystems.getDefault().provider();
        return p instanceof RusticatedFileSystemProvider r ? r.builtinProvider() : p;
    }

    static Path ours(Path p) {
        return OUR_FS.getPath(p.toString());
    }

    static Path jdk(Path p) {
        return JDK_FS.getPath(p.toString());
    }

    /** Bytes whose value depends on more than the low bits of their offset, so a misplaced read shows. */
    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >>> 11) + 7);
        }
        return b;
    }
}
