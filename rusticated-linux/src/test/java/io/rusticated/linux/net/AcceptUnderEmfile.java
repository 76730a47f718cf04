package io.rusticated.linux.net;

import io.rusticated.net.Incoming;
import io.rusticated.net.ListenOptions;
import io.rusticated.net.TcpListener;
import io.rusticated.net.TcpStream;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopStats;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Child of {@link AcceptUnderEmfileTest}, run under a low RLIMIT_NOFILE: it listens, prints its
 * port, uses up its descriptors, and waits for connections while it cannot accept them; it
 * reports the errors it saw, how many operations the loop submitted and how often it polled the
 * kernel meanwhile (few: it must pause, never spin, neither by accepting again at once nor by a
 * backend that keeps waking up for a listener it cannot accept from), then frees descriptors and
 * accepts everyone who waited.
 */
public final class AcceptUnderEmfile {
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
        try (EventLoop loop = EventLoop.open()) {
            TcpListener listener = TcpListener.bind(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), ListenOptions.defaults());
            Incoming<TcpStream> incoming = listener.incoming(4);
            List<FileChannel> fillers = new ArrayList<>();
            try {
                while (true) {
                    fillers.add(FileChannel.open(Path.of("/dev/null")));
                }
            } catch (IOException full) {
                // every descriptor is taken
            }
            System.out.println("port " + listener.localAddress().getPort());
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            in.readLine(); // the parent connected its clients
            int errors = 0;
            String error = "";
            long submittedBefore = loop.stats().get(LoopStats.Counter.SUBMITTED);
            long pollsBefore = loop.stats().get(LoopStats.Counter.KERNEL_ENTERS);
            long until = System.nanoTime() + 3_000_000_000L;
            while (System.nanoTime() < until) {
                CompletableFuture<TcpStream> f = incoming.next().toCompletableFuture();
                while (!f.isDone() && System.nanoTime() < until) {
                    loop.blockOn(io.rusticated.time.Time.sleepUntil(loop, System.nanoTime() + 50_000_000L));
                }
                if (f.isDone()) {
                    try {
                        f.join();
                        System.out.println("accepted while out of descriptors?");
                    } catch (CompletionException e) {
                        errors++;
                        error = String.valueOf(e.getCause());
                    }
                } else {
                    f.cancel(false);
                    break;
                }
            }
            long submitted = loop.stats().get(LoopStats.Counter.SUBMITTED) - submittedBefore;
            long polls = loop.stats().get(LoopStats.Counter.KERNEL_ENTERS) - pollsBefore;
            System.out.println("errors " + errors + " " + error);
            System.out.println("submitted " + submitted);
            System.out.println("polls " + polls);
            for (FileChannel c : fillers) {
                c.close();
            }
            int accepted = 0;
            while (accepted < clients) {
                TcpStream s = loop.blockOn(incoming.next());
                accepted++;
                loop.blockOn(s.close());
            }
            System.out.println("recovered " + accepted);
            loop.blockOn(incoming.close());
            loop.blockOn(listener.close());
        }
    }
}
