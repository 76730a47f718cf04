package io.rusticated.windows;

import io.rusticated.jdk.RusticatedAsynchronousChannelProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The JDK target's asynchronous channel provider on the iocp driver: an unchanged
 * AsynchronousServerSocketChannel / AsynchronousSocketChannel exchange, served by rusticated's
 * shared loop, which here runs the iocp driver on {@link StandInWindows} (the only backend on this
 * module's test path off Windows). Ends with no rule broken, nothing left in the stand-in's kernel
 * and no socket left open.
 */
@Timeout(20)
@DisabledOnOs(value = OS.WINDOWS, disabledReason = "on Windows the platform's sockets are Winsock itself, not the stand-in's (OnWindowsTest runs them)")
class IocpAioTest {
    private static final StandInWindows WINDOWS = new StandInWindows();

    @Test
    void asynchronousSocketChannelsExchangeBytesOverAcceptExAndConnectEx() throws Exception {
        StandInBackend.choose(WINDOWS); // the provider's shared loop opens on this stand-in
        RusticatedAsynchronousChannelProvider provider = new RusticatedAsynchronousChannelProvider();
        try (AsynchronousServerSocketChannel server = provider.openAsynchronousServerSocketChannel(null)) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Future<AsynchronousSocketChannel> accepting = server.accept();
            try (AsynchronousSocketChannel client = provider.openAsynchronousSocketChannel(null)) {
                client.connect(server.getLocalAddress()).get(5, TimeUnit.SECONDS);
                try (AsynchronousSocketChannel accepted = accepting.get(5, TimeUnit.SECONDS)) {
                    assertThat(accepted.getRemoteAddress()).isEqualTo(client.getLocalAddress());
                    assertThat(client.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS)).isEqualTo(5);
                    ByteBuffer into = ByteBuffer.allocate(16);
                    assertThat(accepted.read(into).get(5, TimeUnit.SECONDS)).isEqualTo(5);
                    assertThat(new String(into.array(), 0, 5, StandardCharsets.UTF_8)).isEqualTo("hello");

                    // A read pending when its channel closes: CancelIoEx, its packet, then closesocket.
                    Future<Integer> pending = accepted.read(ByteBuffer.allocate(16));
                    accepted.close();
                    assertThatThrownBy(() -> pending.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                            .hasCauseInstanceOf(AsynchronousCloseException.class);
                }
                assertThat(client.read(ByteBuffer.allocate(16)).get(5, TimeUnit.SECONDS)).as("the peer's FIN").isEqualTo(-1);
            }
        }
        assertThat(WINDOWS.violations).as("documented rules the driver broke").isEmpty();
        assertThat(WINDOWS.pendingCalls()).as("calls the stand-in's kernel still holds").isZero();
        assertThat(WINDOWS.winsock.openSockets()).as("sockets left open").isZero();
    }
}
