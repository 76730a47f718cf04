package io.rusticated.windows;

import io.rusticated.path.NativePath;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A path as the Win32 calls take it, following the JDK's {@code WindowsPath.getPathForWin32Calls}:
 * a path of up to 247 characters goes as it is (the OS resolves a relative one against the
 * current directory, as the JDK does); a longer one is made absolute (against
 * {@code user.dir}), its {@code .} and {@code ..} removed and separators made backslashes (the
 * {@code \\?\} form turns off the OS's own normalisation), and prefixed with {@code \\?\} (or
 * {@code \\?\UNC\} for {@code \\server\share}) so it may reach 32767 characters. The text is
 * encoded one UTF-16 unit per char, lone surrogates kept ({@link NativePath#utf16z()}).
 */
final class Win32Path {
    private Win32Path() {
    }

    /** The longest path used without the prefix: MAX_PATH less 12 characters for an 8.3 name, as CreateDirectoryW needs (the JDK's limit). */
    static final int SHORT_PATH_LIMIT = 247;
    /** The longest path Win32 takes with the prefix. */
    static final int LONG_PATH_LIMIT = 32767;

    private static final String PREFIX = "\\\\?\\";
    private static final String UNC_PREFIX = "\\\\?\\UNC\\";

    /** The NUL-terminated UTF-16 form of {@link #forWin32(String, String)} for the path of a request. */
    static NativePath of(NativePath path) {
        String text = path.toString();
        String win32 = forWin32(text, System.getProperty("user.dir"));
        return win32.equals(text) ? path : NativePath.of(win32);
    }

    /**
     * The text to give a Win32 call for {@code path}.
     *
     * @throws IllegalArgumentException when even the prefixed form exceeds 32767 characters
     */
    static String forWin32(String path, String workingDirectory) {
        if (path.length() <= SHORT_PATH_LIMIT || path.startsWith(PREFIX)) {
            return path;
        }
        String absolute = isAbsolute(path) ? path : join(workingDirectory, path);
        String normal = normalise(absolute);
        String prefixed = normal.startsWith("\\\\") ? UNC_PREFIX + normal.substring(2) : PREFIX + normal;
        if (prefixed.length() > LONG_PATH_LIMIT) {
            throw new IllegalArgumentException("Cannot access file with path exceeding " + LONG_PATH_LIMIT + " characters");
        }
        return prefixed;
    }

    /** The target of a symbolic link as Windows stores it: backslashes (a link to {@code a/b} would not resolve), prefixed only when long and absolute. */
    static String linkTarget(String target) {
        String t = target.replace('/', '\\');
        return isAbsolute(t) && t.length() > SHORT_PATH_LIMIT ? forWin32(t, null) : t;
    }

    /** {@code C:\...} or {@code \\server\share...}: absolute without reference to a current directory or drive. */
    static boolean isAbsolute(String path) {
        String p = path.replace('/', '\\');
        if (p.startsWith("\\\\")) {
            return true;
        }
        return p.length() >= 3 && Character.isLetter(p.charAt(0)) && p.charAt(1) == ':' && p.charAt(2) == '\\';
    }

    private static String join(String directory, String path) {
        String p = path.replace('/', '\\');
        if (p.startsWith("\\")) {
            return directory.substring(0, 2) + p; // root-relative: on the working directory's drive
        }
        if (p.length() >= 2 && p.charAt(1) == ':') {
            return p.substring(0, 2) + "\\" + p.substring(2); // drive-relative: taken from that drive's root
        }
        return directory + "\\" + p;
    }

    /** Backslashes, no empty, {@code .} or {@code ..} components (a {@code ..} above the root stays at the root, as Windows does). */
    static String normalise(String absolute) {
        String p = absolute.replace('/', '\\');
        String root;
        String rest;
        if (p.startsWith("\\\\")) {
            int server = p.indexOf('\\', 2);
            int share = server < 0 ? -1 : p.indexOf('\\', server + 1);
            root = share < 0 ? p : p.substring(0, share);
            rest = share < 0 ? "" : p.substring(share + 1);
        } else {
            root = p.substring(0, 2);
            rest = p.substring(2);
        }
        Deque<String> parts = new ArrayDeque<>();
        for (String part : rest.split("\\\\")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                parts.pollLast();
            } else {
                parts.addLast(part);
            }
        }
        List<String> all = new ArrayList<>(parts);
        return root + "\\" + String.join("\\", all);
    }
}
