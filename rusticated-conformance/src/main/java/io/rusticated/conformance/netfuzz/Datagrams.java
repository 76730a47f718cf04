package io.rusticated.conformance.netfuzz;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;

/**
 * The datagram calls a {@link UdpScript} is made of, as one implementation makes them:
 * rusticated's {@code UdpSocket} on a loop, or the JDK's {@code DatagramChannel}. A socket is an
 * opaque object of the implementation. A receive can wait, so it starts and returns a
 * {@link Pending}; the rest complete before they return.
 */
interface Datagrams extends AutoCloseable {
    /** What a receive or a send gave: the bytes and sender of a datagram, a count, or a failure. */
    record Got(byte[] data, InetSocketAddress from, int count, Throwable failure) {
        static Got failed(Throwable e) {
            return new Got(null, null, 0, e);
        }

        static Got sent(int count) {
            return new Got(null, null, count, null);
        }

        static Got done() {
            return new Got(null, null, 0, null);
        }

        static Got received(byte[] data, InetSocketAddress from) {
            return new Got(data, from, data.length, null);
        }
    }

    /** A receive in progress, and for the JDK the virtual thread blocked in it. */
    record Pending(CompletableFuture<Got> result, Thread thread) {
    }

    /** A new socket bound to 127.0.0.1, port 0. */
    Object open() throws IOException;

    InetSocketAddress address(Object socket) throws IOException;

    Got connect(Object socket, InetSocketAddress to);

    Got disconnect(Object socket);

    Got sendTo(Object socket, InetSocketAddress to, byte[] data);

    Got send(Object socket, byte[] data);

    /** A receive of at most {@code max} bytes: from anyone ({@code connected} false), or the connected peer's ({@code read}). */
    Pending receive(Object socket, int max, boolean connected);

    /** A receive started while nothing can arrive, then cancelled (the JDK cannot withdraw a call: "cancelled" by definition). */
    Got cancelledReceive(Object socket, int max);

    Got close(Object socket);

    /** Returns once the receive is under way. */
    void started(Pending pending);

    /** The receive's outcome; fails the run if it does not come within the limit. */
    Got await(Pending pending);

    /** After every socket is closed: a description of what is left in flight, or null. */
    String leftover();

    @Override
    void close() throws IOException;
}
