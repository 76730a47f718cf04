package io.rusticated.jdk;

import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.Platform;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * Standard input as an {@link InputStream} whose reads are system calls on the calling thread
 * ({@code read(2)} on descriptor 0), as the JDK's {@code FileInputStream} makes them: a read
 * returns what one system call gives (a line from a terminal, what is in a pipe), and waits as
 * uninterruptibly as the JDK's. The {@link java.io.BufferedInputStream} around it buffers.
 *
 * <p>{@link #available()} and {@link #skip} are the JDK's stream's (FIONREAD, or size less
 * position for a file; an lseek), on the same OS file position. Reads rusticated cannot take
 * (while the JVM boots; no OS module) go to that stream too.
 */
final class StdinInputStream extends InputStream {
    /** As the JDK plug-ins cap every read: the JDK's FileInputStream reads up to len in one read(2). */
    private static final int CHUNK = 1024 * 1024;

    private final FileInputStream direct = new FileInputStream(FileDescriptor.in);
    private volatile long handle = -1;
    private volatile boolean closed;

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
        if (Proactor.calls() == null) {
            return direct.read(b, off, len);
        }
        long h = handle;
        if (h < 0) {
            handle = h = Platform.process().standardHandle(0);
        }
        CallScratch s = CallScratch.take();
        try {
            MemorySegment io = s.io(Math.min(len, CHUNK));
            int n = Calls.read(h, io, -1);
            if (n == 0) {
                return -1;
            }
            MemorySegment.copy(io, ValueLayout.JAVA_BYTE, 0, b, off, n);
            return n;
        } catch (OsErrorException x) {
            throw x.error().toException(null, null);
        } finally {
            s.done();
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
