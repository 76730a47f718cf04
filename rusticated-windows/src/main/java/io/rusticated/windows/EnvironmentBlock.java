package io.rusticated.windows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A child's environment as CreateProcessW takes it with CREATE_UNICODE_ENVIRONMENT: UTF-16
 * {@code NAME=value} strings, each NUL-terminated, the block ended by one more NUL, sorted by name
 * without regard to case ("sorted alphabetically by name. The sort is case-insensitive, Unicode
 * order, without regard to locale", CreateProcessW; the JDK's ProcessEnvironment sorts the same
 * way). Windows names ignore case, so of two entries whose names differ only in case the last one
 * given wins. A name may start with {@code =} ({@code =C:=C:\dir}, the per-drive current directories
 * cmd.exe keeps). SystemRoot is added from this process when missing, as the JDK adds it: some
 * system DLLs fail to load in a process without it.
 */
final class EnvironmentBlock {
    private EnvironmentBlock() {
    }

    static String of(List<String> environment, String systemRoot) {
        Map<String, String> byName = new TreeMap<>(EnvironmentBlock::compareNames);
        for (String entry : environment) {
            int eq = entry.indexOf('=', 1);
            if (eq <= 0) {
                throw new IllegalArgumentException("environment entry without a name=value form: " + entry);
            }
            if (entry.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("environment entry holds a NUL character: " + entry.replace("\0", "\\0"));
            }
            String name = entry.substring(0, eq);
            byName.remove(name); // the new entry's spelling of the name replaces the old one's
            byName.put(name, entry.substring(eq + 1));
        }
        if (systemRoot != null && !byName.containsKey("SystemRoot")) {
            byName.put("SystemRoot", systemRoot);
        }
        StringBuilder block = new StringBuilder();
        for (Map.Entry<String, String> e : byName.entrySet()) {
            block.append(e.getKey()).append('=').append(e.getValue()).append('\0');
        }
        if (byName.isEmpty()) {
            block.append('\0'); // an empty block is two NULs
        }
        return block.append('\0').toString();
    }

    /** Names compared by their upper-case forms, char by char (no locale). */
    static int compareNames(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = Character.toUpperCase(a.charAt(i));
            char y = Character.toUpperCase(b.charAt(i));
            if (x != y) {
                return x - y;
            }
        }
        return a.length() - b.length();
    }

    /** The entries of a block, for tests and messages. */
    static List<String> entries(String block) {
        List<String> out = new ArrayList<>();
        for (String s : block.split("\0")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
