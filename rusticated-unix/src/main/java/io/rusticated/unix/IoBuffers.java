package io.rusticated.unix;

import io.rusticated.io.Buffer;

/**
 * Where a read or write lent a {@link Buffer} puts or takes its bytes, as the addresses and lengths
 * a Unix call or an io_uring SQE takes: a read fills the buffer's spare capacity after what it
 * holds, a write sends what it holds.
 */
public final class IoBuffers {
    private IoBuffers() {
    }

    public static long readAddress(Buffer b) {
        return b.memory().address() + b.lengthWhileLent();
    }

    public static int readLength(Buffer b) {
        return b.capacity() - b.lengthWhileLent();
    }

    public static long writeAddress(Buffer b) {
        return b.memory().address();
    }

    public static int writeLength(Buffer b) {
        return b.lengthWhileLent();
    }
}
