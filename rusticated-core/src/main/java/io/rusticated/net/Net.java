package io.rusticated.net;

import io.rusticated.rt.EventLoop;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/** Name lookup, off the loop thread. */
public final class Net {
    private Net() {
    }

    /** {@link #lookup(EventLoop, String, int)} on the {@link EventLoop#current() current} loop. */
    public static CompletionStage<List<InetSocketAddress>> lookup(String host, int port) {
        return lookup(EventLoop.current(), host, port);
    }

    /**
     * Every address of {@code host} with {@code port}, as {@link InetAddress#getAllByName} finds
     * them ({@code /etc/hosts}, the name service, the JDK's cache and resolver providers), looked up
     * on the blocking pool and delivered on the loop. Fails with {@link java.net.UnknownHostException}.
     */
    public static CompletionStage<List<InetSocketAddress>> lookup(EventLoop loop, String host, int port) {
        if (port < 0 || port > 0xFFFF) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        return loop.offload(() -> {
            InetAddress[] all = InetAddress.getAllByName(host);
            List<InetSocketAddress> out = new ArrayList<>(all.length);
            for (InetAddress a : all) {
                out.add(new InetSocketAddress(a, port));
            }
            return List.copyOf(out);
        });
    }

    /** The failure a stage's callback was given, without the {@code CompletionException} a dependent stage wraps it in. */
    static Throwable cause(Throwable e) {
        return e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
    }
}
