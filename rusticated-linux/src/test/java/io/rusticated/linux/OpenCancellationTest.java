package io.rusticated.linux;

import io.rusticated.conformance.Failures;
import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** An open cancelled after the kernel opened the file must not leak the descriptor. */
class OpenCancellationTest {
    @TempDir
    Path dir;

    /** Descriptors of this process that point into the test directory. */
    private long descriptorsInto(Path d) throws IOException {
        String prefix = d.toRealPath().toString();
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().startsWith(prefix);
                } catch (IOException e) {
                    return false; // closed while listing
                }
            }).count();
        }
    }

    @Test
    void cancelledOpensCloseWhatTheKernelOpened() throws IOException {
        for (int i = 0; i < 200; i++) {
            Files.writeString(dir.resolve("f" + i), "x");
        }
        try (EventLoop loop = EventLoop.open()) {
            List<CompletableFuture<File>> cancelled = new ArrayList<>();
            int finishedFirst = 0;
            for (int i = 0; i < 200; i++) {
                CompletableFuture<File> f = File.open(loop, dir.resolve("f" + i), OpenOptions.readOnly()).toCompletableFuture();
                if (i % 4 == 0) {
                    loop.runNow(); // some are submitted, and may even complete, before the cancel
                }
                if (f.cancel(true)) {
                    cancelled.add(f);
                } else {
                    finishedFirst++; // completed before the cancel: an ordinary open file
                    loop.blockOn(f.join().close());
                }
            }
            // The kernel opens a cached path at once, so most of these completed successfully after
            // the cancel was requested: the loop must close what the kernel opened.
            assertThat(cancelled).hasSizeGreaterThan(100);
            for (CompletableFuture<File> f : cancelled) {
                assertThat(Failures.of(loop, f)).isInstanceOf(CancellationException.class);
            }
            assertThat(finishedFirst + cancelled.size()).isEqualTo(200);
            assertThat(loop.inFlight()).isZero();
            assertThat(descriptorsInto(dir)).isZero();

            // An uncancelled open keeps its descriptor, which the check above would see.
            File kept = loop.blockOn(File.open(loop, dir.resolve("f0"), OpenOptions.readOnly()));
            assertThat(descriptorsInto(dir)).isEqualTo(1);
            loop.blockOn(kept.close());
            assertThat(descriptorsInto(dir)).isZero();
        }
    }
}
