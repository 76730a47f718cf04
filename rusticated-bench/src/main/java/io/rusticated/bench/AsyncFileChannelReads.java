package io.rusticated.bench;

import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.CompletionHandler;
import java.nio.file.OpenOption;
import java.nio.file.StandardOpenOption;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The JDK's {@link AsynchronousFileChannel} as a program opens it (the default thread pool, which
 * on Linux performs each read as a blocking pread on a pool thread and calls the handler there),
 * with {@code depth} reads kept in flight, each reissued from its handler.
 */
final class AsyncFileChannelReads implements Worker {
    private final Spec spec;
    private final AsynchronousFileChannel channel;
    private final Slot[] slots;
    private final Queue<Histogram> perThread = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Histogram> local = ThreadLocal.withInitial(() -> {
        Histogram h = new Histogram();
        perThread.add(h);
        return h;
    });
    private final Offsets offsets;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong issueBudget = new AtomicLong();

    private volatile long deadline;
    private volatile Throwable failure;
    private volatile CountDownLatch windowDone;

    AsyncFileChannelReads(Spec spec, int index) throws Exception {
        this.spec = spec;
        Set<OpenOption> options = spec.direct()
                ? Set.of(StandardOpenOption.READ, com.sun.nio.file.ExtendedOpenOption.DIRECT)
                : Set.of(StandardOpenOption.READ);
        this.channel = AsynchronousFileChannel.open(spec.file(), options, null);
        this.offsets = spec.offsets(index);
        this.slots = new Slot[spec.depth()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(ByteBuffer.allocateDirect(spec.blockSize() + 4096).alignedSlice(4096).limit(spec.blockSize()).slice());
        }
    }

    /** The shared offset sequence, drawn under a lock: handlers run on many pool threads. */
    private long nextOffset() {
        synchronized (offsets) {
            return offsets.next();
        }
    }

    @Override
    public long run(long deadline, long maxOps, Histogram latencies) throws Exception {
        for (Histogram h : perThread) {
            h.reset();
        }
        this.deadline = deadline;
        this.failure = null;
        issueBudget.set(maxOps);
        windowDone = new CountDownLatch(1);
        inFlight.set(1); // held by this thread until every slot is started
        for (Slot s : slots) {
            if (issueBudget.getAndDecrement() > 0) {
                inFlight.incrementAndGet();
                s.issue(System.nanoTime());
            }
        }
        if (inFlight.decrementAndGet() == 0) {
            windowDone.countDown();
        }
        windowDone.await();
        if (failure != null) {
            throw new IllegalStateException("read failed", failure);
        }
        for (Histogram h : perThread) {
            latencies.add(h);
        }
        return latencies.count();
    }

    @Override
    public void close() throws Exception {
        channel.close();
    }

    private final class Slot implements CompletionHandler<Integer, Void> {
        private final ByteBuffer buffer;
        private long issuedAt;

        Slot(ByteBuffer buffer) {
            this.buffer = buffer;
        }

        /** Starts the next read; {@code now} is its issue time (a completion passes its own, as the C reference does). */
        void issue(long now) {
            buffer.clear();
            long at = nextOffset();
            issuedAt = now;
            channel.read(buffer, at, null, this);
        }

        @Override
        public void completed(Integer n, Void attachment) {
            long now = System.nanoTime();
            if (n != spec.blockSize()) {
                failed(new IllegalStateException("short read: " + n), null);
                return;
            }
            local.get().record(now - issuedAt);
            if (failure == null && now - deadline < 0 && issueBudget.getAndDecrement() > 0) {
                issue(now);
            } else if (inFlight.decrementAndGet() == 0) {
                windowDone.countDown();
            }
        }

        @Override
        public void failed(Throwable error, Void attachment) {
            failure = error;
            if (inFlight.decrementAndGet() == 0) {
                windowDone.countDown();
            }
        }
    }
}
