package io.rusticated.process;

import io.rusticated.io.AsyncWrite;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Request;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The write end of a pipe: a child's stdin, or one end of a {@link Pipe}. A write to a pipe whose
 * readers have all closed fails with an {@link java.io.IOException} (broken pipe); the JVM does
 * not die of SIGPIPE.
 */
public final class PipeWriter extends PipeEnd implements AsyncWrite {
    PipeWriter(EventLoop loop, long handle, String name) {
        super(loop, handle, name);
    }

    @Override
    public CompletionStage<Integer> write(Buffer buffer) {
        checkBuffer(buffer);
        return loop.write(handle, buffer, Request.CURRENT_POSITION);
    }

    /** Writes the buffer's whole filled part, looping over short writes; the buffer ends empty. */
    public CompletionStage<Void> writeAll(Buffer buffer) {
        if (buffer.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return write(buffer).thenCompose(n -> {
            buffer.discard(n);
            return writeAll(buffer);
        });
    }
}
