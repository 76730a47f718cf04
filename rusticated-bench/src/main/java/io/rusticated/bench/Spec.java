package io.rusticated.bench;

import java.nio.file.Path;

/** What every contender reads: the same file, block size, pattern and queue depth. */
record Spec(Path file, long fileSize, int blockSize, boolean random, int depth, boolean direct) {
    /** The offsets worker {@code index} reads: the same sequence for every contender. */
    Offsets offsets(int index) {
        return new Offsets(fileSize, blockSize, random, random ? 0x5EEDL + 7919L * index : (fileSize / blockSize / 2) * index);
    }

    void checkRead(long result) {
        if (result != blockSize) {
            throw new IllegalStateException("short read: " + result + " of " + blockSize + " bytes from " + file);
        }
    }
}
