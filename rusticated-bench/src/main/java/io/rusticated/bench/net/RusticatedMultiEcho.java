package io.rusticated.bench.net;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.net.ReadHandler;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.Operation;

import java.util.ArrayDeque;

/**
 * rusticated's pooled reads: {@code readMulti} on one {@link BufferRing} for the whole loop
 * ({@value #BUFFERS} x {@value #BUFFER_SIZE} B; on io_uring one multishot receive per connection
 * into provided buffers), and each buffer received sent back as it is by a reused send
 * {@link Operation}, then released to the ring. No buffer per connection.
 */
final class RusticatedMultiEcho extends RusticatedServer {
    static final int BUFFERS = 1024;
    static final int BUFFER_SIZE = 16384;
    private final BufferRing ring = new BufferRing(BUFFERS, BUFFER_SIZE);

    RusticatedMultiEcho(int port) throws Exception {
        super(port);
        startAccepting();
    }

    @Override
    void serve(TcpStream stream) {
        Connection c = new Connection(stream);
        stream.readMulti(ring, c);
    }

    private final class Connection implements ReadHandler {
        final TcpStream stream;
        final long fd;
        /** Buffers received and not yet sent, oldest first; the head is in the send in flight. */
        final ArrayDeque<Buffer> unsent = new ArrayDeque<>(4);
        boolean ended;
        final Operation send = new Operation() {
            @Override
            protected void complete(long result, Throwable failure) {
                sent(failure == null ? result : -1);
            }
        };

        Connection(TcpStream stream) {
            this.stream = stream;
            this.fd = stream.handle();
        }

        @Override
        public void onData(Buffer data) {
            if (ended) {
                data.release();
                return;
            }
            unsent.addLast(data);
            if (unsent.size() == 1) {
                loop.submit(send.prepareSend(fd, data));
            }
        }

        @Override
        public void onEnd(Throwable failure) {
            ended = true;
            if (unsent.isEmpty()) {
                stream.close();
            }
        }

        void sent(long n) {
            Buffer head = unsent.peekFirst();
            if (n >= 0 && n < head.length()) {
                head.discard((int) n);
                loop.submit(send.prepareSend(fd, head)); // a short send: the rest
                return;
            }
            unsent.pollFirst().release();
            if (n < 0) {
                ended = true;
                Buffer b;
                while ((b = unsent.pollFirst()) != null) {
                    b.release();
                }
                stream.close();
                return;
            }
            Buffer next = unsent.peekFirst();
            if (next != null) {
                loop.submit(send.prepareSend(fd, next));
            } else if (ended) {
                stream.close();
            }
        }
    }
}
