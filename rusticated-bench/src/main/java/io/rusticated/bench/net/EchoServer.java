package io.rusticated.bench.net;

import benchprograms.AioEcho;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One echo server of the networking benchmark: it listens on 127.0.0.1 and sends every byte each
 * connection receives back to it, on one thread, until closed. {@link #main} runs one (run by
 * {@code rusticated-bench/net.sh}, pinned to one CPU) and answers lines on standard input:
 * {@code gc} with the heap in use after a full collection, the connections accepted so far and the
 * native memory in direct buffers (the memory of idle connections), {@code alloc} with the heap bytes every thread allocated so
 * far (ThreadMXBean, as the file benchmarks count them), {@code stats} with what the loop counted.
 *
 * <pre>java -cp benchmarks.jar io.rusticated.bench.net.EchoServer KIND [PORT]</pre>
 */
public interface EchoServer extends AutoCloseable {
    /** The kinds {@link #start} knows, in the order the report lists them. */
    List<String> KINDS = List.of("rusticated-futures", "rusticated-ops", "rusticated-multi", "netty-io_uring", "netty-epoll",
            "jdk-selector", "jdk-aio", "rusticated-idle-pooled", "rusticated-idle-plain");

    /** The port it listens on. */
    int port();

    /** Connections accepted so far (any thread). */
    long accepted();

    /** What the server's event loop counted (rusticated: its {@code LoopStats}), or an empty string. */
    default String stats() {
        return "";
    }

    /** Stops listening and closes every connection. */
    @Override
    void close() throws Exception;

    /** Starts a server of that kind on 127.0.0.1:{@code port} (0: any free port). */
    static EchoServer start(String kind, int port) throws Exception {
        return switch (kind) {
            case "rusticated-futures" -> new RusticatedFutureEcho(port);
            case "rusticated-ops" -> new RusticatedOperationEcho(port);
            case "rusticated-multi" -> new RusticatedMultiEcho(port);
            case "rusticated-idle-pooled" -> new RusticatedIdleReads(port, true);
            case "rusticated-idle-plain" -> new RusticatedIdleReads(port, false);
            case "netty-io_uring" -> new NettyEcho(port, NettyEcho.Transport.IO_URING);
            case "netty-epoll" -> new NettyEcho(port, NettyEcho.Transport.EPOLL);
            case "jdk-selector" -> new SelectorEcho(port);
            case "jdk-aio" -> new AioServer(port);
            default -> throw new IllegalArgumentException("unknown echo server " + kind + "; one of " + KINDS);
        };
    }

    static void main(String[] args) throws Exception {
        if (args.length < 1) {
            throw new IllegalArgumentException("usage: EchoServer KIND [PORT]; KIND one of " + KINDS);
        }
        EchoServer server = start(args[0], args.length > 1 ? Integer.parseInt(args[1]) : 0);
        System.out.println("listening " + server.port());
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            switch (line.strip()) {
                case "gc" -> System.out.println(String.format(Locale.ROOT, "heap %d accepted %d direct %d", HeapInUse.afterFullGc(),
                        server.accepted(), HeapInUse.directInUse()));
                case "alloc" -> System.out.println("alloc " + HeapInUse.allocatedByAllThreads());
                case "stats" -> System.out.println("stats " + server.stats());
                default -> System.out.println("unknown command " + line);
            }
            System.out.flush();
        }
        Thread.currentThread().join(); // standard input closed: serve until killed
    }

    /** The JDK AIO program ({@link AioEcho}, a plain java.* program that also runs on the image) as an in-process server. */
    final class AioServer implements EchoServer {
        private final AioEcho echo;

        AioServer(int port) throws Exception {
            this.echo = AioEcho.start(port);
        }

        @Override
        public int port() {
            return echo.port();
        }

        @Override
        public long accepted() {
            return echo.accepted();
        }

        @Override
        public void close() throws Exception {
            echo.close();
        }
    }
}
