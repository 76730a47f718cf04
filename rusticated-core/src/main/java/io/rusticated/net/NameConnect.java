package io.rusticated.net;

import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A connect to a host name: the lookup off the loop, then each resolved address in turn until one
 * accepts. The result's cancel, and the options' timeout (one deadline for the whole, lookup
 * included), stop it at whatever stage it is in: a lookup's result is dropped and no socket is
 * made; an address's connect is cancelled, which closes its socket; no further address is tried.
 */
final class NameConnect {
    private final EventLoop loop;
    private final String host;
    /** What each address's connect is given: the options without the deadline, which is this connect's. */
    private final ConnectOptions perAddress;
    private final CompletableFuture<TcpStream> result = new CompletableFuture<>();
    /**
     * The stage under way (the lookup, or one address's connect), cancelled once the result is
     * settled otherwise. Written on the loop thread; read by a cancel on any thread.
     */
    private volatile CompletableFuture<?> current;

    private NameConnect(EventLoop loop, String host, ConnectOptions options) {
        this.loop = loop;
        this.host = host;
        this.perAddress = options.withTimeout(null);
    }

    static CompletableFuture<TcpStream> start(EventLoop loop, String host, int port, ConnectOptions options) {
        NameConnect c = new NameConnect(loop, host, options);
        c.result.whenComplete((s, e) -> {
            if (e != null) {
                c.cancelCurrent();
            }
        });
        if (options.timeout() != null) {
            CompletableFuture<Void> timer = Time.sleepUntil(loop, System.nanoTime() + options.timeout().toNanos()).toCompletableFuture();
            timer.thenRun(() -> c.result.completeExceptionally(new SocketTimeoutException("connect to " + host + " timed out after " + options.timeout())));
            c.result.whenComplete((s, e) -> timer.cancel(false));
        }
        CompletableFuture<List<InetSocketAddress>> lookup = Net.lookup(loop, host, port).toCompletableFuture();
        c.follow(lookup);
        lookup.whenComplete((all, e) -> {
            if (e != null) {
                c.result.completeExceptionally(Net.cause(e));
            } else {
                c.next(all, 0, null);
            }
        });
        return c.result;
    }

    /** Makes {@code stage} the current one; cancels it at once if the result is settled already (a cancel that came in between). */
    private void follow(CompletableFuture<?> stage) {
        current = stage;
        if (result.isCompletedExceptionally()) {
            stage.cancel(false);
        }
    }

    private void cancelCurrent() {
        CompletableFuture<?> c = current;
        if (c != null) {
            c.cancel(false);
        }
    }

    private void next(List<InetSocketAddress> all, int index, Throwable last) {
        if (result.isDone()) {
            return; // cancelled or timed out during the lookup or the last connect: nothing more is made
        }
        if (index == all.size()) {
            result.completeExceptionally(last != null ? last : new IOException("no address to connect to for " + host));
            return;
        }
        CompletableFuture<TcpStream> connecting = TcpStream.connect(loop, all.get(index), perAddress).toCompletableFuture();
        follow(connecting);
        connecting.whenComplete((s, e) -> {
            if (e == null) {
                if (!result.complete(s)) {
                    s.close(); // connected as the cancel came: nobody will have it
                }
                return;
            }
            next(all, index + 1, Net.cause(e));
        });
    }
}
