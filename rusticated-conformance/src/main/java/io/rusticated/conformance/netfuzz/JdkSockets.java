package io.rusticated.conformance.netfuzz;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.spi.SelectorProvider;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The oracle: the JDK's own {@link SocketChannel} and {@link ServerSocketChannel} in blocking mode,
 * each call that can wait made on a virtual thread of its own. A virtual thread blocked in a
 * channel call parks (state WAITING), so the run can tell when a call is under way before the next
 * step, as it can for a loop's operation; a platform thread blocked in {@code read(2)} looks the
 * same as one about to call it.
 *
 * <p>The channels are the stock JDK's even where rusticated's JDK plug-ins are installed: they
 * serve files, the console and asynchronous socket channels, never a {@link SelectorProvider}, and
 * the constructor refuses to run if the selector provider is not java.base's own.
 */
final class JdkSockets implements Sockets {
    private static final long LIMIT_SECONDS = Run.LIMIT.toSeconds();

    private final JdkFamily family;
    private final ServerSocketChannel listener;
    /** A port bound to nothing that listens: connecting is refused. */
    private final SocketChannel refusing;
    private final List<Thread> threads = new ArrayList<>();

    JdkSockets() throws IOException {
        this(JdkFamily.TCP);
    }

    JdkSockets(JdkFamily family) throws IOException {
        SelectorProvider provider = SelectorProvider.provider();
        if (provider.getClass().getModule() != Object.class.getModule()) {
            throw new IllegalStateException("the oracle must be the JDK's own channels, but the selector provider is " + provider.getClass().getName());
        }
        this.family = family;
        listener = family.listen();
        refusing = family.refusing();
    }

    private Call start(Callable<Result> body) {
        CompletableFuture<Result> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().name("netfuzz-jdk").start(() -> {
            try {
                result.complete(body.call());
            } catch (Throwable e) {
                result.complete(Result.failed(e));
            }
        });
        threads.add(t);
        return new Call(result, t);
    }

    private static SocketChannel channel(Object end) {
        return (SocketChannel) end;
    }

    @Override
    public Call accept() {
        return start(() -> Result.connected(listener.accept()));
    }

    @Override
    public Call connect(boolean refused) {
        return start(() -> {
            SocketChannel c = family.open();
            try {
                c.connect(refused ? refusing.getLocalAddress() : listener.getLocalAddress());
                return Result.connected(c);
            } catch (IOException e) {
                c.close();
                throw e;
            }
        });
    }

    @Override
    public Result cancelledAccept() {
        return Result.failed(new CancellationException("a blocking accept cannot be withdrawn"));
    }

    @Override
    public Result cancelledConnect() {
        return Result.failed(new CancellationException("a blocking connect cannot be withdrawn"));
    }

    @Override
    public Result cancelledRead(Object end, int max) {
        return Result.failed(new CancellationException("a blocking read cannot be withdrawn"));
    }

    @Override
    public Call read(Object end, int max) {
        return start(() -> {
            ByteBuffer b = ByteBuffer.allocate(max);
            int n = channel(end).read(b);
            return n < 0 ? Result.endOfStream() : Result.received(Arrays.copyOf(b.array(), n));
        });
    }

    @Override
    public Call write(Object end, byte[] data) {
        return start(() -> Result.wrote(channel(end).write(ByteBuffer.wrap(data))));
    }

    @Override
    public Call writeAll(Object end, byte[] data) {
        return start(() -> {
            ByteBuffer b = ByteBuffer.wrap(data);
            while (b.hasRemaining()) {
                channel(end).write(b);
            }
            return Result.done();
        });
    }

    @Override
    public Result shutdown(Object end, boolean input) {
        try {
            if (input) {
                channel(end).shutdownInput();
            } else {
                channel(end).shutdownOutput();
            }
            return Result.done();
        } catch (IOException e) {
            return Result.failed(e);
        }
    }

    @Override
    public Result close(Object end) {
        try {
            channel(end).close();
            return Result.done();
        } catch (IOException e) {
            return Result.failed(e);
        }
    }

    /** rusticated's closeWithReset as the JDK's channels say it: SO_LINGER 0, then close; on a closed channel just close. */
    @Override
    public Result closeWithReset(Object end) {
        try {
            SocketChannel c = channel(end);
            if (c.isOpen()) {
                c.setOption(StandardSocketOptions.SO_LINGER, 0);
            }
            c.close();
            return Result.done();
        } catch (IOException e) {
            return Result.failed(e);
        }
    }

    @Override
    public void configure(Object end) throws IOException {
        channel(end).setOption(StandardSocketOptions.SO_SNDBUF, Run.BUFFER_SIZE);
        channel(end).setOption(StandardSocketOptions.SO_RCVBUF, Run.BUFFER_SIZE);
    }

    @Override
    public void started(Call call) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LIMIT_SECONDS);
        for (;;) {
            Thread.State state = call.thread.getState();
            if (state == Thread.State.WAITING || state == Thread.State.TERMINATED) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("JDK: a call did not block within " + LIMIT_SECONDS + " s (state " + state + ")");
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    @Override
    public Result await(Call call) {
        try {
            return call.result.get(LIMIT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("JDK: a call the script expected to complete did not within " + LIMIT_SECONDS + " s");
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String leftover() {
        return BlockedThreads.leftover(threads, "calls");
    }

    @Override
    public void close() throws IOException {
        listener.close();
        refusing.close();
    }
}
