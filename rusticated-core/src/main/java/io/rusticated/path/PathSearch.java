package io.rusticated.path;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Finds programs the way a shell does: a name with a separator is taken as is, else each PATH
 * entry is tried.
 *
 * <p>Where paths are Windows paths ({@code File.separatorChar == '\\'}) the search follows
 * cmd.exe: PATH is split on {@code ;} with quotes around an entry removed and empty entries
 * skipped, {@code /}, {@code \} or a drive letter make a name a path, and a name is tried as given
 * only when it ends with one of the extensions in PATHEXT, else with each of them appended in
 * PATHEXT's order. Windows has no execute bit: what starts is decided by the extension, so only
 * those CreateProcess can start are used ({@code .com} and {@code .exe}, {@code .bat} and
 * {@code .cmd} through cmd.exe), and a candidate only needs to be a regular file. The file
 * system decides case, as it does for cmd.exe. The current directory is not searched.
 */
public final class PathSearch {
    private PathSearch() {
    }

    /** Whether this JVM's paths follow Windows syntax. */
    public static final boolean WINDOWS_RULES = File.separatorChar == '\\';

    /** PATHEXT when the variable is unset, as cmd.exe assumes. */
    public static final String DEFAULT_PATHEXT = ".COM;.EXE;.BAT;.CMD";

    private static final List<String> STARTABLE = List.of(".com", ".exe", ".bat", ".cmd");

    /** The executable regular file {@code program} names, searched on {@code $PATH}. */
    public static Optional<Path> which(String program) {
        return which(program, System.getenv("PATH"));
    }

    public static Optional<Path> which(String program, String searchPath) {
        return WINDOWS_RULES ? whichOnWindows(program, searchPath, System.getenv("PATHEXT")) : whichOnUnix(program, searchPath);
    }

    static Optional<Path> whichOnUnix(String program, String searchPath) {
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

    /**
     * The search with Windows rules (see the class comment), whatever this JVM's OS: PATH is
     * split on {@code ;} and PATHEXT ({@link #DEFAULT_PATHEXT} when null) lists the extensions.
     */
    public static Optional<Path> whichOnWindows(String program, String searchPath, String pathExt) {
        NativePath.of(program);
        List<String> names = windowsCandidates(program, pathExt);
        boolean isPath = program.indexOf('/') >= 0 || program.indexOf('\\') >= 0
                || (program.length() >= 2 && program.charAt(1) == ':' && Character.isLetter(program.charAt(0)));
        if (isPath) {
            return firstFile(null, names);
        }
        if (searchPath == null) {
            return Optional.empty();
        }
        for (String entry : searchPath.split(";", -1)) {
            String dir = entry.replace("\"", "").strip();
            if (dir.isEmpty()) {
                continue;
            }
            Optional<Path> found = firstFile(dir, names);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** The names tried for {@code program}: as given when PATHEXT lists its extension, else with each extension appended. */
    static List<String> windowsCandidates(String program, String pathExt) {
        List<String> extensions = new ArrayList<>();
        for (String ext : (pathExt == null || pathExt.isBlank() ? DEFAULT_PATHEXT : pathExt).split(";")) {
            String e = ext.strip().toLowerCase(Locale.ROOT);
            if (STARTABLE.contains(e) && !extensions.contains(e)) {
                extensions.add(e);
            }
        }
        String lower = program.toLowerCase(Locale.ROOT);
        for (String ext : extensions) {
            if (lower.endsWith(ext)) {
                return List.of(program);
            }
        }
        List<String> names = new ArrayList<>(extensions.size());
        for (String ext : extensions) {
            names.add(program + ext);
        }
        return names;
    }

    private static Optional<Path> firstFile(String dir, List<String> names) {
        for (String name : names) {
            Path p;
            try {
                p = dir == null ? Path.of(name) : Path.of(dir, name);
            } catch (java.nio.file.InvalidPathException e) {
                continue; // an entry this JVM cannot name holds nothing it could start
            }
            if (Files.isRegularFile(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path p) {
        return Files.isRegularFile(p) && Files.isExecutable(p);
    }
}
