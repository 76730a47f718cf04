package io.rusticated.path;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds programs the way a shell does: a name with a separator is taken as is, else each PATH entry is tried. */
public final class PathSearch {
    private PathSearch() {
    }

    /** The executable regular file {@code program} names, searched on {@code $PATH}. */
    public static Optional<Path> which(String program) {
        return which(program, System.getenv("PATH"));
    }

    public static Optional<Path> which(String program, String searchPath) {
        NativePath.of(program); // rejects NUL and empty names with a clear error
        if (program.indexOf('/') >= 0 || program.indexOf(File.separatorChar) >= 0) {
            Path p = Path.of(program);
            return isExecutableFile(p) ? Optional.of(p) : Optional.empty();
        }
        if (searchPath == null || searchPath.isEmpty()) {
            return Optional.empty();
        }
        for (String dir : searchPath.split(File.pathSeparator, -1)) {
            Path p = (dir.isEmpty() ? Path.of(".") : Path.of(dir)).resolve(program);
            if (isExecutableFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
