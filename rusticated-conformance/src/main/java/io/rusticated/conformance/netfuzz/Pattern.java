package io.rusticated.conformance.netfuzz;

/**
 * The bytes each connection carries: a hash of the connection, the direction and the offset, so a
 * byte lost, doubled, misplaced or taken from another connection is found where it is received.
 */
final class Pattern {
    private Pattern() {
    }

    static byte at(int connection, int side, long offset) {
        long x = (offset + 1) * 0x9E3779B97F4A7C15L ^ (connection * 0xBF58476D1CE4E5B9L + side * 0x94D049BB133111EBL);
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return (byte) (x >>> 56);
    }

    /** The {@code count} bytes the end on {@code side} of {@code connection} sends from {@code offset}. */
    static byte[] bytes(int connection, int side, long offset, int count) {
        byte[] b = new byte[count];
        for (int i = 0; i < count; i++) {
            b[i] = at(connection, side, offset + i);
        }
        return b;
    }

    /**
     * Fails unless {@code received} is what the sender on {@code side} of {@code connection} sent
     * from {@code offset}, and no more than it sent ({@code sent} bytes in all).
     */
    static void check(String world, String receiver, int connection, int side, long offset, long sent, byte[] received) {
        if (offset + received.length > sent) {
            throw new AssertionError(world + ": " + receiver + " received " + (offset + received.length) + " bytes; only " + sent + " were sent");
        }
        for (int i = 0; i < received.length; i++) {
            if (received[i] != at(connection, side, offset + i)) {
                throw new AssertionError(world + ": " + receiver + " received a wrong byte at offset " + (offset + i));
            }
        }
    }
}
