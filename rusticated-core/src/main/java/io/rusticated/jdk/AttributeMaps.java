package io.rusticated.jdk;

import java.nio.file.attribute.PosixFileAttributes;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code Files.readAttributes(path, "basic:..." or "posix:...")} from one rusticated stat, with
 * the names and values of the JDK's basic and posix views. Only requests the JDK would answer
 * are taken: any other view or an unknown name gets null, and the built-in provider then answers
 * (or throws its {@code IllegalArgumentException}).
 */
final class AttributeMaps {
    private static final Set<String> BASIC = Set.of("lastModifiedTime", "lastAccessTime", "creationTime", "size",
            "isRegularFile", "isDirectory", "isSymbolicLink", "isOther", "fileKey");
    private static final Set<String> POSIX_ONLY = Set.of("permissions", "owner", "group");

    private AttributeMaps() {
    }

    /** The requested names if rusticated can answer them as the JDK would, else null. */
    static String[] servable(String attributes, boolean posixSupported) {
        int colon = attributes.indexOf(':');
        String view = colon < 0 ? "basic" : attributes.substring(0, colon);
        String list = colon < 0 ? attributes : attributes.substring(colon + 1);
        boolean posix = view.equals("posix");
        if (!(view.equals("basic") || (posix && posixSupported))) {
            return null;
        }
        String[] names = list.split(",");
        for (String n : names) {
            if (!(n.equals("*") || BASIC.contains(n) || (posix && POSIX_ONLY.contains(n)))) {
                return null;
            }
        }
        return names;
    }

    /** The map for names {@link #servable} accepted, as the JDK's views build it. */
    static Map<String, Object> read(String[] names, boolean posix, PosixFileAttributes a) {
        boolean all = false;
        Set<String> wanted = new java.util.HashSet<>();
        for (String n : names) {
            if (n.equals("*")) {
                all = true;
            } else {
                wanted.add(n);
            }
        }
        Map<String, Object> map = new HashMap<>();
        if (all || wanted.contains("size")) {
            map.put("size", a.size());
        }
        if (all || wanted.contains("creationTime")) {
            map.put("creationTime", a.creationTime());
        }
        if (all || wanted.contains("lastAccessTime")) {
            map.put("lastAccessTime", a.lastAccessTime());
        }
        if (all || wanted.contains("lastModifiedTime")) {
            map.put("lastModifiedTime", a.lastModifiedTime());
        }
        if (all || wanted.contains("fileKey")) {
            map.put("fileKey", a.fileKey());
        }
        if (all || wanted.contains("isDirectory")) {
            map.put("isDirectory", a.isDirectory());
        }
        if (all || wanted.contains("isRegularFile")) {
            map.put("isRegularFile", a.isRegularFile());
        }
        if (all || wanted.contains("isSymbolicLink")) {
            map.put("isSymbolicLink", a.isSymbolicLink());
        }
        if (all || wanted.contains("isOther")) {
            map.put("isOther", a.isOther());
        }
        if (posix) {
            if (all || wanted.contains("permissions")) {
                map.put("permissions", a.permissions());
            }
            if (all || wanted.contains("owner")) {
                map.put("owner", a.owner());
            }
            if (all || wanted.contains("group")) {
                map.put("group", a.group());
            }
        }
        return Collections.unmodifiableMap(map);
    }
}
