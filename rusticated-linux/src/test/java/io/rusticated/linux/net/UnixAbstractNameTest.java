package io.rusticated.linux.net;

import io.rusticated.io.Buffer;
import io.rusticated.net.UnixAddress;
import io.rusticated.net.UnixListener;
import io.rusticated.net.UnixStream;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Linux's abstract Unix-domain names (sun_path beginning with NUL: no file, no permissions); the kit tests paths on every OS. */
class UnixAbstractNameTest {
    @Test
    void aStreamOverAnAbstractName() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            UnixAddress address = UnixAddress.abstractName("rusticated-test-" + ProcessHandle.current().pid());
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
            loop.blockOn(server.close());
            loop.blockOn(listener.close());
            assertThat(loop.inFlight()).isZero();
        }
    }
}
