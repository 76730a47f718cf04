package io.rusticated.conformance.netfuzz;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The oracle: the JDK's own {@link DatagramChannel} in blocking mode, each receive on a virtual thread of its own (see {@link JdkSockets}). */
final class JdkDatagrams implements Datagrams {
    private final List<Thread> threads = new ArrayList<>();

    private static DatagramChannel channel(Object socket) {
        return (DatagramChannel) socket;
    }

    @Override
    public Object open() throws IOException {
        return DatagramChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    @Override
    public InetSocketAddress address(Object socket) throws IOException {
        return (InetSocketAddress) channel(socket).getLocalAddress();
    }

    @Override
    public Got connect(Object socket, InetSocketAddress to) {
        try {
            channel(socket).connect(to);
            return Got.done();
        } catch (IOException | RuntimeException e) {
            return Got.failed(e);
        }
    }

    @Override
    public Got disconnect(Object socket) {
        try {
            channel(socket).disconnect();
            return Got.done();
        } catch (IOException | RuntimeException e) {
            return Got.failed(e);
        }
    }

    @Override
    public Got sendTo(Object socket, InetSocketAddress to, byte[] data) {
        try {
            return Got.sent(channel(socket).send(ByteBuffer.wrap(data), to));
        } catch (IOException | RuntimeException e) {
            return Got.failed(e);
        }
    }

    @Override
    public Got send(Object socket, byte[] data) {
        try {
            return Got.sent(channel(socket).write(ByteBuffer.wrap(data)));
        } catch (IOException | RuntimeException e) {
            return Got.failed(e);
        }
    }

    @Override
    public Pending receive(Object socket, int max, boolean connected) {
        CompletableFuture<Got> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().name("netfuzz-jdk-udp").start(() -> {
            try {
                ByteBuffer b = ByteBuffer.allocate(max);
                InetSocketAddress from = null;
                if (connected) {
                    channel(socket).read(b);
                } else {
                    from = (InetSocketAddress) channel(socket).receive(b);
                }
                result.complete(Got.received(Arrays.copyOf(b.array(), b.position()), from));
            } catch (Throwable e) {
                result.complete(Got.failed(e));
            }
        });
        threads.add(t);
        return new Pending(result, t);
    }

    @Override
    public Got cancelledReceive(Object socket, int max) {
        return Got.failed(new CancellationException("a blocking receive cannot be withdrawn"));
    }

    @Override
    public Got close(Object socket) {
        try {
            channel(socket).close();
            return Got.done();
        } catch (IOException e) {
            return Got.failed(e);
        }
    }

    @Override
    public void started(Pending pending) {
        long deadline = System.nanoTime() + Run.LIMIT.toNanos();
        for (;;) {
            Thread.State state = pending.thread().getState();
            if (state == Thread.State.WAITING || state == Thread.State.TERMINATED) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("JDK: a receive did not block within " + Run.LIMIT.toSeconds() + " s (state " + state + ")");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Override
    public Got await(Pending pending) {
        try {
            return pending.result().get(Run.LIMIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("JDK: a receive the script expected to complete did not within " + Run.LIMIT.toSeconds() + " s");
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String leftover() {
        return BlockedThreads.leftover(threads, "receives");
    }

    @Override
    public void close() {
    }
}
