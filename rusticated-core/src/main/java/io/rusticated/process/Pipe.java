package io.rusticated.process;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Platform;

import java.io.IOException;

/**
 * A pipe made by this process, both ends close-on-exec: hand one end to a child with
 * {@link Redirect#from} or {@link Redirect#to} and keep the other.
 */
public record Pipe(PipeReader reader, PipeWriter writer) {
    /** A new pipe whose ends read and write on {@code loop}. */
    public static Pipe open(EventLoop loop) throws IOException {
        long[] fds = Platform.process().pipe();
        return new Pipe(new PipeReader(loop, fds[0], "pipe"), new PipeWriter(loop, fds[1], "pipe"));
    }

    /** A new pipe on the {@link EventLoop#current() current} loop. */
    public static Pipe open() throws IOException {
        return open(EventLoop.current());
    }
}
