package io.rusticated.jdk;

import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.Platform;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Standard output or error as an {@link OutputStream} whose writes are system calls on the
 * calling thread ({@code write(2)} on descriptor 1 or 2), as the JDK's {@code FileOutputStream}
 * makes them: each waits for the OS, so output keeps its order, across both streams too, and a
 * write is no more interruptible than the JDK's. Buffering is left to the
 * {@link java.io.PrintStream} around it, as with the JDK's.
 *
 * <p>Where rusticated cannot take a write (while the JVM still boots; no OS module) it goes to
 * the descriptor through a {@link FileOutputStream}, the JDK's own path.
 */
final class StdioOutputStream extends OutputStream {
    /** At most this much per write(2), so a huge array is not copied into native memory whole. */
    private static final int CHUNK = 64 * 1024;

    private final int index;
    private final FileOutputStream direct;
    private volatile long handle = -1;
    private volatile boolean closed;

    StdioOutputStream(int index) {
        this.index = index;
        this.direct = new FileOutputStream(index == 1 ? FileDescriptor.out : FileDescriptor.err);
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
        if (Proactor.calls() == null) {
            direct.write(b, off, len);
            return;
        }
        long h = handle;
        if (h < 0) {
            handle = h = Platform.process().standardHandle(index);
        }
        CallScratch s = CallScratch.take();
        try {
            while (len > 0) {
                int n = Math.min(len, CHUNK);
                MemorySegment io = s.io(n);
                MemorySegment.copy(b, off, io, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, n);
                for (int done = 0; done < n; ) {
                    int w = Calls.write(h, io.asSlice(done, n - done), -1);
                    if (w <= 0) {
                        throw new IOException("write to standard " + (index == 1 ? "output" : "error") + " made no progress");
                    }
                    done += w;
                }
                off += n;
                len -= n;
            }
        } catch (OsErrorException x) {
            throw x.error().toException(null, null); // "Broken pipe", as the JDK's FileOutputStream says
        } finally {
            s.done();
        }
    }

    /** Closes the descriptor, as closing the JDK's standard stream does. */
    @Override
    public void close() throws IOException {
        closed = true;
        direct.close();
    }
}
