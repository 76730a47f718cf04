package io.rusticated.jdk;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferPool;
import io.rusticated.process.Stdio;
import io.rusticated.rt.EventLoop;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Standard output or error as an {@link OutputStream} whose writes are rusticated operations
 * (io_uring WRITEs on descriptor 1 or 2 at the current position), each waited for, so output is
 * in the order it was written, across both streams too. Buffering is left to the
 * {@link java.io.PrintStream} around it, as with the JDK's {@code FileOutputStream}.
 *
 * <p>Where rusticated cannot take a write (on the loop thread, which must never wait for itself,
 * say when a logger prints from a completion; before the loop is up; once it is gone) the write
 * goes straight to the descriptor through a {@link FileOutputStream}, the JDK's own path.
 */
final class StdioOutputStream extends OutputStream {
    private static final int CHUNK = 64 * 1024;

    private final int index;
    private final FileOutputStream direct;
    private volatile Stdio stdio;
    private volatile boolean closed;

    StdioOutputStream(int index) {
        this.index = index;
        this.direct = new FileOutputStream(index == 1 ? FileDescriptor.out : FileDescriptor.err);
    }

    private Stdio stdio(EventLoop loop) {
        Stdio s = stdio;
        if (s == null) {
            s = Stdio.of(loop, index);
            stdio = s;
        }
        return s;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("Stream Closed");
        }
        EventLoop loop = Proactor.loop();
        if (loop == null) {
            direct.write(b, off, len);
            return;
        }
        Stdio out = stdio(loop);
        while (len > 0) {
            int n = Math.min(len, CHUNK);
            Buffer buf = BufferPool.shared().acquire(n);
            try {
                buf.append(b, off, n);
                while (!buf.isEmpty()) {
                    int w = Proactor.await(out.write(buf));
                    if (w <= 0) {
                        throw new IOException("write to standard " + (index == 1 ? "output" : "error") + " made no progress");
                    }
                    buf.discard(w);
                }
            } finally {
                OpenFile.releaseIfOwned(buf);
            }
            off += n;
            len -= n;
        }
    }

    /** Closes the descriptor, as closing the JDK's standard stream does. */
    @Override
    public void close() throws IOException {
        closed = true;
        direct.close();
    }
}
