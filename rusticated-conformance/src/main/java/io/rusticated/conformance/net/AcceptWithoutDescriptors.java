package io.rusticated.conformance.net;

import io.rusticated.net.ConnectOptions;
import io.rusticated.net.Incoming;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopStats;
import io.rusticated.time.Time;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Child of {@link AcceptWithoutDescriptorsTest}, started with a low descriptor limit: listens,
 * prints its port, takes every descriptor left, and once the parent's clients wait in the backlog
 * reports the accept error and how many turns its loop made during an idle wait (a loop that
 * re-arms a failing accept at once turns thousands of times); then frees the descriptors and
 * accepts every client.
 */
public final class AcceptWithoutDescriptors {
    /** The idle wait whose turns are counted: it only bounds a spin, which fills it whatever its length. */
    private static final Duration IDLE = Duration.ofMillis(300);

    /**
     * Runs the paths the test needs once while descriptors are left: a class loaded from a
     * directory of the class path needs one, so none may load for the first time without them.
     */
    private static void warmUp(EventLoop loop, TcpListener listener, Incoming<TcpStream> incoming) throws IOException {
        try (SocketChannel refusing = SocketChannel.open().bind(Peers.ANY_LOOPBACK)) {
            loop.blockOn(TcpStream.connect(loop, (InetSocketAddress) refusing.getLocalAddress(), ConnectOptions.defaults()));
        } catch (RuntimeException refused) {
            // the error path, translated
        }
        TcpStream client = loop.blockOn(TcpStream.connect(loop, listener.localAddress(), ConnectOptions.defaults()));
        loop.blockOn(loop.blockOn(incoming.next()).close());
        loop.blockOn(client.close());
        loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + 1_000_000));
    }

    public static void main(String[] args) throws Exception {
        int clients = Integer.parseInt(args[0]);
        Thread.ofPlatform().daemon().start(() -> { // never outlive the test, whatever happens
            try {
                Thread.sleep(25_000);
            } catch (InterruptedException e) {
                return;
            }
            System.out.println("child timed out");
            System.exit(3);
        });
        Path file = Files.createTempFile("emfile", ".tmp");
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = Loopback.listen(loop);
            Incoming<TcpStream> incoming = listener.incoming(4);
            warmUp(loop, listener, incoming);
            List<FileChannel> fillers = new ArrayList<>();
            try {
                while (true) {
                    fillers.add(FileChannel.open(file));
                }
            } catch (IOException full) {
                // every descriptor is taken
            }
            System.out.println("port " + listener.localAddress().getPort());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in)).readLine(); // the parent connected its clients
            CompletableFuture<TcpStream> first = incoming.next().toCompletableFuture();
            try {
                loop.blockOn(first);
                System.out.println("accepted while out of descriptors?");
            } catch (RuntimeException e) {
                System.out.println("error " + e.getCause());
            }
            LoopStats stats = loop.stats();
            long turnsBefore = stats.get(LoopStats.Counter.KERNEL_ENTERS);
            long submittedBefore = stats.get(LoopStats.Counter.SUBMITTED);
            loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + IDLE.toNanos()));
            System.out.println("turns " + (stats.get(LoopStats.Counter.KERNEL_ENTERS) - turnsBefore)
                    + " submitted " + (stats.get(LoopStats.Counter.SUBMITTED) - submittedBefore));
            for (FileChannel c : fillers) {
                c.close();
            }
            int accepted = 0;
            while (accepted < clients) {
                loop.blockOn(loop.blockOn(incoming.next()).close());
                accepted++;
            }
            System.out.println("recovered " + accepted);
            loop.blockOn(incoming.close());
            loop.blockOn(listener.close());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
