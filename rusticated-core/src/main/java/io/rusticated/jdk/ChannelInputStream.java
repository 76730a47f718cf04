package io.rusticated.jdk;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * The stream {@code Files.newInputStream} returns over a rusticated channel. The JDK's own stream
 * ({@code Channels.newInputStream}) treats its own channel class specially, and only it: for a
 * regular file it reads all bytes into an array of the right size, skips with a seek, tells what
 * is left and transfers to a file inside the OS; for a device, FIFO or socket it never asks for a
 * position (which there is none of). This stream does the same with a rusticated channel, so a
 * program reading {@code /dev/stdin}, a FIFO or a process substitution through {@code Files}
 * behaves as on the JDK.
 */
final class ChannelInputStream extends InputStream {
    /** As the JDK's stream grows its array past the expected size. */
    private static final int GROWTH = 8192;

    private final RusticatedFileChannel ch;
    private ByteBuffer bb;
    private byte[] bs;
    private byte[] one;
    private Boolean other;

    ChannelInputStream(RusticatedFileChannel ch) {
        this.ch = ch;
    }

    private boolean isOther() throws IOException {
        Boolean o = other;
        if (o == null) {
            other = o = ch.isOther();
        }
        return o;
    }

    @Override
    public synchronized int read() throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        int n = read(one, 0, 1);
        return n == 1 ? one[0] & 0xff : -1;
    }

    @Override
    public synchronized int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        ByteBuffer buf = bs == b ? bb : ByteBuffer.wrap(b);
        buf.limit(Math.min(off + len, buf.capacity())).position(off);
        bb = buf;
        bs = b;
        return ch.read(buf);
    }

    @Override
    public byte[] readAllBytes() throws IOException {
        if (isOther()) {
            return super.readAllBytes();
        }
        long length = ch.size();
        long position = ch.position();
        long left = length - position;
        if (length <= 0 || left <= 0) {
            return super.readAllBytes();
        }
        if (left > Integer.MAX_VALUE) {
            throw new OutOfMemoryError(String.format("Required array size too large: %d = %d - %d", left, length, position));
        }
        int capacity = (int) left;
        byte[] buf = new byte[capacity];
        int count = 0;
        for (;;) {
            int n;
            while ((n = read(buf, count, capacity - count)) > 0) {
                count += n;
            }
            // The file may have grown since its size was read: one more byte says.
            if (n < 0 || (n = read()) < 0) {
                break;
            }
            capacity = Math.max(capacity + Math.max(capacity, 1), GROWTH);
            buf = Arrays.copyOf(buf, capacity);
            buf[count++] = (byte) n;
        }
        return count == capacity ? buf : Arrays.copyOf(buf, count);
    }

    @Override
    public byte[] readNBytes(int len) throws IOException {
        if (len < 0) {
            throw new IllegalArgumentException("len < 0");
        }
        if (len == 0) {
            return new byte[0];
        }
        if (isOther()) {
            return super.readNBytes(len);
        }
        long length = ch.size();
        long left = length - ch.position();
        if (length <= 0 || left <= 0) {
            return super.readNBytes(len);
        }
        int capacity = (int) Math.min(len, left);
        byte[] buf = new byte[capacity];
        int count = 0;
        int n;
        do {
            n = read(buf, count, capacity - count);
            if (n > 0) {
                count += n;
            } else if (n == 0) {
                int b = read();
                if (b < 0) {
                    break;
                }
                buf[count++] = (byte) b;
            }
        } while (n >= 0 && count < capacity);
        return count == capacity ? buf : Arrays.copyOf(buf, count);
    }

    @Override
    public int available() throws IOException {
        return ch.available();
    }

    @Override
    public synchronized long skip(long n) throws IOException {
        if (isOther()) {
            return super.skip(n);
        }
        long position = ch.position();
        long target;
        if (n > 0) {
            target = position + n;
            long size = ch.size();
            if (target < 0 || target > size) {
                target = size;
            }
        } else {
            target = Math.max(position + n, 0);
        }
        ch.position(target);
        return target - position;
    }

    /**
     * To another rusticated file: the channel's transfers (inside the OS where it can), from the
     * position to the end, the position moved past what was copied; as the JDK's stream does
     * between its own channels. Else the plain loop.
     */
    @Override
    public long transferTo(OutputStream out) throws IOException {
        Objects.requireNonNull(out, "out");
        if (out instanceof ChannelOutputStream cos) {
            RusticatedFileChannel target = cos.channel();
            if (!isOther()) {
                long start = ch.position();
                long at = start;
                try {
                    while (at < ch.size()) {
                        at += ch.transferTo(at, Long.MAX_VALUE, target);
                    }
                } finally {
                    ch.position(at);
                }
                return at - start;
            }
            long start = target.position();
            long at = start;
            try {
                long n;
                while ((n = target.transferFrom(ch, at, Long.MAX_VALUE)) > 0) {
                    at += n;
                }
            } finally {
                target.position(at);
            }
            return at - start;
        }
        return super.transferTo(out);
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
