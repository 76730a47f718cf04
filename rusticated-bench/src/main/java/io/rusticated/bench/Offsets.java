package io.rusticated.bench;

/**
 * Block-aligned file offsets: uniformly random (xorshift64*, seeded so every contender reads the
 * same sequence) or sequential, wrapping at the end of the file. One user at a time.
 */
public final class Offsets {
    private final long blocks;
    private final int blockSize;
    private final boolean random;
    private long state;
    private long next;

    public Offsets(long fileSize, int blockSize, boolean random, long seed) {
        this.blocks = fileSize / blockSize;
        if (blocks < 1) {
            throw new IllegalArgumentException("file of " + fileSize + " bytes holds no block of " + blockSize);
        }
        this.blockSize = blockSize;
        this.random = random;
        this.state = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
        this.next = random ? 0 : Math.floorMod(seed, blocks);
    }

    public long next() {
        if (random) {
            long x = state;
            x ^= x >>> 12;
            x ^= x << 25;
            x ^= x >>> 27;
            state = x;
            return Long.remainderUnsigned(x * 0x2545F4914F6CDD1DL, blocks) * blockSize;
        }
        long at = next * blockSize;
        next = next + 1 == blocks ? 0 : next + 1;
        return at;
    }
}
