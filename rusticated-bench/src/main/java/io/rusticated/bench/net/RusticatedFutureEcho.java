package io.rusticated.bench.net;

import io.rusticated.io.Buffer;
import io.rusticated.net.TcpStream;

/**
 * rusticated, everyday API: {@code read(Buffer)} then {@code writeAll(Buffer)} futures, a 64 KiB
 * buffer per connection. Each message costs the futures of one read and one write.
 */
final class RusticatedFutureEcho extends RusticatedServer {
    RusticatedFutureEcho(int port) throws Exception {
        super(port);
        startAccepting();
    }

    @Override
    void serve(TcpStream stream) {
        readThenEcho(stream, Buffer.allocate(65536));
    }

    private static void readThenEcho(TcpStream stream, Buffer buffer) {
        stream.read(buffer).whenComplete((n, readFailure) -> {
            if (readFailure != null || n == 0) {
                stream.close();
                return;
            }
            stream.writeAll(buffer).whenComplete((v, writeFailure) -> {
                if (writeFailure != null) {
                    stream.close();
                    return;
                }
                buffer.clear();
                readThenEcho(stream, buffer);
            });
        });
    }
}
