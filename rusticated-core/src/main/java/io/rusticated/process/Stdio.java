package io.rusticated.process;

import io.rusticated.io.AsyncRead;
import io.rusticated.io.AsyncWrite;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;

import java.util.concurrent.CompletionStage;

/**
 * The process's standard input, output and error as asynchronous streams on a loop. Each read or
 * write is one request at the stream's current position; nothing is buffered here, so a caller
 * that wants lines or batching keeps its own {@link Buffer}.
 */
public final class Stdio implements AsyncRead, AsyncWrite {
    private final EventLoop loop;
    private final int index;
    private final long handle;

    private Stdio(EventLoop loop, int index) {
        this.loop = loop;
        this.index = index;
        this.handle = loop.standardHandle(index);
    }

    /** Standard input on the {@link EventLoop#current() current} loop. */
    public static Stdio stdin() {
        return new Stdio(EventLoop.current(), 0);
    }

    public static Stdio stdout() {
        return new Stdio(EventLoop.current(), 1);
    }

    public static Stdio stderr() {
        return new Stdio(EventLoop.current(), 2);
    }

    /** Standard stream 0, 1 or 2 on the given loop. */
    public static Stdio of(EventLoop loop, int index) {
        if (index < 0 || index > 2) {
            throw new IllegalArgumentException("standard stream index must be 0, 1 or 2: " + index);
        }
        return new Stdio(loop, index);
    }

    @Override
    public CompletionStage<Integer> read(Buffer buffer) {
        if (index != 0) {
            throw new UnsupportedOperationException("standard " + (index == 1 ? "output" : "error") + " is not readable");
        }
        return loop.read(handle, buffer, -1);
    }

    @Override
    public CompletionStage<Integer> write(Buffer buffer) {
        if (index == 0) {
            throw new UnsupportedOperationException("standard input is not writable");
        }
        return loop.write(handle, buffer, -1);
    }

    public long handle() {
        return handle;
    }
}
