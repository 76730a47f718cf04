package io.rusticated.linux.jdk;

import io.rusticated.jdk.RusticatedAsynchronousChannelProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.io.FileInputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The provider selected the way the runtime image selects it (the surefire execution
 * {@code jdk-default-provider} sets {@code java.nio.channels.spi.AsynchronousChannelProvider},
 * exports {@code sun.nio.ch} and turns the trace on); skipped in executions that do not.
 */
class InstalledAioProviderTest {
    @BeforeAll
    static void onlyWhenSelected() {
        assumeTrue(RusticatedAsynchronousChannelProvider.class.getName().equals(System.getProperty("java.nio.channels.spi.AsynchronousChannelProvider")),
                "the provider is not selected in this run");
        AioOracle.requireServed();
    }

    @Test
    void plainJdkCallsGetRusticatedsChannelsAndGroups() throws Exception {
        assertThat(AsynchronousChannelProvider.provider()).isInstanceOf(RusticatedAsynchronousChannelProvider.class);
        try (AsynchronousSocketChannel c = AsynchronousSocketChannel.open(); AsynchronousServerSocketChannel l = AsynchronousServerSocketChannel.open()) {
            assertThat(c.getClass().getName()).isEqualTo("io.rusticated.jdk.RusticatedAsynchronousSocketChannel");
            assertThat(l.getClass().getName()).isEqualTo("io.rusticated.jdk.RusticatedAsynchronousServerSocketChannel");
            assertThat(c.provider()).isSameAs(AsynchronousChannelProvider.provider());
        }
        AsynchronousChannelGroup fixed = AsynchronousChannelGroup.withFixedThreadPool(1, Thread.ofPlatform().daemon().factory());
        AsynchronousChannelGroup cached = AsynchronousChannelGroup.withCachedThreadPool(java.util.concurrent.Executors.newCachedThreadPool(), 0);
        for (AsynchronousChannelGroup g : new AsynchronousChannelGroup[] {fixed, cached}) {
            assertThat(g.provider()).isSameAs(AsynchronousChannelProvider.provider());
            assertThat(AsynchronousSocketChannel.open(g).getClass().getName()).startsWith("io.rusticated.jdk.");
            AioOracle.finish(g);
        }
    }

    @Test
    void theTraceShowsTheSocketOperationsWentThroughTheLoop() throws Exception {
        File traceFile = new File(System.getProperty("rusticated.trace"));
        long before = traceFile.length(); // the file outlives runs; only what this test adds is read
        try (AsynchronousServerSocketChannel l = AsynchronousServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
             AsynchronousSocketChannel c = AsynchronousSocketChannel.open()) {
            Future<AsynchronousSocketChannel> accepted = l.accept();
            c.connect(l.getLocalAddress()).get(10, TimeUnit.SECONDS);
            try (AsynchronousSocketChannel s = accepted.get(10, TimeUnit.SECONDS)) {
                assertThat(c.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS)).isEqualTo(5);
                ByteBuffer in = ByteBuffer.allocate(100);
                assertThat(s.read(in).get(10, TimeUnit.SECONDS)).isEqualTo(5);
            }
        }
        String trace;
        try (FileInputStream in = new FileInputStream(traceFile)) {
            in.skipNBytes(before);
            trace = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(trace).containsPattern("ACCEPT handle=\\d+ -> \\d+\n")
                .containsPattern("CONNECT handle=\\d+ -> ok\n")
                .containsPattern("SEND handle=\\d+ offset=-1 length=5 -> 5\n")
                .containsPattern("RECV handle=\\d+ offset=-1 length=100 -> 5\n")
                .containsPattern("CLOSE handle=\\d+ -> ok\n");
    }
}
