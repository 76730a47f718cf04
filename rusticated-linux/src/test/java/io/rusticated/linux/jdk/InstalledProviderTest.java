package io.rusticated.linux.jdk;

import io.rusticated.jdk.RusticatedFileSystemProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.FileInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.spi.FileSystemProvider;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The provider installed the way the JDK installs a default provider (the surefire execution
 * {@code jdk-default-provider} sets {@code java.nio.file.spi.DefaultFileSystemProvider} and
 * {@code rusticated.trace}); skipped in executions that do not.
 */
class InstalledProviderTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void onlyWhenInstalled() {
        assumeTrue(RusticatedFileSystemProvider.class.getName().equals(System.getProperty("java.nio.file.spi.DefaultFileSystemProvider")),
                "the provider is not installed in this run");
    }

    @Test
    void theDefaultProviderAndItsPathsAreRusticateds() throws Exception {
        FileSystem fs = FileSystems.getDefault();
        assertThat(fs.provider()).isInstanceOf(RusticatedFileSystemProvider.class);
        assertThat(FileSystemProvider.installedProviders().get(0)).isSameAs(fs.provider());
        assertThat(tmp.getFileSystem()).isSameAs(fs);
        assertThat(Path.of("x").getFileSystem()).isSameAs(fs);
        assertThat(new File("x").toPath().getClass().getName()).isEqualTo("io.rusticated.jdk.RusticatedPath");
        Path p = tmp.resolve("uri.txt");
        assertThat(Path.of(p.toUri())).isEqualTo(p).hasSameClassAs(p);
        assertThat(p.toFile().toPath()).isEqualTo(p);
        Path zip = tmp.resolve("a.zip");
        try (FileSystem z = FileSystems.newFileSystem(zip, Map.of("create", "true"))) {
            Files.writeString(z.getPath("in.txt"), "zipped");
        }
        try (FileSystem z = FileSystems.newFileSystem(zip)) {
            assertThat(Files.readString(z.getPath("in.txt"))).isEqualTo("zipped");
        }
    }

    @Test
    void theTraceShowsTheOperationsWentThroughTheProactor() throws Exception {
        File traceFile = new File(System.getProperty("rusticated.trace"));
        long before = traceFile.length(); // the file outlives runs; only what this test adds is read
        Path f = tmp.resolve("traced-" + System.nanoTime() + ".txt").toAbsolutePath();
        Files.writeString(f, "0123456789");
        assertThat(Files.readString(f)).isEqualTo("0123456789");
        assertThat(Files.getLastModifiedTime(f)).isNotNull();
        assertThat(Files.isReadable(f)).isTrue();
        long size = Files.size(f);
        ByteBuffer last = ByteBuffer.allocate(1);
        try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(f)) {
            assertThat(ch.read(last, size - 1).get(10, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(last.get(0)).isEqualTo((byte) '9');
        Files.delete(f);

        // Through java.io: read through the provider, each read would add a line and the file never end.
        String trace;
        try (FileInputStream in = new FileInputStream(traceFile)) {
            in.skipNBytes(before);
            trace = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(trace).containsPattern("OPEN path=" + f + " -> (\\d+)\n");
        assertThat(trace).contains("STAT path=" + f + " -> ok", "ACCESS path=" + f + " -> ok", "UNLINK path=" + f + " -> ok");
        assertThat(trace).containsPattern("WRITE handle=\\d+ offset=-1 length=10 -> 10");
        assertThat(trace).containsPattern("READ handle=\\d+ offset=9 length=1 -> 1");
        assertThat(trace).doesNotContain("handed to the JDK");
    }
}
