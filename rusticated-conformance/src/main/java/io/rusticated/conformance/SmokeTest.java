package io.rusticated.conformance;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    /** The system property in which a module names the backend each of its kit runs is for. */
    static final String BACKEND = "rusticated.conformance.backend";

    @TempDir
    Path dir;

    @Test
    void writeThenRead() {
        try (EventLoop loop = EventLoop.open()) {
            Path p = dir.resolve("a.txt");
            File f = loop.blockOn(File.open(p, OpenOptions.createTruncate().withRead(true)));
            int n = loop.blockOn(f.writeAt(Buffer.of("hello ring"), 0));
            assertThat(n).isEqualTo(10);
            Buffer b = Buffer.allocate(64);
            int r = loop.blockOn(f.readAt(b, 0));
            assertThat(r).isEqualTo(10);
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("hello ring");
            assertThat(loop.blockOn(f.metadata()).size()).isEqualTo(10);
            loop.blockOn(f.close());
            List<DirEntry> entries = loop.blockOn(Fs.readDir(dir).thenCompose(d -> d.collect()));
            assertThat(entries).extracting(DirEntry::name).containsExactly("a.txt");
        }
    }

    /**
     * An OS module runs the kit once per backend: each run must really be on the backend it names,
     * or a backend the machine lacks would pass unseen as another.
     */
    @Test
    void runsOnTheBackendItsModuleNames() {
        String expected = System.getProperty(BACKEND);
        assertThat(expected).as("the module running the kit names the backend of this run in -D%s", BACKEND).isNotBlank();
        try (EventLoop loop = EventLoop.open()) {
            assertThat(loop.backend().name()).as("%s", loop.backend()).isEqualTo(expected);
        }
    }
}
