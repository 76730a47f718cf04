package io.rusticated.bench.net;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.net.TcpStream;

/**
 * For the memory an idle connection costs: every accepted connection gets one read pending, either
 * {@code readManaged} on a ring shared by all ({@value #RING_BUFFERS} x 4 KiB, allocated with the
 * first connection so that it counts in the figure) or a plain {@code read} into a 64 KiB buffer of
 * its own. Data that does arrive is dropped and the read re-armed; the end of the stream closes.
 */
final class RusticatedIdleReads extends RusticatedServer {
    static final int RING_BUFFERS = 64;
    private final boolean pooled;
    private BufferRing ring; // loop thread

    RusticatedIdleReads(int port, boolean pooled) throws Exception {
        super(port);
        this.pooled = pooled;
        startAccepting();
    }

    @Override
    void serve(TcpStream stream) {
        if (pooled) {
            if (ring == null) {
                ring = new BufferRing(RING_BUFFERS, 4096);
            }
            readPooled(stream);
        } else {
            readPlain(stream, Buffer.allocate(65536));
        }
    }

    private void readPooled(TcpStream stream) {
        stream.readManaged(ring).whenComplete((b, failure) -> {
            if (failure != null || b == null) {
                stream.close();
                return;
            }
            b.release();
            readPooled(stream);
        });
    }

    private static void readPlain(TcpStream stream, Buffer buffer) {
        stream.read(buffer).whenComplete((n, failure) -> {
            if (failure != null || n == 0) {
                stream.close();
                return;
            }
            buffer.clear();
            readPlain(stream, buffer);
        });
    }
}
