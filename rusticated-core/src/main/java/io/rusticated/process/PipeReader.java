package io.rusticated.process;

import io.rusticated.io.AsyncRead;
import io.rusticated.io.Buffer;
import io.rusticated.io.BufferPool;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Request;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** The read end of a pipe: a child's stdout or stderr, or one end of a {@link Pipe}. */
public final class PipeReader extends PipeEnd implements AsyncRead {
    PipeReader(EventLoop loop, long handle, String name) {
        super(loop, handle, name);
    }

    /** Reads what the pipe holds into the buffer's spare capacity; 0 once every writer has closed. */
    @Override
    public CompletionStage<Integer> read(Buffer buffer) {
        checkBuffer(buffer);
        return loop.read(handle, buffer, Request.CURRENT_POSITION);
    }

    /** Reads until end of input and returns everything read. */
    public CompletionStage<byte[]> readAll() {
        Buffer buf = BufferPool.shared().acquire(64 * 1024);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        return readLoop(buf, out).whenComplete((v, e) -> buf.release()).thenApply(v -> out.toByteArray());
    }

    private CompletionStage<Void> readLoop(Buffer buf, ByteArrayOutputStream out) {
        buf.clear();
        return read(buf).thenCompose(n -> {
            if (n == 0) {
                return CompletableFuture.completedFuture(null);
            }
            out.writeBytes(buf.toByteArray());
            return readLoop(buf, out);
        });
    }
}
