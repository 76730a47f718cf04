package io.rusticated.linux.jdk;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.rusticated.linux.jdk.JdkFiles.jdk;
import static io.rusticated.linux.jdk.JdkFiles.outcome;
import static io.rusticated.linux.jdk.JdkFiles.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random path text through rusticated's provider and through the JDK's own, with the same calls
 * on two identical fixtures: every result, exception (class and message) and the file system state
 * afterwards must be the same. The text is made from random bytes: valid UTF-8, invalid UTF-8
 * decoded as the JDK decodes it (U+FFFD), NUL bytes, lone surrogates, names longer than NAME_MAX
 * and paths longer than PATH_MAX. Names that are not UTF-8 at all are also put on disk (through
 * the JDK, by URI) and reached by listing the directory.
 *
 * <p>rusticated must serve these calls, not hand them to the JDK: the only hand-over allowed is
 * for a path whose bytes only the JDK knows (reason PATH: text holding U+FFFD, for instance), and
 * none at all for ASCII text.
 *
 * <p>The seed is random and printed with any difference; {@code -Drusticated.fuzz.seed=N} replays it.
 */
class ProviderFuzzTest {
    private static final int NAME_MAX = 255;
    private static final int PATH_MAX = 4096;
    private static final int TEXTS = 150;
    private static final int RAW_NAME_ROUNDS = 12;

    @TempDir
    Path tmp;

    private static long seed() {
        return Long.getLong("rusticated.fuzz.seed", System.nanoTime());
    }

    // ---- random path text ----

    private static final String[] PIECES = {"a", "b", "Z", "0", ".", "..", "/", "//", " ", "-", "~", "\t", "\n", "é", "ß", "中",
            "日本", "😀", "\uFFFD", "file.txt", "dir", "link", "empty", "\u0301", "\u200B"};

    static String text(Random r) {
        return switch (r.nextInt(8)) {
            case 0 -> pieces(r, 1 + r.nextInt(6));
            case 1 -> new String(bytes(r, 1 + r.nextInt(40)), StandardCharsets.UTF_8); // invalid sequences become U+FFFD, as the JDK decodes
            case 2 -> insert(r, pieces(r, 1 + r.nextInt(4)), "\0");
            case 3 -> insert(r, pieces(r, 1 + r.nextInt(4)), r.nextBoolean() ? "\uD800" : "\uDFFF");
            case 4 -> longName(r, NAME_MAX - 2 + r.nextInt(250));
            case 5 -> longPath(r, PATH_MAX - 300 + r.nextInt(6000));
            case 6 -> "dir/" + pieces(r, 1 + r.nextInt(3));
            default -> new String(bytes(r, 1 + r.nextInt(8)), StandardCharsets.UTF_8) + "/" + pieces(r, 1);
        };
    }

    private static byte[] bytes(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static String pieces(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(PIECES[r.nextInt(PIECES.length)]);
        }
        return sb.toString();
    }

    private static String insert(Random r, String s, String what) {
        int at = r.nextInt(s.length() + 1);
        return s.substring(0, at) + what + s.substring(at);
    }

    /** One component about {@code utf8Bytes} long in UTF-8 (1-, 2-, 3- and 4-byte characters). */
    private static String longName(Random r, int utf8Bytes) {
        StringBuilder sb = new StringBuilder();
        int n = 0;
        String[] chars = {"x", "é", "中", "😀"};
        while (n < utf8Bytes) {
            int k = r.nextInt(chars.length);
            sb.append(chars[k]);
            n += k + 1;
        }
        return sb.toString();
    }

    private static String longPath(Random r, int length) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < length) {
            sb.append(sb.isEmpty() ? "" : "/").append(longName(r, 1 + r.nextInt(NAME_MAX)));
        }
        return sb.toString();
    }

    // ---- the calls ----

    /** Two fixtures whose roots have names of the same length, so path lengths match exactly. */
    private static Path fixture(Path base, String name) throws Exception {
        Path root = Files.createDirectory(jdk(base).resolve(name));
        Files.createDirectory(root.resolve("dir"));
        Files.createDirectory(root.resolve("empty"));
        Files.writeString(root.resolve("file.txt"), "hello");
        Files.writeString(root.resolve("dir/inner.txt"), "inner");
        Files.createSymbolicLink(root.resolve("link"), root.getFileSystem().getPath("file.txt"));
        return root;
    }

    /** Whether a mutating call on this relative text stays inside the root: no absolute text, no "..". */
    private static boolean confined(String text) {
        if (text.startsWith("/") || text.indexOf('\0') >= 0) {
            return false;
        }
        for (String part : text.split("/")) {
            if (part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    /** The same calls with the same text on one fixture, through one file system; one outcome per call. */
    private static List<String> calls(FileSystem fs, Path root, String text) {
        List<String> out = new ArrayList<>();
        Path base = fs.getPath(root.toString());
        out.add("getPath " + outcome(root, () -> fs.getPath(text).toString()));
        Path p;
        try {
            p = base.resolve(fs.getPath(text));
        } catch (RuntimeException e) {
            return out;
        }
        out.add("exists " + outcome(root, () -> Files.exists(p) + " " + Files.notExists(p) + " " + Files.isDirectory(p)
                + " " + Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)));
        out.add("attributes " + outcome(root, () -> Files.readAttributes(p, BasicFileAttributes.class).size()));
        out.add("readString " + outcome(root, () -> Files.readString(p)));
        out.add("list " + outcome(root, () -> names(p)));
        out.add("async " + outcome(root, () -> {
            try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(p)) {
                ByteBuffer b = ByteBuffer.allocate(8);
                return ch.size() + " " + ch.read(b, 0).get(10, TimeUnit.SECONDS);
            }
        }));
        if (!confined(text)) {
            return out;
        }
        out.add("createFile " + outcome(root, () -> Files.createFile(p).getFileName()));
        out.add("writeString " + outcome(root, () -> Files.readString(Files.writeString(p, "fuzz " + text.length(), StandardOpenOption.APPEND,
                StandardOpenOption.CREATE))));
        out.add("channel " + outcome(root, () -> {
            try (SeekableByteChannel ch = Files.newByteChannel(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.position(2).write(ByteBuffer.wrap(new byte[] {'!'}));
                return ch.size();
            }
        }));
        out.add("copy " + outcome(root, () -> Files.copy(base.resolve("file.txt"), p, StandardCopyOption.REPLACE_EXISTING).getFileName()));
        out.add("move out " + outcome(root, () -> Files.move(p, base.resolve("moved")).getFileName()));
        out.add("move back " + outcome(root, () -> Files.move(base.resolve("moved"), p).getFileName()));
        out.add("delete " + outcome(root, () -> Files.deleteIfExists(p)));
        out.add("createDirectories " + outcome(root, () -> Files.createDirectories(p).getFileName()));
        out.add("symlink " + outcome(root, () -> Files.createSymbolicLink(p.resolve("l"), fs.getPath(text)).getFileName()));
        out.add("list after " + outcome(root, () -> names(p)));
        out.add("stream " + outcome(root, () -> {
            try (OutputStream o = Files.newOutputStream(p)) {
                o.write(1);
            }
            try (InputStream i = Files.newInputStream(p)) {
                return i.readAllBytes().length;
            }
        }));
        out.add("delete again " + outcome(root, () -> {
            Files.delete(p);
            return Files.exists(p, LinkOption.NOFOLLOW_LINKS);
        }));
        return out;
    }

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(e -> e.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void randomPathTextGivesWhatTheJdkGives() throws Exception {
        long seed = seed();
        Random r = new Random(seed);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < TEXTS && differences.size() < 5; i++) {
            String text = text(r);
            Path base = Files.createDirectory(jdk(tmp).resolve("t" + i));
            Path jdkRoot = fixture(base, "A");
            Path ourRoot = fixture(base, "B");
            List<String> expected = calls(JdkFiles.JDK_FS, jdkRoot, text);
            Map<String, Long> before = JdkFiles.OURS.counters().counts();
            List<String> actual = calls(JdkFiles.OUR_FS, ourRoot, text);
            Set<String> handedOver = JdkFiles.handOversSince(before);
            if (!handedOver.stream().allMatch(h -> h.endsWith(" PATH")) || (isAscii(text) && !handedOver.isEmpty())) {
                differences.add(describe(text) + ": handed to the JDK " + handedOver);
            } else if (!expected.equals(actual)) {
                differences.add(describe(text) + ": " + firstDifference(expected, actual));
            } else if (!snapshot(jdkRoot).equals(snapshot(ourRoot))) {
                differences.add(describe(text) + ": state jdk " + snapshot(jdkRoot) + " rusticated " + snapshot(ourRoot));
            }
        }
        assertThat(differences).as("seed %d (replay with -Drusticated.fuzz.seed=%d)", seed, seed).isEmpty();
    }

    /**
     * File names that are not UTF-8 (random bytes, put on disk through the JDK by URI, which
     * keeps the bytes) listed through each provider, then read, measured, renamed and deleted
     * through the listed paths: the listed path must name the file on disk, not its decoded text.
     */
    @Test
    void namesThatAreNotUtf8AreReachedThroughTheirListedPaths() throws Exception {
        long seed = seed();
        Random r = new Random(seed ^ 0x5DEECE66DL);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < RAW_NAME_ROUNDS && differences.size() < 5; i++) {
            Path base = Files.createDirectory(jdk(tmp).resolve("raw" + i));
            Path jdkRoot = fixture(base, "A");
            Path ourRoot = fixture(base, "B");
            List<byte[]> names = new ArrayList<>();
            for (int n = 1 + r.nextInt(4); n > 0; n--) {
                names.add(rawName(r));
            }
            if (r.nextBoolean()) {
                names.add(new String(names.get(0), StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8)); // the decoded text as a name of its own
            }
            for (Path root : List.of(jdkRoot, ourRoot)) {
                for (byte[] name : names) {
                    Path p = rawPath(root, name);
                    if (Files.notExists(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.writeString(p, HexFormat.of().formatHex(name)); // text, so that the snapshot can show it
                    }
                }
            }
            List<String> expected = listedCalls(JdkFiles.JDK_FS, jdkRoot);
            Map<String, Long> before = JdkFiles.OURS.counters().counts();
            List<String> actual = listedCalls(JdkFiles.OUR_FS, ourRoot);
            Set<String> handedOver = JdkFiles.handOversSince(before);
            String what = names.stream().map(HexFormat.of()::formatHex).toList().toString();
            if (!handedOver.stream().allMatch(h -> h.endsWith(" PATH"))) {
                differences.add(what + ": handed to the JDK " + handedOver);
            } else if (!expected.equals(actual)) {
                differences.add(what + ": " + firstDifference(expected, actual));
            } else if (!snapshot(jdkRoot).equals(snapshot(ourRoot))) {
                differences.add(what + ": state jdk " + snapshot(jdkRoot) + " rusticated " + snapshot(ourRoot));
            }
        }
        assertThat(differences).as("seed %d (replay with -Drusticated.fuzz.seed=%d)", seed, seed).isEmpty();
    }

    /** 1 to 20 random bytes, none NUL or '/', at least one not valid UTF-8 on its own most of the time. */
    private static byte[] rawName(Random r) {
        byte[] b = bytes(r, 1 + r.nextInt(20));
        for (int i = 0; i < b.length; i++) {
            if (b[i] == 0 || b[i] == '/') {
                b[i] = (byte) 0xff;
            }
        }
        if (b.length <= 2 && b[0] == '.') {
            b[0] = (byte) 0xfe;
        }
        return b;
    }

    /** The JDK's path with exactly these bytes as its last name: a file URI keeps them. */
    private static Path rawPath(Path dir, byte[] name) {
        StringBuilder sb = new StringBuilder(dir.toUri().toString());
        if (sb.charAt(sb.length() - 1) != '/') {
            sb.append('/');
        }
        for (byte b : name) {
            sb.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
        }
        return JdkFiles.BUILTIN.getPath(URI.create(sb.toString()));
    }

    /** Lists the root and works on each listed file through its path, in the order of the names' bytes. */
    private static List<String> listedCalls(FileSystem fs, Path root) throws Exception {
        Path base = fs.getPath(root.toString());
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(base)) {
            s.forEach(entries::add);
        }
        String rootUri = base.toUri().toString();
        entries.sort((a, b) -> a.toUri().toString().compareTo(b.toUri().toString()));
        List<String> out = new ArrayList<>();
        for (Path e : entries) {
            String name = e.toUri().toString().replace(rootUri, "");
            out.add(name + " attributes " + outcome(root, () -> {
                BasicFileAttributes a = Files.readAttributes(e, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                return a.size() + " " + a.isRegularFile() + " " + a.isDirectory() + " " + a.isSymbolicLink();
            }));
            out.add(name + " read " + outcome(root, () -> Files.isRegularFile(e) ? HexFormat.of().formatHex(Files.readAllBytes(e)) : "-"));
            out.add(name + " async " + outcome(root, () -> {
                if (!Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                    return "-";
                }
                try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(e)) {
                    return ch.size();
                }
            }));
        }
        for (Path e : entries) {
            if (Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS) && !e.getFileName().toString().equals("file.txt")) {
                String name = e.toUri().toString().replace(rootUri, "");
                out.add(name + " append " + outcome(root, () -> Files.size(Files.write(e, new byte[] {'+'}, StandardOpenOption.APPEND))));
                out.add(name + " rename " + outcome(root, () -> {
                    Path moved = Files.move(e, e.resolveSibling(e.getFileName() + ".moved"));
                    return Files.exists(e) + " " + Files.size(moved);
                }));
            }
        }
        List<Path> moved = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(base, e -> e.getFileName().toString().endsWith(".moved"))) {
            s.forEach(moved::add);
        }
        moved.sort((a, b) -> a.toUri().toString().compareTo(b.toUri().toString()));
        for (Path e : moved) {
            String name = e.toUri().toString().replace(rootUri, "");
            out.add(name + " delete " + outcome(root, () -> {
                Files.delete(e);
                return Files.exists(e, LinkOption.NOFOLLOW_LINKS);
            }));
        }
        out.add("left " + outcome(root, () -> names(base)));
        return out;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    private static String firstDifference(List<String> expected, List<String> actual) {
        int i = 0;
        while (i < expected.size() && i < actual.size() && expected.get(i).equals(actual.get(i))) {
            i++;
        }
        return "call " + i + "\n  jdk        " + (i < expected.size() ? expected.get(i) : "(none)")
                + "\n  rusticated " + (i < actual.size() ? actual.get(i) : "(none)");
    }

    private static String describe(String text) {
        String shown = text.length() > 120 ? text.substring(0, 60) + "...(" + text.length() + " chars)..." + text.substring(text.length() - 40) : text;
        StringBuilder sb = new StringBuilder("'");
        shown.codePoints().forEach(c -> {
            if (c < 0x20 || c == 0x7f || (c >= 0xD800 && c <= 0xDFFF)) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.append('\'').toString();
    }
}
