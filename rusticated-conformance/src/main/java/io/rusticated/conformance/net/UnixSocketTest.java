package io.rusticated.conformance.net;

import io.rusticated.conformance.Failures;
import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import io.rusticated.io.Buffer;
import io.rusticated.net.Received;
import io.rusticated.net.UnixAddress;
import io.rusticated.net.UnixDatagram;
import io.rusticated.net.UnixListener;
import io.rusticated.net.UnixStream;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.BindException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unix-domain stream and datagram sockets at a path, through the loop. */
@Needs({Feature.SOCKETS, Feature.UNIX_SOCKETS})
class UnixSocketTest {
    @TempDir
    Path dir;

    @Test
    void streamsOverAPath() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            UnixAddress address = UnixAddress.of(dir.resolve("sock"));
            UnixListener listener = UnixListener.bind(loop, address, 16);
            assertThat(listener.localAddress()).isEqualTo(address);
            CompletableFuture<UnixStream> accepted = listener.accept().toCompletableFuture();
            UnixStream client = loop.blockOn(UnixStream.connect(loop, address));
            UnixStream server = loop.blockOn(accepted);
            assertThat(server.localAddress()).isEqualTo(address);
            assertThat(client.peerAddress()).isEqualTo(address);
            loop.blockOn(client.writeAll(Buffer.of("over " + address)));
            Buffer in = Buffer.allocate(128);
            assertThat(loop.blockOn(server.read(in))).isPositive();
            assertThat(in.toString(StandardCharsets.UTF_8)).isEqualTo("over " + address);
            loop.blockOn(client.close());
            assertThat(loop.blockOn(server.read(Buffer.allocate(8)))).as("the end of the stream").isZero();
            loop.blockOn(server.close());
            loop.blockOn(listener.close());

            assertThat(Files.exists(dir.resolve("sock"))).as("the socket file stays, as the JDK leaves it").isTrue();
            assertThatThrownBy(() -> UnixListener.bind(loop, UnixAddress.of(dir.resolve("sock")), 16))
                    .isInstanceOf(BindException.class).hasMessage("Address already in use");
            assertThatThrownBy(() -> UnixListener.bind(loop, UnixAddress.of(dir.resolve("x".repeat(200))), 16))
                    .isInstanceOf(SocketException.class).hasMessage("Unix domain path too long");
            assertThat(Failures.of(loop, UnixStream.connect(loop, UnixAddress.of(dir.resolve("nobody"))))).isInstanceOf(SocketException.class);
            assertThat(loop.inFlight()).isZero();
        }
    }

    @Test
    void datagramsCarryTheirSender() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            UnixAddress a = UnixAddress.of(dir.resolve("a"));
            UnixAddress b = UnixAddress.of(dir.resolve("b"));
            UnixDatagram da = UnixDatagram.bind(loop, a);
            UnixDatagram db = UnixDatagram.bind(loop, b);
            assertThat(loop.blockOn(da.sendTo(Buffer.of("to b"), b))).isEqualTo(4);
            Buffer in = Buffer.allocate(16);
            Received r = loop.blockOn(db.recvFrom(in));
            assertThat(r.from()).isEqualTo(a);
            assertThat(in.toString(StandardCharsets.UTF_8)).isEqualTo("to b");
            UnixDatagram anonymous = UnixDatagram.bind(loop, UnixAddress.unnamed());
            loop.blockOn(anonymous.sendTo(Buffer.of("?"), b));
            Received fromNobody = loop.blockOn(db.recvFrom(Buffer.allocate(4)));
            assertThat(((UnixAddress) fromNobody.from()).isUnnamed()).isTrue();
            for (UnixDatagram d : new UnixDatagram[] {da, db, anonymous}) {
                loop.blockOn(d.close());
            }
        }
    }
}
