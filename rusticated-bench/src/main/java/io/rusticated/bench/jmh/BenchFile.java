package io.rusticated.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data file the JMH benchmarks read: {@code -p file=PATH}, already in the page cache. */
final class BenchFile {
    static final int BLOCK = 4096;
    /** Reads per benchmark invocation of the pipelined benchmarks: enough to hide the overshoot of a turn. */
    static final int BATCH = 1024;

    private BenchFile() {
    }

    static long size(String file) throws IOException {
        if (file == null || file.isEmpty()) {
            throw new IllegalArgumentException("pass the data file with -p file=PATH");
        }
        return Files.size(Path.of(file));
    }
}
