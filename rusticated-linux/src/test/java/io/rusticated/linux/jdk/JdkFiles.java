package io.rusticated.linux.jdk;

import io.rusticated.jdk.RusticatedFileSystemProvider;
import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.spi.FileSystemProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The two file systems the provider tests compare: the JDK's built-in one and rusticated's over it. */
final class JdkFiles {
    static final FileSystemProvider BUILTIN = builtinProvider();
    static final RusticatedFileSystemProvider OURS = new RusticatedFileSystemProvider(BUILTIN);
    static final FileSystem JDK_FS = BUILTIN.getFileSystem(URI.create("file:///"));
    static final FileSystem OUR_FS = OURS.getFileSystem(URI.create("file:///"));

    private JdkFiles() {
    }

    private static FileSystemProvider builtinProvider() {
        FileSystemProvider p = FileSystems.getDefault().provider();
        return p instanceof RusticatedFileSystemProvider r ? r.builtinProvider() : p;
    }

    static Path ours(Path p) {
        return OUR_FS.getPath(p.toString());
    }

    /** The path inside one of rusticated's (its class is package-private: read by reflection, the tests run on the class path). */
    static Path wrapped(Path p) {
        try {
            java.lang.reflect.Method m = p.getClass().getDeclaredMethod("builtin");
            m.setAccessible(true);
            return (Path) m.invoke(p);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(p.getClass() + " is not rusticated's path", e);
        }
    }

    /** How much each count of {@link #OURS} grew since {@code before} (a {@code counts()} taken then), those that did. */
    static Map<String, Long> countsSince(Map<String, Long> before) {
        Map<String, Long> out = new TreeMap<>();
        OURS.counters().counts().forEach((name, n) -> {
            if (n > before.getOrDefault(name, 0L)) {
                out.put(name, n - before.getOrDefault(name, 0L));
            }
        });
        return out;
    }

    /** What {@link #OURS} handed to the JDK since {@code before}: "method REASON" for each count that grew. */
    static Set<String> handOversSince(Map<String, Long> before) {
        Set<String> out = new TreeSet<>(countsSince(before).keySet());
        out.removeIf(name -> name.endsWith(" served"));
        return out;
    }

    static Path jdk(Path p) {
        return JDK_FS.getPath(p.toString());
    }

    interface IoCall {
        Object call() throws Exception;
    }

    /** "ok value" or "ExceptionClass: message", the root's name replaced so two roots compare equal. */
    static String outcome(Path root, IoCall call) {
        try {
            return "ok " + call.call();
        } catch (Throwable t) {
            return t.getClass().getName() + ": " + String.valueOf(t.getMessage()).replace(root.toString(), "<root>");
        }
    }

    /** Everything under the root, in walk order: relative path, kind, size, and contents of small files. */
    static List<String> snapshot(Path root) throws IOException {
        List<String> out = new ArrayList<>();
        Path j = jdk(root);
        Files.walkFileTree(j, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes a) {
                out.add(j.relativize(d) + " dir");
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
                String what = a.isSymbolicLink() ? "link " + Files.readSymbolicLink(f) : a.size() < 256 && a.isRegularFile()
                        ? "file " + Files.readString(f) : "file size " + a.size();
                out.add(j.relativize(f) + " " + what);
                return FileVisitResult.CONTINUE;
            }
        });
        out.sort(null);
        return out;
    }
}
