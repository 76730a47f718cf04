package io.rusticated.wasm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The files the demo is asked about (those of rusticated-runtime's DemoOnImageIT), in one temporary directory. */
final class DemoFixtures implements AutoCloseable {
    /** 5 GiB + 1 bytes, sparse: its last byte lies past every 32-bit offset. */
    static final long BIG_SIZE = (5L << 30) + 1;

    final Path dir;

    DemoFixtures() throws IOException, InterruptedException {
        dir = Files.createTempDirectory("wasm-demo-fixtures");
        Files.writeString(dir.resolve("letter.txt"), "ABC");
        Files.writeString(dir.resolve("lines.txt"), "hello\nworld\n");
        Files.write(dir.resolve("high.bin"), new byte[] {1, 2, (byte) 0xff});
        Files.writeString(dir.resolve("quote.txt"), "it's'");
        Files.writeString(dir.resolve("with space.txt"), "x y");
        Files.createFile(dir.resolve("empty.txt"));
        Files.createDirectory(dir.resolve("sub"));
        Files.createSymbolicLink(dir.resolve("link"), dir.resolve("letter.txt"));
        Files.createSymbolicLink(dir.resolve("dangling"), dir.resolve("nowhere"));
        Files.createSymbolicLink(dir.resolve("loop"), dir.resolve("loop"));
        try (FileChannel big = FileChannel.open(dir.resolve("big.bin"), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            big.write(ByteBuffer.wrap(new byte[] {'!'}), BIG_SIZE - 1);
        }
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "top secret");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("---------"));
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("fifo").toString()).inheritIO().start();
        if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
            throw new IOException("mkfifo failed");
        }
    }

    Path resolve(String name) {
        return dir.resolve(name);
    }

    @Override
    public void close() throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
