package io.rusticated.bench.net;

import io.rusticated.io.Buffer;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.Operation;

/**
 * rusticated's low-level path: per connection one receive and one send {@link Operation}, each
 * prepared again and resubmitted from the other's completion on the loop thread, and a 64 KiB
 * buffer lent back and forth. Nothing is allocated per message. The first read goes through the
 * stream's own {@code read}, so the loop knows the socket (attaches it to its backend) before raw
 * operations use its handle.
 */
final class RusticatedOperationEcho extends RusticatedServer {
    RusticatedOperationEcho(int port) throws Exception {
        super(port);
        startAccepting();
    }

    @Override
    void serve(TcpStream stream) {
        Connection c = new Connection(stream);
        stream.read(c.buffer).whenComplete((n, failure) -> c.received(failure == null ? n : -1));
    }

    private final class Connection {
        final TcpStream stream;
        final long fd;
        final Buffer buffer = Buffer.allocate(65536);
        final Operation recv = new Operation() {
            @Override
            protected void complete(long result, Throwable failure) {
                received(failure == null ? result : -1);
            }
        };
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

        void received(long n) {
            if (n <= 0) {
                stream.close();
                return;
            }
            loop.submit(send.prepareSend(fd, buffer));
        }

        void sent(long n) {
            if (n < 0) {
                stream.close();
                return;
            }
            if (n < buffer.length()) {
                buffer.discard((int) n);
                loop.submit(send.prepareSend(fd, buffer)); // a short send: the rest
                return;
            }
            buffer.clear();
            loop.submit(recv.prepareRecv(fd, buffer));
        }
    }
}
