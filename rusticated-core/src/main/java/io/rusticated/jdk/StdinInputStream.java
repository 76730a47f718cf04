package io.rusticated.jdk;

import io.rusticated.io.Buffer;
import io.rusticated.process.Stdio;
import io.rusticated.rt.EventLoop;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Standard input as an {@link InputStream} whose reads are rusticated operations (io_uring READs
 * on descriptor 0 at the current position), each waited for; like the JDK's
 * {@code FileInputStream}, a read returns what one system call gives (a line from a terminal, what
 * is in a pipe). The {@link java.io.BufferedInputStream} around it buffers.
 *
 * <p>{@link #available()} asks the JDK's stream (FIONREAD, or size less position for a file),
 * rusticated having no such operation; both use the same OS file position, so they agree. Reads
 * rusticated cannot take (loop thread, no loop) go to that stream too.
 */
final class StdinInputStream extends InputStream {
    /** As the JDK plug-ins cap every read: the JDK's FileInputStream reads up to len in one read(2). */
    private static final int CHUNK = 1024 * 1024;

    private final FileInputStream direct = new FileInputStream(FileDescriptor.in);
    private volatile Stdio stdio;
    private volatile boolean closed;

    private Stdio stdio(EventLoop loop) {
        Stdio s = stdio;
        if (s == null) {
            s = Stdio.of(loop, 0);
            stdio = s;
        }
        return s;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n == 1 ? one[0] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("Stream Closed");
        }
        if (len == 0) {
            return 0;
        }
        EventLoop loop = Proactor.loop();
        if (loop == null) {
            return direct.read(b, off, len);
        }
        int want = Math.min(len, CHUNK);
        Buffer buf = OpenFile.spareOf(want);
        try {
            int start = buf.length();
            int n = Proactor.await(stdio(loop).read(buf));
            if (n == 0) {
                return -1;
            }
            buf.copyTo(start, b, off, n);
            return n;
        } finally {
            OpenFile.releaseIfOwned(buf);
        }
    }

    /**
     * The JDK's skip on the same descriptor: an lseek for a file (which the inherited
     * {@code InputStream.skip}, reading and discarding, would not match near the end of the file),
     * the JDK's own fallback otherwise; both share the OS file position with rusticated's reads.
     */
    @Override
    public long skip(long n) throws IOException {
        if (closed) {
            throw new IOException("Stream Closed");
        }
        return direct.skip(n);
    }

    @Override
    public int available() throws IOException {
        if (closed) {
            throw new IOException("Stream Closed");
        }
        return direct.available();
    }

    /** Closes the descriptor, as closing the JDK's {@code System.in} does. */
    @Override
    public void close() throws IOException {
        closed = true;
        direct.close();
    }
}
