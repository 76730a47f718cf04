package io.rusticated.linux.jdk;

import io.rusticated.jdk.RusticatedFileSystemProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.file.AccessMode;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.rusticated.linux.jdk.JdkFiles.jdk;
import static io.rusticated.linux.jdk.JdkFiles.ours;
import static io.rusticated.linux.jdk.JdkFiles.outcome;
import static io.rusticated.linux.jdk.JdkFiles.snapshot;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain JDK calls on rusticated's paths give what they give on the JDK's own: results, file
 * system state afterwards, and exceptions (class and message, file names included). Each case
 * runs on two identical fixtures, one through each provider.
 */
class ProviderEquivalenceTest {
    @TempDir
    Path tmp;

    /** root/file.txt, root/dir/inner.txt, root/empty/, root/link -> file.txt */
    private static Path fixture(Path base, String name) throws Exception {
        Path root = jdk(base).resolve(name);
        Files.createDirectories(root.resolve("dir"));
        Files.createDirectory(root.resolve("empty"));
        Files.writeString(root.resolve("file.txt"), "hello");
        Files.writeString(root.resolve("dir/inner.txt"), "inner");
        Files.createSymbolicLink(root.resolve("link"), root.getFileSystem().getPath("file.txt"));
        return root;
    }

    interface Case {
        Object run(Path root) throws Exception;
    }

    @SuppressWarnings("try") // some cases only open and close
    private static Map<String, Case> cases() {
        Map<String, Case> c = new LinkedHashMap<>();
        c.put("delete missing", r -> { Files.delete(r.resolve("missing")); return null; });
        c.put("delete non-empty dir", r -> { Files.delete(r.resolve("dir")); return null; });
        c.put("delete empty dir", r -> { Files.delete(r.resolve("empty")); return null; });
        c.put("delete link", r -> { Files.delete(r.resolve("link")); return null; });
        c.put("deleteIfExists missing", r -> Files.deleteIfExists(r.resolve("missing")));
        c.put("deleteIfExists file", r -> Files.deleteIfExists(r.resolve("file.txt")));
        c.put("createDirectory existing", r -> Files.createDirectory(r.resolve("dir")).getFileName());
        c.put("createDirectory no parent", r -> Files.createDirectory(r.resolve("no/such")).getFileName());
        c.put("createDirectories", r -> Files.createDirectories(r.resolve("a/b/c")).getFileName());
        c.put("createFile existing", r -> Files.createFile(r.resolve("file.txt")).getFileName());
        c.put("move onto existing", r -> Files.move(r.resolve("file.txt"), r.resolve("dir/inner.txt")).getFileName());
        c.put("move replacing", r -> Files.move(r.resolve("file.txt"), r.resolve("dir/inner.txt"), StandardCopyOption.REPLACE_EXISTING).getFileName());
        c.put("move missing", r -> Files.move(r.resolve("missing"), r.resolve("x")).getFileName());
        c.put("move onto dir", r -> Files.move(r.resolve("file.txt"), r.resolve("dir")).getFileName());
        c.put("move replacing non-empty dir", r -> Files.move(r.resolve("file.txt"), r.resolve("dir"), StandardCopyOption.REPLACE_EXISTING).getFileName());
        c.put("move replacing empty dir", r -> Files.move(r.resolve("file.txt"), r.resolve("empty"), StandardCopyOption.REPLACE_EXISTING).getFileName());
        c.put("move atomic", r -> Files.move(r.resolve("file.txt"), r.resolve("moved"), StandardCopyOption.ATOMIC_MOVE).getFileName());
        c.put("move onto itself", r -> Files.move(r.resolve("file.txt"), r.resolve("file.txt")).getFileName());
        c.put("move dir", r -> Files.move(r.resolve("dir"), r.resolve("dir2")).getFileName());
        c.put("move link", r -> Files.move(r.resolve("link"), r.resolve("link2")).getFileName());
        c.put("copy missing", r -> Files.copy(r.resolve("missing"), r.resolve("x")).getFileName());
        c.put("copy onto existing", r -> Files.copy(r.resolve("file.txt"), r.resolve("dir/inner.txt")).getFileName());
        c.put("copy onto itself", r -> Files.copy(r.resolve("file.txt"), r.resolve("file.txt")).getFileName());
        c.put("copy replacing", r -> Files.copy(r.resolve("file.txt"), r.resolve("dir/inner.txt"), StandardCopyOption.REPLACE_EXISTING).getFileName());
        c.put("copy replacing non-empty dir", r -> Files.copy(r.resolve("file.txt"), r.resolve("dir"), StandardCopyOption.REPLACE_EXISTING).getFileName());
        c.put("copy dir", r -> Files.copy(r.resolve("dir"), r.resolve("dir2")).getFileName());
        c.put("copy link nofollow", r -> Files.copy(r.resolve("link"), r.resolve("link2"), LinkOption.NOFOLLOW_LINKS).getFileName());
        c.put("copy through link", r -> Files.copy(r.resolve("link"), r.resolve("copy.txt")).getFileName());
        c.put("copy with attributes", r -> Files.copy(r.resolve("file.txt"), r.resolve("c.txt"), StandardCopyOption.COPY_ATTRIBUTES).getFileName());
        c.put("copy into missing dir", r -> Files.copy(r.resolve("file.txt"), r.resolve("no/c.txt")).getFileName());
        c.put("readString", r -> Files.readString(r.resolve("file.txt")));
        c.put("readString missing", r -> Files.readString(r.resolve("missing")));
        c.put("readString dir", r -> Files.readString(r.resolve("dir")));
        c.put("readAllLines through link", r -> Files.readAllLines(r.resolve("link")));
        c.put("writeString dir", r -> Files.writeString(r.resolve("dir"), "x").getFileName());
        c.put("writeString append", r -> Files.readString(Files.writeString(r.resolve("file.txt"), " more", StandardOpenOption.APPEND)));
        c.put("list file", r -> { try (DirectoryStream<Path> s = Files.newDirectoryStream(r.resolve("file.txt"))) { return s.iterator().hasNext(); } });
        c.put("list missing", r -> { try (Stream<Path> s = Files.list(r.resolve("missing"))) { return s.count(); } });
        c.put("list dir", r -> { try (Stream<Path> s = Files.list(r)) { return s.map(p -> p.getFileName().toString()).sorted().toList(); } });
        c.put("glob", r -> { try (DirectoryStream<Path> s = Files.newDirectoryStream(r, "*.txt")) { List<String> l = new ArrayList<>(); s.forEach(p -> l.add(p.getFileName().toString())); return l; } });
        c.put("attributes missing", r -> Files.readAttributes(r.resolve("missing"), BasicFileAttributes.class).size());
        c.put("size missing", r -> Files.size(r.resolve("missing")));
        c.put("size", r -> Files.size(r.resolve("file.txt")));
        c.put("exists", r -> List.of(Files.exists(r.resolve("file.txt")), Files.exists(r.resolve("missing")), Files.notExists(r.resolve("missing")),
                Files.isDirectory(r.resolve("dir")), Files.isRegularFile(r.resolve("link")), Files.isSymbolicLink(r.resolve("link")),
                Files.exists(r.resolve("file.txt/x")), Files.isReadable(r.resolve("file.txt")), Files.isExecutable(r.resolve("dir"))));
        c.put("checkAccess", r -> { List<String> out = new ArrayList<>();
            for (String name : List.of("file.txt", "dir", "link", "missing", "file.txt/x")) {
                for (AccessMode[] modes : new AccessMode[][] {{}, {AccessMode.READ}, {AccessMode.WRITE}, {AccessMode.EXECUTE}, {AccessMode.READ, AccessMode.WRITE, AccessMode.EXECUTE}}) {
                    try {
                        r.getFileSystem().provider().checkAccess(r.resolve(name), modes);
                        out.add(name + List.of(modes) + " ok");
                    } catch (IOException e) {
                        out.add(name + List.of(modes) + " " + e.getClass().getSimpleName() + ": " + e.getMessage().replace(r.toString(), "ROOT"));
                    }
                }
            }
            return out; });
        c.put("checkAccess null mode", r -> { r.getFileSystem().provider().checkAccess(r.resolve("file.txt"), AccessMode.READ, null); return null; });
        c.put("open missing", r -> { try (FileChannel ch = FileChannel.open(r.resolve("missing"))) { return ch.size(); } });
        c.put("output stream with READ", r -> { try (OutputStream o = Files.newOutputStream(r.resolve("file.txt"), StandardOpenOption.READ)) { return null; } });
        c.put("input stream with WRITE", r -> { try (InputStream i = Files.newInputStream(r.resolve("file.txt"), StandardOpenOption.WRITE)) { return null; } });
        c.put("read + append", r -> { try (FileChannel ch = FileChannel.open(r.resolve("file.txt"), StandardOpenOption.READ, StandardOpenOption.APPEND)) { return null; } });
        c.put("create new existing", r -> { try (var ch = Files.newByteChannel(r.resolve("file.txt"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) { return null; } });
        c.put("read-only create", r -> { try (var ch = Files.newByteChannel(r.resolve("new.txt"), StandardOpenOption.READ, StandardOpenOption.CREATE)) { return null; } });
        c.put("write to read-only channel", r -> { try (FileChannel ch = FileChannel.open(r.resolve("file.txt"))) { return ch.write(ByteBuffer.wrap(new byte[1])); } });
        c.put("read from write-only channel", r -> { try (FileChannel ch = FileChannel.open(r.resolve("file.txt"), StandardOpenOption.WRITE)) { return ch.read(ByteBuffer.allocate(1)); } });
        c.put("async append", r -> { try (var ch = AsynchronousFileChannel.open(r.resolve("file.txt"), StandardOpenOption.APPEND)) { return null; } });
        c.put("unknown basic attribute", r -> Files.readAttributes(r.resolve("file.txt"), "basic:size,nope"));
        c.put("unknown view", r -> Files.readAttributes(r.resolve("file.txt"), "nope:*"));
        c.put("empty view", r -> Files.readAttributes(r.resolve("file.txt"), ":size"));
        c.put("posix attribute map", r -> new TreeMap<>(Files.readAttributes(r.resolve("file.txt"), "posix:permissions,size,isOther")));
        c.put("symlink existing", r -> Files.createSymbolicLink(r.resolve("file.txt"), r.resolve("dir")).getFileName());
        c.put("symlink", r -> Files.readSymbolicLink(Files.createSymbolicLink(r.resolve("l2"), r.getFileSystem().getPath("dir/inner.txt"))));
        c.put("hard link to missing", r -> Files.createLink(r.resolve("h"), r.resolve("missing")).getFileName());
        c.put("hard link", r -> Files.readString(Files.createLink(r.resolve("h"), r.resolve("file.txt"))));
        c.put("readSymbolicLink of file", r -> Files.readSymbolicLink(r.resolve("file.txt")));
        c.put("isSameFile", r -> Files.isSameFile(r.resolve("file.txt"), r.resolve("link")));
        c.put("lines", r -> { try (Stream<String> s = Files.lines(r.resolve("dir/inner.txt"))) { return s.toList(); } });
        c.put("buffered reader of dir", r -> { try (BufferedReader b = Files.newBufferedReader(r.resolve("dir"))) { return b.readLine(); } });
        c.put("permissions", r -> PosixFilePermissions.toString(Files.getPosixFilePermissions(Files.createFile(r.resolve("p"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----"))))));
        c.put("proc file of size 0", r -> Files.readString(r.getFileSystem().getPath("/proc/version")));
        c.put("stream skip and available", r -> { try (InputStream i = Files.newInputStream(r.resolve("file.txt"))) { return i.skip(2) + " " + i.available() + " " + (char) i.read() + " " + i.skip(100) + " " + i.read(); } });
        c.put("buffered writer", r -> { try (var w = Files.newBufferedWriter(r.resolve("w.txt"))) { w.write("line1\nline2\n"); } return Files.readAllLines(r.resolve("w.txt")); });
        c.put("append stream", r -> { try (OutputStream o = Files.newOutputStream(r.resolve("file.txt"), StandardOpenOption.APPEND)) { o.write('!'); } return Files.readString(r.resolve("file.txt")); });
        c.put("truncate on open", r -> { try (var ch = Files.newByteChannel(r.resolve("file.txt"), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) { return ch.size(); } });
        c.put("write past the end", r -> { try (var ch = Files.newByteChannel(r.resolve("file.txt"), StandardOpenOption.WRITE)) { ch.position(10).write(ByteBuffer.wrap(new byte[] {'z'})); return ch.size() + " " + ch.position(); } });
        c.put("channel on a directory", r -> { try (FileChannel ch = FileChannel.open(r.resolve("dir"))) { return ch.size() > 0; } });
        c.put("read from a directory channel", r -> { try (FileChannel ch = FileChannel.open(r.resolve("dir"))) { return ch.read(ByteBuffer.allocate(1)); } });
        c.put("mismatch", r -> Files.mismatch(r.resolve("file.txt"), r.resolve("dir/inner.txt")));
        c.put("probe content type", r -> Files.probeContentType(r.resolve("file.txt")));
        c.put("hidden and store", r -> Files.isHidden(r.resolve(".x")) + " " + Files.getFileStore(r.resolve("file.txt")).name());
        c.put("set times", r -> { Files.setLastModifiedTime(r.resolve("file.txt"), java.nio.file.attribute.FileTime.fromMillis(86_400_000L)); return Files.getLastModifiedTime(r.resolve("file.txt")); });
        c.put("delete then read attributes", r -> { Files.delete(r.resolve("file.txt")); return Files.readAttributes(r.resolve("link"), BasicFileAttributes.class).size(); });
        c.put("newDirectoryStream twice", r -> { try (DirectoryStream<Path> s = Files.newDirectoryStream(r)) { s.iterator(); return s.iterator(); } });
        c.put("iterate after close", r -> { DirectoryStream<Path> s = Files.newDirectoryStream(r); var it = s.iterator(); s.close(); return it.hasNext(); });
        c.put("read after close", r -> { FileChannel ch = FileChannel.open(r.resolve("file.txt")); ch.close(); return ch.read(ByteBuffer.allocate(1)); });
        // error paths the JDK translates its own way, call by call
        c.put("delete through a file", r -> { Files.delete(r.resolve("file.txt/x")); return null; });
        c.put("deleteIfExists through a file", r -> Files.deleteIfExists(r.resolve("file.txt/x")));
        c.put("attributes if they exist, through a file", r -> { List<Object> out = new ArrayList<>();
            var provider = r.getFileSystem().provider();
            for (LinkOption[] o : List.of(new LinkOption[0], new LinkOption[] {LinkOption.NOFOLLOW_LINKS})) {
                for (Class<? extends BasicFileAttributes> type : List.of(BasicFileAttributes.class, PosixFileAttributes.class)) {
                    out.add(outcome(r, () -> provider.readAttributesIfExists(r.resolve("file.txt/x"), type, o)));
                    out.add(outcome(r, () -> provider.readAttributesIfExists(r.resolve("missing"), type, o)));
                }
            }
            return out; });
        c.put("createDirectory through a file", r -> Files.createDirectory(r.resolve("file.txt/d")).getFileName());
        c.put("createDirectory of the empty path", r -> Files.createDirectory(r.getFileSystem().getPath("")));
        c.put("createDirectory with an acl", r -> Files.createDirectory(r.resolve("acl"), new java.nio.file.attribute.FileAttribute<String>() {
            public String name() { return "acl:acl"; }
            public String value() { return ""; } }));
        c.put("open through a file", r -> { try (FileChannel ch = FileChannel.open(r.resolve("file.txt/x"))) { return null; } });
        c.put("open no-follow", r -> { try (FileChannel ch = FileChannel.open(r.resolve("link"), StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) { return null; } });
        c.put("create new of '.'", r -> { try (var ch = Files.newByteChannel(r.resolve("dir/."), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) { return null; } });
        c.put("create new of '.' in a missing dir", r -> { try (var ch = Files.newByteChannel(r.resolve("no/."), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) { return null; } });
        c.put("create new of a dir", r -> { try (var ch = Files.newByteChannel(r.resolve("dir"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) { return null; } });
        c.put("list through a file", r -> { try (Stream<Path> s = Files.list(r.resolve("file.txt/x"))) { return s.count(); } });
        c.put("copy through a file", r -> Files.copy(r.resolve("file.txt/x"), r.resolve("y")).getFileName());
        c.put("copy dir replacing file", r -> Files.copy(r.resolve("empty"), r.resolve("file.txt"), StandardCopyOption.REPLACE_EXISTING).getFileName());
        c.put("copy dir onto missing parent", r -> Files.copy(r.resolve("empty"), r.resolve("no/e")).getFileName());
        c.put("move through a file", r -> Files.move(r.resolve("file.txt/x"), r.resolve("y")).getFileName());
        c.put("move atomic onto non-empty dir", r -> Files.move(r.resolve("empty"), r.resolve("dir"), StandardCopyOption.ATOMIC_MOVE).getFileName());
        c.put("move atomic missing", r -> Files.move(r.resolve("missing"), r.resolve("y"), StandardCopyOption.ATOMIC_MOVE).getFileName());
        c.put("move dir into itself", r -> Files.move(r.resolve("dir"), r.resolve("dir/sub")).getFileName());
        c.put("move dir replacing non-empty dir", r -> Files.move(r.resolve("empty"), r.resolve("dir"), StandardCopyOption.REPLACE_EXISTING).getFileName());
        c.put("symlink with permissions", r -> Files.createSymbolicLink(r.resolve("l3"), r.resolve("file.txt"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))).getFileName());
        c.put("symlink in a missing dir", r -> Files.createSymbolicLink(r.resolve("no/l"), r.resolve("file.txt")).getFileName());
        c.put("hard link onto existing", r -> Files.createLink(r.resolve("dir/inner.txt"), r.resolve("file.txt")).getFileName());
        c.put("hard link to a dir", r -> Files.createLink(r.resolve("h"), r.resolve("dir")).getFileName());
        c.put("exists with a null option", r -> r.getFileSystem().provider().exists(r.resolve("file.txt"), (LinkOption) null));
        c.put("attributes nofollow of a dangling link", r -> { Files.delete(r.resolve("file.txt"));
            return Files.readAttributes(r.resolve("link"), BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isSymbolicLink() + " "
                    + outcome(r, () -> Files.readAttributes(r.resolve("link"), BasicFileAttributes.class).size()); });
        return c;
    }

    /**
     * The calls each case hands to the JDK, and why ("method REASON"); rusticated serves every
     * other call of every case, so there the JDK's outcome is compared with rusticated's own.
     */
    private static final Map<String, Set<String>> HANDED_OVER = Map.ofEntries(
            Map.entry("copy link nofollow", Set.of("copy FILE_KIND")),
            Map.entry("copy with attributes", Set.of("copy OPTIONS")),
            Map.entry("checkAccess null mode", Set.of("checkAccess ARGUMENTS")),
            Map.entry("output stream with READ", Set.of("newOutputStream ARGUMENTS")),
            Map.entry("input stream with WRITE", Set.of("newInputStream ARGUMENTS")),
            Map.entry("read + append", Set.of("newFileChannel OPTIONS")),
            Map.entry("open no-follow", Set.of("newFileChannel OPTIONS")),
            Map.entry("async append", Set.of("newAsynchronousFileChannel OPTIONS")),
            Map.entry("unknown basic attribute", Set.of("readAttributes(String) ATTRIBUTES")),
            Map.entry("unknown view", Set.of("readAttributes(String) ATTRIBUTES")),
            Map.entry("empty view", Set.of("readAttributes(String) ATTRIBUTES")),
            Map.entry("createDirectory with an acl", Set.of("createDirectory ATTRIBUTES")),
            Map.entry("symlink with permissions", Set.of("createSymbolicLink ATTRIBUTES")),
            Map.entry("exists with a null option", Set.of("exists ARGUMENTS")),
            Map.entry("symlink", Set.of("readSymbolicLink NOT_SERVED")),
            Map.entry("readSymbolicLink of file", Set.of("readSymbolicLink NOT_SERVED")),
            Map.entry("isSameFile", Set.of("isSameFile NOT_SERVED")),
            Map.entry("mismatch", Set.of("isSameFile NOT_SERVED")),
            Map.entry("hidden and store", Set.of("getFileStore NOT_SERVED", "isHidden NOT_SERVED")),
            Map.entry("set times", Set.of("getFileAttributeView NOT_SERVED")));

    @Test
    void plainJdkCallsMatchTheJdk() throws Exception {
        List<String> differences = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Case> e : cases().entrySet()) {
            Path jdkRoot = fixture(tmp, "jdk" + i);
            Path ourRoot = ours(fixture(tmp, "ours" + i));
            i++;
            String expected = outcome(jdkRoot, () -> e.getValue().run(jdkRoot));
            Map<String, Long> before = JdkFiles.OURS.counters().counts();
            String actual = outcome(ourRoot, () -> e.getValue().run(ourRoot));
            Set<String> handedOver = JdkFiles.handOversSince(before);
            if (!handedOver.equals(HANDED_OVER.getOrDefault(e.getKey(), Set.of()))) {
                differences.add(e.getKey() + ": handed to the JDK " + handedOver + ", expected " + HANDED_OVER.getOrDefault(e.getKey(), Set.of()));
            }
            if (!expected.equals(actual)) {
                differences.add(e.getKey() + ": jdk [" + expected + "] rusticated [" + actual + "]");
            }
            if (!snapshot(jdkRoot).equals(snapshot(ourRoot))) {
                differences.add(e.getKey() + ": state jdk " + snapshot(jdkRoot) + " rusticated " + snapshot(ourRoot));
            }
        }
        assertThat(differences).isEmpty();
    }

    /** Each call counts once: as served, or as handed over with its reason, a copy the JDK takes over after the source's stat included. */
    @Test
    void eachCallCountsOnceAsServedOrHandedOver() throws Exception {
        Path root = ours(fixture(tmp, "counted"));
        Map<String, Long> before = JdkFiles.OURS.counters().counts();
        Files.writeString(root.resolve("new.txt"), "x");
        Files.readString(root.resolve("new.txt"));
        Files.copy(root.resolve("file.txt"), root.resolve("c1"), StandardCopyOption.COPY_ATTRIBUTES);
        Files.copy(root.resolve("link"), root.resolve("c2"), LinkOption.NOFOLLOW_LINKS);
        Files.isHidden(root.resolve("file.txt"));
        assertThat(outcome(root, () -> Files.size(root.resolve("missing")))).startsWith("java.nio.file.NoSuchFileException");
        assertThat(JdkFiles.countsSince(before)).isEqualTo(Map.of("newOutputStream served", 1L, "newByteChannel served", 1L,
                "copy OPTIONS", 1L, "copy FILE_KIND", 1L, "isHidden NOT_SERVED", 1L, "readAttributes served", 1L));
    }

    /**
     * Regression (found by {@link ProviderFuzzTest}): a listed name that is not UTF-8 was resolved
     * as its decoded text, so the listed path named the file called U+FFFD instead, when there was
     * one (and no file at all otherwise).
     */
    @Test
    void aListedNameThatIsNotUtf8NamesItsOwnFileNotItsDecodedTwin() throws Exception {
        Path dir = Files.createDirectory(jdk(tmp).resolve("raw"));
        Path raw = JdkFiles.BUILTIN.getPath(java.net.URI.create(dir.toUri() + "a%FF")); // the bytes 'a' 0xFF
        Files.writeString(raw, "raw");
        Files.writeString(dir.resolve("a\uFFFD"), "twin"); // 'a' EF BF BD: what the raw name decodes to
        List<String> seen = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(ours(dir))) {
            for (Path p : s) {
                assertThat(p.getFileSystem()).isSameAs(JdkFiles.OUR_FS);
                seen.add(p.toUri().toString().substring(dir.toUri().toString().length()) + "=" + Files.readString(p) + " " + Files.size(p));
            }
        }
        assertThat(seen).containsExactlyInAnyOrder("a%FF=raw 3", "a%EF%BF%BD=twin 4");
        try (Stream<Path> s = Files.list(ours(dir))) {
            for (Path p : s.toList()) {
                if (Files.readString(p).equals("raw")) {
                    Files.delete(p);
                }
            }
        }
        assertThat(Files.exists(raw, LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(Files.readString(dir.resolve("a\uFFFD"))).isEqualTo("twin");
    }

    @Test
    void pathsBelongToTheWrapperAndAreWrappedOnce() throws Exception {
        Path base = ours(tmp);
        Path f = Files.writeString(base.resolve("a/../f.txt").normalize(), "x");
        Path listed;
        try (Stream<Path> s = Files.list(base)) {
            listed = s.findFirst().orElseThrow();
        }
        List<Path> results = List.of(base, f, f.getParent(), f.getFileName(), f.getRoot(), f.toAbsolutePath(), f.toRealPath(),
                base.relativize(f), f.resolveSibling("g"), f.subpath(0, 1), base.getFileSystem().getPath("rel"),
                JdkFiles.OURS.getPath(f.toUri()), Files.createTempFile(base, "t", null), listed,
                base.getFileSystem().getRootDirectories().iterator().next(), f.resolve(jdk(tmp).relativize(jdk(f))));
        for (Path p : results) {
            assertThat(p.getFileSystem()).as(p.toString()).isSameAs(JdkFiles.OUR_FS);
            assertThat(JdkFiles.wrapped(p).getFileSystem()).as(p.toString()).isSameAs(JdkFiles.JDK_FS);
        }
        Path j = jdk(f);
        assertThat(f.toString()).isEqualTo(j.toString());
        assertThat(f.hashCode()).isEqualTo(j.hashCode());
        assertThat(f.toUri()).isEqualTo(j.toUri());
        assertThat(JdkFiles.OURS.getPath(f.toUri())).isEqualTo(f);
        assertThat(f).isEqualTo(ours(j)).isNotEqualTo(j);
        assertThat(f.compareTo(base)).isEqualTo(j.compareTo(jdk(tmp)));
        assertThat(f.startsWith(base)).isTrue();
        assertThat(f.startsWith(jdk(tmp))).isTrue();
        assertThat(f.endsWith("f.txt")).isTrue();
        assertThat(f.toFile()).isEqualTo(new java.io.File(j.toString()));
        assertThat(base.getFileSystem().getPathMatcher("glob:**.txt").matches(f)).isTrue();
        assertThat(JdkFiles.OURS.getFileSystem(java.net.URI.create("file:///"))).isSameAs(JdkFiles.OUR_FS);
        assertThat(new RusticatedFileSystemProvider(JdkFiles.OURS).builtinProvider()).isSameAs(JdkFiles.BUILTIN);
        assertThat(JdkFiles.OUR_FS.getPath(f.toString())).isEqualTo(f);
    }

    @Test
    void largeFileCopyKeepsBytesAndPermissions() throws Exception {
        byte[] data = pattern(3 * 1024 * 1024 + 17);
        Path src = ours(tmp).resolve("big.bin");
        Files.write(src, data);
        Files.setPosixFilePermissions(src, PosixFilePermissions.fromString("rwxr-x---"));
        Path dst = ours(tmp).resolve("copy.bin");
        Files.copy(src, dst);
        Path viaJdk = jdk(tmp).resolve("jdk-copy.bin");
        Files.copy(jdk(src), viaJdk);
        assertThat(Files.readAllBytes(jdk(dst))).isEqualTo(data);
        assertThat(Files.getPosixFilePermissions(dst)).isEqualTo(Files.getPosixFilePermissions(viaJdk));
        try (InputStream in = Files.newInputStream(src); OutputStream out = Files.newOutputStream(ours(tmp).resolve("streamed.bin"))) {
            assertThat(in.transferTo(out)).isEqualTo(data.length);
        }
        assertThat(Files.mismatch(ours(tmp).resolve("streamed.bin"), src)).isEqualTo(-1);
        assertThat(Files.readAllBytes(src)).isEqualTo(data);
    }

    @Test
    void directoryWalksMatchTheJdk() throws Exception {
        Path root = jdk(tmp).resolve("tree");
        for (int d = 0; d < 4; d++) {
            for (int s = 0; s < 3; s++) {
                Path dir = Files.createDirectories(root.resolve("d" + d).resolve("s" + s));
                for (int f = 0; f < 5; f++) {
                    Files.writeString(dir.resolve("f" + f + (f % 2 == 0 ? ".txt" : ".bin")), "x".repeat(d * 10 + f));
                }
            }
        }
        Files.createSymbolicLink(root.resolve("d0/loop"), root);
        for (Path r : List.of(root, ours(root))) {
            assertThat(r.getFileSystem() == JdkFiles.OUR_FS).isEqualTo(r != root);
        }
        assertThat(walk(ours(root))).isEqualTo(walk(root)).hasSize(1 + 4 + 12 + 60 + 1);
        assertThat(visits(ours(root))).isEqualTo(visits(root));
        try (Stream<Path> a = Files.find(ours(root), 10, (p, at) -> at.isRegularFile() && at.size() > 20);
             Stream<Path> b = Files.find(root, 10, (p, at) -> at.isRegularFile() && at.size() > 20)) {
            assertThat(a.map(Path::toString).toList()).isEqualTo(b.map(Path::toString).toList());
        }
        try (Stream<Path> a = Files.walk(ours(root), java.nio.file.FileVisitOption.FOLLOW_LINKS)) {
            assertThat(outcome(root, a::count)).startsWith("java.io.UncheckedIOException: java.nio.file.FileSystemLoopException");
        }
    }

    private static List<String> walk(Path root) throws Exception {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).toList();
        }
    }

    private static List<String> visits(Path root) throws Exception {
        List<String> out = new ArrayList<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                out.add("pre " + root.relativize(dir) + " " + attrs.isDirectory());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                out.add("file " + root.relativize(file) + " " + attrs.size() + " " + attrs.isSymbolicLink() + " " + attrs.lastModifiedTime());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, java.io.IOException exc) {
                out.add("post " + root.relativize(dir));
                return FileVisitResult.CONTINUE;
            }
        });
        return out;
    }

    @Test
    void attributesMatchTheJdk() throws Exception {
        Path root = fixture(tmp, "attrs");
        Files.setPosixFilePermissions(root.resolve("file.txt"), PosixFilePermissions.fromString("rw-r-x--x"));
        for (String name : List.of("file.txt", "dir", "link", "empty")) {
            for (LinkOption[] opts : List.of(new LinkOption[0], new LinkOption[] {LinkOption.NOFOLLOW_LINKS})) {
                Path j = root.resolve(name);
                Path o = ours(j);
                PosixFileAttributes a = Files.readAttributes(j, PosixFileAttributes.class, opts);
                PosixFileAttributes b = Files.readAttributes(o, PosixFileAttributes.class, opts);
                assertThat(b.getClass().getName()).isEqualTo("io.rusticated.jdk.StatAttributes");
                assertThat(describe(b)).as(name).isEqualTo(describe(a));
                assertThat(describe(Files.readAttributes(o, BasicFileAttributes.class, opts)))
                        .isEqualTo(describe(Files.readAttributes(j, BasicFileAttributes.class, opts)));
                assertThat(comparable(Files.readAttributes(o, "posix:*", opts))).isEqualTo(comparable(Files.readAttributes(j, "posix:*", opts)));
                assertThat(comparable(Files.readAttributes(o, "*", opts))).isEqualTo(comparable(Files.readAttributes(j, "*", opts)));
                assertThat(comparable(Files.readAttributes(o, "size,lastModifiedTime,fileKey", opts)))
                        .isEqualTo(comparable(Files.readAttributes(j, "size,lastModifiedTime,fileKey", opts)));
                assertThat(Files.readAttributes(o, "unix:uid,ino", opts)).isEqualTo(Files.readAttributes(j, "unix:uid,ino", opts));
                assertThat(Files.getOwner(o, opts)).isEqualTo(Files.getOwner(j, opts));
                assertThat(Files.getLastModifiedTime(o, opts)).isEqualTo(Files.getLastModifiedTime(j, opts));
            }
        }
    }

    private static String describe(BasicFileAttributes a) {
        String s = a.lastModifiedTime() + " " + a.creationTime() + " " + a.size() + " " + a.isRegularFile() + " "
                + a.isDirectory() + " " + a.isSymbolicLink() + " " + a.isOther() + " " + a.fileKey();
        if (a instanceof PosixFileAttributes p) {
            s += " " + PosixFilePermissions.toString(p.permissions()) + " " + p.owner() + " " + p.group();
        }
        return s;
    }

    /** fileKey compared by its text: the class is rusticated's, the text the JDK's. */
    private static Map<String, Object> comparable(Map<String, Object> m) {
        Map<String, Object> out = new TreeMap<>(m);
        out.computeIfPresent("fileKey", (k, v) -> v.toString());
        out.remove("lastAccessTime"); // reading the fixture between the two stats may move it
        return out;
    }

    static byte[] pattern(int size) {
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            b[i] = (byte) (i * 31 + (i >>> 11) + 7);
        }
        return b;
    }

    @Test
    void zipFileSystemOverOurPaths() throws Exception {
        Path zip = ours(tmp).resolve("archive.zip");
        try (var zfs = java.nio.file.FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Files.writeString(zfs.getPath("/hello.txt"), "hello zip");
            Files.createDirectories(zfs.getPath("/a/b"));
            Files.write(zfs.getPath("/a/b/data.bin"), pattern(100_000));
        }
        assertThat(Files.size(zip)).isPositive();
        for (Path p : List.of(zip, jdk(zip))) {
            try (var zfs = java.nio.file.FileSystems.newFileSystem(p)) {
                assertThat(Files.readString(zfs.getPath("/hello.txt"))).isEqualTo("hello zip");
                assertThat(Files.readAllBytes(zfs.getPath("/a/b/data.bin"))).isEqualTo(pattern(100_000));
                try (Stream<Path> s = Files.walk(zfs.getPath("/"))) {
                    assertThat(s.map(Path::toString).collect(Collectors.toSet()))
                            .isEqualTo(Set.of("/", "/hello.txt", "/a", "/a/b", "/a/b/data.bin"));
                }
            }
        }
        try (var zfs = java.nio.file.FileSystems.newFileSystem(zip)) {
            Files.delete(zfs.getPath("/hello.txt")); // rewrites the archive through a temp file and a move
        }
        try (var zfs = java.nio.file.FileSystems.newFileSystem(jdk(zip))) {
            assertThat(Files.exists(zfs.getPath("/hello.txt"))).isFalse();
            assertThat(Files.readAllBytes(zfs.getPath("/a/b/data.bin"))).isEqualTo(pattern(100_000));
        }
        try (var jar = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(jar.size()).isEqualTo(3);
        }
    }
}
