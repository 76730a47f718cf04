package io.rusticated.jdk;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferPool;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;

/**
 * Copies between the caller's {@link ByteBuffer}s and the pooled off-heap {@link Buffer} an
 * operation lends the kernel. The kernel never sees the caller's buffers: a caller may drop, reuse
 * or free them (an arena's segment viewed as a {@code ByteBuffer}) whatever is in flight, and a
 * cancelled receive leaves them untouched.
 */
final class SocketBuffers {
    private SocketBuffers() {
    }

    /** Room for {@code count} bytes to receive: a pooled buffer whose spare capacity is exactly that (it is filled from {@code length()} on). */
    static Buffer forReceiving(int count) {
        Buffer buf = BufferPool.shared().acquire(count);
        buf.setLength(buf.capacity() - count);
        return buf;
    }

    /** The bytes the destinations have room for, capped. */
    static int room(ByteBuffer[] dsts, int cap) {
        long room = 0;
        for (ByteBuffer b : dsts) {
            room += b.remaining();
        }
        return (int) Math.min(room, cap);
    }

    /** Copies {@code count} received bytes, starting at {@code from} in {@code buf}, into the destinations in order, advancing their positions. */
    static void scatter(Buffer buf, int from, int count, ByteBuffer[] dsts) {
        MemorySegment received = buf.filled();
        int done = 0;
        for (int i = 0; i < dsts.length && done < count; i++) {
            ByteBuffer dst = dsts[i];
            int n = Math.min(dst.remaining(), count - done);
            MemorySegment.copy(received, from + done, MemorySegment.ofBuffer(dst), 0, n);
            dst.position(dst.position() + n);
            done += n;
        }
    }

    /** A pooled buffer holding up to {@code cap} of the sources' remaining bytes, in order; their positions do not move. */
    static Buffer gather(ByteBuffer[] srcs, int cap) {
        long remaining = 0;
        for (ByteBuffer b : srcs) {
            remaining += b.remaining();
        }
        Buffer buf = BufferPool.shared().acquire((int) Math.min(remaining, cap));
        int room = (int) Math.min(remaining, cap);
        for (ByteBuffer src : srcs) {
            if (buf.length() == room) {
                break;
            }
            ByteBuffer view = src.duplicate();
            view.limit(view.position() + Math.min(view.remaining(), room - buf.length()));
            buf.append(view);
        }
        return buf;
    }

    /** Moves the sources' positions past the {@code count} bytes the kernel took. */
    static void advance(ByteBuffer[] srcs, long count) {
        long left = count;
        for (int i = 0; i < srcs.length && left > 0; i++) {
            ByteBuffer src = srcs[i];
            int n = (int) Math.min(src.remaining(), left);
            src.position(src.position() + n);
            left -= n;
        }
    }
}
