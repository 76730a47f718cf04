package io.rusticated.linux.net;

import io.rusticated.io.Buffer;
import io.rusticated.net.ConnectOptions;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/** Where rusticated's sockets must say what the JDK's {@link SocketChannel} says for the same thing. */
class SocketParityTest {
    @Test
    void bufferSizesReadBackAsTheJdkReportsThem() throws Exception {
        try (EventLoop loop = EventLoop.open(); ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             SocketChannel jdk = SocketChannel.open()) {
            TcpStream s = loop.blockOn(TcpStream.connect(loop, (InetSocketAddress) peer.getLocalSocketAddress(), ConnectOptions.defaults()));
            for (var option : java.util.List.of(StandardSocketOptions.SO_RCVBUF, StandardSocketOptions.SO_SNDBUF)) {
                s.setOption(option, 65536);
                jdk.setOption(option, 65536);
                // Linux reports twice what was set; the JDK halves it back.
                assertThat(s.getOption(option)).as("%s", option).isEqualTo(jdk.getOption(option)).isEqualTo(65536);
            }
            loop.blockOn(s.close());
        }
    }

    @Test
    void aWriteAfterAResetFailsWithTheOsTextAsTheJdksWriteDoes() throws Exception {
        try (EventLoop loop = EventLoop.open(); ServerSocket peer = new ServerSocket(0, 2, InetAddress.getLoopbackAddress())) {
            TcpStream s = loop.blockOn(TcpStream.connect(loop, (InetSocketAddress) peer.getLocalSocketAddress(), ConnectOptions.defaults()));
            reset(peer.accept());
            Throwable ours = firstFailedWrite(() -> loop.blockOn(s.write(Buffer.allocate(10).setLength(10))));
            try (SocketChannel jdk = SocketChannel.open(peer.getLocalSocketAddress())) {
                reset(peer.accept());
                Throwable theirs = firstFailedWrite(() -> jdk.write(ByteBuffer.allocate(10)));
                assertThat(ours).hasSameClassAs(theirs).hasMessage(theirs.getMessage()).hasMessage("Connection reset by peer");
            }
            loop.blockOn(s.close());
        }
    }

    private static void reset(Socket s) throws IOException {
        s.setSoLinger(true, 0);
        s.close();
    }

    private interface Write {
        void run() throws Exception;
    }

    /** Writes until a write fails (the first ones may go out before the reset arrives). */
    private static Throwable firstFailedWrite(Write write) throws Exception {
        for (int i = 0; i < 100; i++) {
            try {
                write.run();
            } catch (CompletionException e) {
                return e.getCause();
            } catch (IOException e) {
                return e;
            }
        }
        throw new AssertionError("no write failed");
    }
}
