package io.rusticated.linux;

import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTest {
    @TempDir
    Path dir;

    @Test
    void writeThenRead() {
        try (EventLoop loop = EventLoop.open()) {
            System.out.println(loop.backend());
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
            java.util.List<io.rusticated.fs.DirEntry> entries = loop.blockOn(Fs.readDir(dir).thenCompose(d -> d.collect()));
            assertThat(entries).hasSize(1);
        }
    }

    /** The suite runs once per backend (see the pom): each run must really be on the backend it names. */
    @Test
    void runsOnTheForcedBackend() {
        String forced = System.getProperty("rusticated.backend", "");
        try (EventLoop loop = EventLoop.open()) {
            if (forced.isEmpty()) {
                assertThat(loop.backend().name()).isIn("io_uring", "epoll");
            } else {
                assertThat(loop.backend().name()).isEqualTo(forced);
                assertThat(loop.backend().reason()).contains("rusticated.backend=" + forced);
            }
        }
    }
}
