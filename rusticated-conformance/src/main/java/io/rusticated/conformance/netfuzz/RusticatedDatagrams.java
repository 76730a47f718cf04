package io.rusticated.conformance.netfuzz;

import io.rusticated.conformance.Failures;
import io.rusticated.io.Buffer;
import io.rusticated.net.UdpSocket;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** rusticated's {@link UdpSocket}s on a loop the test thread drives. */
final class RusticatedDatagrams implements Datagrams {
    private static final byte GUARD = (byte) 0xA5;

    private final EventLoop loop;

    RusticatedDatagrams(EventLoop loop) {
        this.loop = loop;
    }

    private static UdpSocket udp(Object socket) {
        return (UdpSocket) socket;
    }

    private static <T> CompletableFuture<Got> call(Function<Void, CompletionStage<T>> start, Function<T, Got> map) {
        try {
            return start.apply(null).handle((v, e) -> e == null ? map.apply(v) : Got.failed(Failures.unwrap(e))).toCompletableFuture();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(Got.failed(e));
        }
    }

    @Override
    public Object open() throws IOException {
        return UdpSocket.bind(loop, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @Override
    public InetSocketAddress address(Object socket) throws IOException {
        return udp(socket).localAddress();
    }

    @Override
    public Got connect(Object socket, InetSocketAddress to) {
        return await(call(v -> udp(socket).connect(to), x -> Got.done()));
    }

    @Override
    public Got disconnect(Object socket) {
        return await(call(v -> udp(socket).disconnect(), x -> Got.done()));
    }

    @Override
    public Got sendTo(Object socket, InetSocketAddress to, byte[] data) {
        return await(call(v -> udp(socket).sendTo(Buffer.of(data), to), Got::sent));
    }

    @Override
    public Got send(Object socket, byte[] data) {
        return await(call(v -> udp(socket).send(Buffer.of(data)), Got::sent));
    }

    @Override
    public Pending receive(Object socket, int max, boolean connected) {
        Buffer b = Buffer.allocate(max);
        CompletableFuture<Got> f = connected
                ? call(v -> udp(socket).recv(b), n -> Got.received(b.toByteArray(), null))
                : call(v -> udp(socket).recvFrom(b), r -> Got.received(b.toByteArray(), (InetSocketAddress) r.from()));
        return new Pending(f, null);
    }

    /** The receive must give its buffer back untouched, as {@link RusticatedSockets#cancelledRead} checks a read's. */
    @Override
    public Got cancelledReceive(Object socket, int max) {
        Buffer b = Buffer.allocate(max);
        b.memory().fill(GUARD);
        CompletableFuture<?> f = udp(socket).recvFrom(b).toCompletableFuture();
        loop.runNow();
        f.cancel(true);
        Got r = await(call(v -> f, x -> Got.done()));
        if (b.isLent()) {
            return Got.failed(new AssertionError("the cancelled receive's buffer is still lent"));
        }
        MemorySegment m = b.memory();
        for (long i = 0; i < m.byteSize(); i++) {
            if (m.get(ValueLayout.JAVA_BYTE, i) != GUARD) {
                return Got.failed(new AssertionError("the cancelled receive wrote byte " + i + " of its buffer"));
            }
        }
        return b.length() == 0 ? r : Got.failed(new AssertionError("the cancelled receive filled " + b.length() + " bytes"));
    }

    @Override
    public Got close(Object socket) {
        return await(call(v -> udp(socket).close(), x -> Got.done()));
    }

    @Override
    public void started(Pending pending) {
        loop.runNow();
        loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + 1_000_000));
    }

    @Override
    public Got await(Pending pending) {
        return await(pending.result());
    }

    private Got await(CompletableFuture<Got> f) {
        return LoopCalls.await(loop, f);
    }

    @Override
    public String leftover() {
        return LoopCalls.leftover(loop);
    }

    @Override
    public void close() {
    }
}
