package io.rusticated.conformance.netfuzz;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.net.ReadHandler;
import io.rusticated.net.StreamSocket;
import io.rusticated.rt.EventLoop;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * rusticated's sockets whose reads come from a stream of reads ({@code readMulti}), started on an
 * end's first read: a script's read takes at most {@code max} bytes of what the stream delivered,
 * waiting for the next delivery or the stream's end when nothing is there. The reader holds what
 * it has not taken in the ring's buffers, so a reader that takes nothing stops its stream (the ring
 * runs dry) and the sender's writes wait as they would for a plain reader, a ring's worth later.
 * Once the stream ended, reads are plain ones (an end of the stream, a remembered reset, a closed
 * socket: what the stream's end left behind answers them).
 *
 * <p>Bytes a stream took from the kernel are this reader's, no longer the kernel's, so the
 * kernel's rule that a close with unread bytes sends a reset (RFC 1122 4.2.2.13) is kept here: a
 * close while this reader holds bytes the script has not read, or dropped some when reading was
 * shut down, is a close with reset.
 */
final class StreamedSockets extends RusticatedSockets {
    /**
     * Buffers of each end's own ring: few, so a stream that nobody reads from soon stops, 16 KiB
     * beyond the kernel's buffers. One ring per end: the buffers an end holds unread must not
     * starve another end's stream, as they would in a ring shared by connections.
     */
    private static final int BUFFERS = 4;
    private static final int BUFFER_SIZE = 4096;

    private final Map<Object, Reader> readers = new IdentityHashMap<>();

    StreamedSockets(EventLoop loop) throws IOException {
        super(loop);
    }

    /** A delivered buffer, held until the script read all of it. */
    private static final class Chunk {
        final Buffer buffer;
        final byte[] bytes;
        int taken;

        Chunk(Buffer buffer) {
            this.buffer = buffer;
            this.bytes = buffer.toByteArray();
        }
    }

    /** One end's stream and what it delivered; loop thread (the test thread drives the loop). */
    private final class Reader implements ReadHandler {
        final StreamSocket<?> end;
        final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
        boolean ended;
        /** Bytes the script never read were dropped here (reading shut down): a close must reset. */
        boolean droppedUnread;
        /** A script's read waiting for a delivery or the end, and at most how much it takes. */
        CompletableFuture<Result> waiting;
        int waitingMax;

        Reader(StreamSocket<?> end) {
            this.end = end;
        }

        @Override
        public void onData(Buffer data) {
            chunks.add(new Chunk(data));
            serveWaiting();
        }

        /** A read waiting when the stream failed gets that failure, as a pending read would (a reset, a close). */
        @Override
        public void onEnd(Throwable failure) {
            ended = true;
            if (waiting != null && failure != null && chunks.isEmpty()) {
                CompletableFuture<Result> w = waiting;
                waiting = null;
                w.complete(Result.failed(failure));
                return;
            }
            serveWaiting();
        }

        void serveWaiting() {
            if (waiting == null) {
                return;
            }
            CompletableFuture<Result> w = waiting;
            if (!chunks.isEmpty()) {
                waiting = null;
                w.complete(take(waitingMax));
            } else if (ended) {
                waiting = null;
                StreamedSockets.super.read(end, waitingMax).result.whenComplete((r, e) -> w.complete(r));
            }
        }

        Result take(int max) {
            byte[] out = new byte[Math.min(max, available())];
            int n = 0;
            while (n < out.length) {
                Chunk c = chunks.peek();
                int k = Math.min(out.length - n, c.bytes.length - c.taken);
                System.arraycopy(c.bytes, c.taken, out, n, k);
                c.taken += k;
                n += k;
                if (c.taken == c.bytes.length) {
                    chunks.remove().buffer.release();
                }
            }
            return Result.received(out);
        }

        int available() {
            int n = 0;
            for (Chunk c : chunks) {
                n += c.bytes.length - c.taken;
            }
            return n;
        }

        /** Drops what the script has not read; whether any was dropped. */
        boolean drop() {
            boolean any = !chunks.isEmpty();
            Chunk c;
            while ((c = chunks.poll()) != null) {
                c.buffer.release();
            }
            return any;
        }
    }

    private Reader reader(Object end) {
        return readers.computeIfAbsent(end, e -> {
            Reader r = new Reader(stream(e));
            r.end.readMulti(new BufferRing(BUFFERS, BUFFER_SIZE), r);
            return r;
        });
    }

    @Override
    public Call read(Object end, int max) {
        Reader r = reader(end);
        CompletableFuture<Result> result = new CompletableFuture<>();
        r.waiting = result;
        r.waitingMax = max;
        r.serveWaiting();
        return new Call(result, null);
    }

    /** Nothing reaches the kernel: a read waiting for a delivery is withdrawn here, taking nothing. */
    @Override
    public Result cancelledRead(Object end, int max) {
        Reader r = reader(end);
        loop.runNow();
        if (!r.chunks.isEmpty()) {
            return Result.failed(new AssertionError("a read that could not complete found " + r.available() + " bytes delivered"));
        }
        return Result.failed(new java.util.concurrent.CancellationException());
    }

    @Override
    public Result shutdown(Object end, boolean input) {
        Reader r = readers.get(end);
        if (input && r != null && stream(end).isOpen()) {
            r.droppedUnread |= r.drop(); // the JDK's reads end here, with bytes queued or not
        }
        return super.shutdown(end, input);
    }

    /**
     * A close with bytes the script has not read here is a close with reset. What the stream took
     * from the kernel arrives first (the loop turns), so none is in neither place when deciding.
     */
    @Override
    public Result close(Object end) {
        Reader r = readers.get(end);
        if (r != null) {
            started(null);
        }
        boolean unread = r != null && (r.drop() | r.droppedUnread);
        return unread ? super.closeWithReset(end) : super.close(end);
    }

    @Override
    public Result closeWithReset(Object end) {
        Reader r = readers.get(end);
        if (r != null) {
            r.drop();
        }
        return super.closeWithReset(end);
    }
}
