package io.rusticated.conformance;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.DirReader;
import io.rusticated.fs.FileType;
import io.rusticated.fs.Fs;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DirectoryTest {
    private static final int ENTRIES = 2000;

    @TempDir
    Path dir;

    /** 2000 entries of three types, with names of varying length (and some non-ASCII), so batches split oddly. */
    private Map<String, FileType> populate(Path d) throws IOException {
        Files.createDirectories(d);
        Map<String, FileType> expected = new HashMap<>();
        for (int i = 0; i < ENTRIES; i++) {
            String name = "e" + i + "-" + "x".repeat(i % 97) + (i % 13 == 0 ? "-\u00e9\u20ac" : "");
            Path p = d.resolve(name);
            switch (i % 10) {
                case 0, 1 -> {
                    Files.createDirectory(p);
                    expected.put(name, FileType.DIRECTORY);
                }
                case 2 -> {
                    Files.createSymbolicLink(p, Path.of("target-" + i));
                    expected.put(name, FileType.SYMLINK);
                }
                default -> {
                    Files.createFile(p);
                    expected.put(name, FileType.REGULAR);
                }
            }
        }
        return expected;
    }

    private static void assertMatches(List<DirEntry> entries, Map<String, FileType> expected, Path d) throws IOException {
        Set<String> seen = new HashSet<>();
        for (DirEntry e : entries) {
            assertThat(seen.add(e.name())).as("%s returned once", e.name()).isTrue();
            assertThat(expected).containsKey(e.name());
            FileType want = expected.get(e.name());
            // A file system may not record types in its directories; then the entry says UNKNOWN.
            if (e.type() != FileType.UNKNOWN) {
                assertThat(e.type()).as("type of %s", e.name()).isEqualTo(want);
            }
            assertThat(e.path()).isEqualTo(d.resolve(e.name()));
            assertThat(e.inode()).isEqualTo(Files.readAttributes(e.path(), "unix:ino", java.nio.file.LinkOption.NOFOLLOW_LINKS).get("ino"));
        }
        assertThat(seen).isEqualTo(expected.keySet());
    }

    @Test
    @Needs({Feature.SYMLINKS, Feature.POSIX_FILES})
    void collectReturnsEveryEntryOnceWithItsType() throws IOException {
        Path d = dir.resolve("big");
        Map<String, FileType> expected = populate(d);
        try (EventLoop loop = EventLoop.open()) {
            List<DirEntry> all = loop.blockOn(Fs.readDir(d).thenCompose(DirReader::collect));
            assertThat(all).hasSize(ENTRIES);
            assertMatches(all, expected, d);
            assertThat(all.stream().filter(e -> e.type() == FileType.UNKNOWN).count())
                    .as("ext4 and tmpfs record types").isZero();
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    @Needs({Feature.SYMLINKS, Feature.POSIX_FILES})
    void batchesAwaitedOneByOneCoverTheDirectory() throws IOException {
        Path d = dir.resolve("big");
        Map<String, FileType> expected = populate(d);
        try (EventLoop loop = EventLoop.open()) {
            DirReader r = loop.blockOn(Fs.readDir(d));
            List<DirEntry> all = new java.util.ArrayList<>();
            int batches = 0;
            for (;;) {
                List<DirEntry> batch = loop.blockOn(r.nextBatch());
                if (batch.isEmpty()) {
                    break;
                }
                batches++;
                all.addAll(batch);
            }
            assertThat(batches).as("2000 entries take more than one getdents batch").isGreaterThan(1);
            assertMatches(all, expected, d);
            assertThat(loop.blockOn(r.nextBatch())).as("still at the end").isEmpty();
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void entriesAwaitedOneByOne() throws IOException {
        Path d = dir.resolve("few");
        Files.createDirectories(d);
        Files.createFile(d.resolve("a"));
        Files.createDirectory(d.resolve("b"));
        try (EventLoop loop = EventLoop.open()) {
            DirReader r = loop.blockOn(Fs.readDir(d));
            Set<String> names = new HashSet<>();
            DirEntry e;
            while ((e = loop.blockOn(r.next())) != null) {
                names.add(e.name());
            }
            assertThat(names).containsExactlyInAnyOrder("a", "b");
            assertThat(loop.blockOn(r.next())).isNull();
        }
    }

    @Test
    void emptyDirectoryHasNoEntries() throws IOException {
        Path d = Files.createDirectory(dir.resolve("empty"));
        try (EventLoop loop = EventLoop.open()) {
            assertThat(loop.blockOn(Fs.readDir(d).thenCompose(DirReader::collect))).isEmpty();
            DirReader r = loop.blockOn(Fs.readDir(d));
            assertThat(loop.blockOn(r.next())).isNull();
        }
    }

    @Test
    @Needs({Feature.SYMLINKS, Feature.POSIX_FILES})
    void closingEarlyReleasesTheDirectory() throws IOException {
        Path d = dir.resolve("big");
        populate(d);
        try (EventLoop loop = EventLoop.open()) {
            DirReader r = loop.blockOn(Fs.readDir(d));
            assertThat(loop.blockOn(r.next())).isNotNull();
            loop.blockOn(r.close());
            loop.blockOn(r.close());
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void missingDirectoryIsNoSuchFile() {
        Path missing = dir.resolve("missing");
        try (EventLoop loop = EventLoop.open()) {
            Throwable t = Failures.of(loop, Fs.readDir(missing));
            assertThat(t).isInstanceOf(NoSuchFileException.class).hasMessageContaining(missing.toString());
        }
    }
}
