package io.rusticated.jdk;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The stream {@code Files.newOutputStream} returns over a rusticated channel: as the JDK's
 * ({@code Channels.newOutputStream}), each write goes to the channel whole; and a
 * {@link ChannelInputStream} recognises it, so {@code in.transferTo(out)} between two files copies
 * inside the OS, as between the JDK's own.
 */
final class ChannelOutputStream extends OutputStream {
    private final RusticatedFileChannel ch;
    private ByteBuffer bb;
    private byte[] bs;
    private byte[] one;

    ChannelOutputStream(RusticatedFileChannel ch) {
        this.ch = ch;
    }

    RusticatedFileChannel channel() {
        return ch;
    }

    @Override
    public synchronized void write(int b) throws IOException {
        if (one == null) {
            one = new byte[1];
        }
        one[0] = (byte) b;
        write(one, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return;
        }
        ByteBuffer buf = bs == b ? bb : ByteBuffer.wrap(b);
        buf.limit(Math.min(off + len, buf.capacity())).position(off);
        bb = buf;
        bs = b;
        while (buf.hasRemaining()) {
            if (ch.write(buf) <= 0) {
                throw new RuntimeException("no bytes written"); // as the JDK's stream
            }
        }
    }

    @Override
    public void close() throws IOException {
        ch.close();
    }
}
