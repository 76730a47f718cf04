package io.rusticated.conformance.netfuzz;

import io.rusticated.conformance.Failures;
import io.rusticated.io.Buffer;
import io.rusticated.net.Shutdown;
import io.rusticated.net.StreamSocket;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.StandardSocketOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** rusticated's sockets ({@code io.rusticated.net}) on a loop the test thread drives; its reads are plain ones (see {@link PooledSockets}). */
class RusticatedSockets implements Sockets {
    private static final byte GUARD = (byte) 0xA5;

    final EventLoop loop;
    private final RusticatedFamily family;

    RusticatedSockets(EventLoop loop) throws IOException {
        this(loop, RusticatedFamily.tcp(loop));
    }

    RusticatedSockets(EventLoop loop, RusticatedFamily family) {
        this.loop = loop;
        this.family = family;
    }

    static <T> Call call(CompletionStage<T> stage, Function<T, Result> map) {
        return new Call(stage.handle((v, e) -> e == null ? map.apply(v) : Result.failed(Failures.unwrap(e))).toCompletableFuture(), null);
    }

    static StreamSocket<?> stream(Object end) {
        return (StreamSocket<?>) end;
    }

    @Override
    public Call accept() {
        return call(family.listener().accept(), Result::connected);
    }

    @Override
    public Call connect(boolean refused) {
        return call(family.connect(refused), Result::connected);
    }

    /** Cancels a pending stage's own future (the one that reaches the kernel) and waits for the outcome. */
    Result cancelled(CompletionStage<?> pending) {
        CompletableFuture<?> f = pending.toCompletableFuture();
        loop.runNow();
        f.cancel(true);
        return await(call(f, v -> v instanceof StreamSocket<?> s ? Result.connected(s) : Result.done()));
    }

    @Override
    public Result cancelledAccept() {
        Result r = cancelled(family.listener().accept());
        if (r.end != null) {
            loop.blockOn(stream(r.end).close());
        }
        return r;
    }

    @Override
    public Result cancelledConnect() {
        Result r;
        try {
            r = cancelled(family.connectUnanswered());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        if (r.end != null) {
            loop.blockOn(stream(r.end).close());
        }
        return r;
    }

    /** The read must give its buffer back untouched: the guard pattern, nothing filled, not lent. */
    @Override
    public Result cancelledRead(Object end, int max) {
        Buffer b = Buffer.allocate(max);
        b.memory().fill(GUARD);
        Result r = cancelled(stream(end).read(b));
        if (b.isLent()) {
            return Result.failed(new AssertionError("the cancelled read's buffer is still lent"));
        }
        MemorySegment m = b.memory();
        for (long i = 0; i < m.byteSize(); i++) {
            if (m.get(ValueLayout.JAVA_BYTE, i) != GUARD) {
                return Result.failed(new AssertionError("the cancelled read wrote byte " + i + " of its buffer"));
            }
        }
        return b.length() == 0 ? r : Result.failed(new AssertionError("the cancelled read filled " + b.length() + " bytes"));
    }

    @Override
    public Call read(Object end, int max) {
        Buffer b = Buffer.allocate(max);
        return call(stream(end).read(b), n -> n == 0 ? Result.endOfStream() : Result.received(b.toByteArray()));
    }

    @Override
    public Call write(Object end, byte[] data) {
        return call(stream(end).write(Buffer.of(data)), Result::wrote);
    }

    @Override
    public Call writeAll(Object end, byte[] data) {
        return call(stream(end).writeAll(Buffer.of(data)), v -> Result.done());
    }

    @Override
    public Result shutdown(Object end, boolean input) {
        return await(call(stream(end).shutdown(input ? Shutdown.READ : Shutdown.WRITE), v -> Result.done()));
    }

    @Override
    public Result close(Object end) {
        return await(call(stream(end).close(), v -> Result.done()));
    }

    @Override
    public Result closeWithReset(Object end) {
        return await(call(stream(end).closeWithReset(), v -> Result.done()));
    }

    @Override
    public void configure(Object end) throws IOException {
        stream(end).setOption(StandardSocketOptions.SO_SNDBUF, Run.BUFFER_SIZE);
        stream(end).setOption(StandardSocketOptions.SO_RCVBUF, Run.BUFFER_SIZE);
    }

    /**
     * Hands what was submitted to the kernel and lets what completes at once complete: a writeAll
     * goes on with its next write when the previous one came back short, so a few turns pass.
     */
    @Override
    public void started(Call call) {
        loop.runNow();
        loop.blockOn(Time.sleepUntil(loop, System.nanoTime() + 1_000_000));
    }

    @Override
    public Result await(Call call) {
        return LoopCalls.await(loop, call.result);
    }

    @Override
    public String leftover() {
        return LoopCalls.leftover(loop);
    }

    @Override
    public void close() throws IOException {
        family.close();
    }
}
