package io.rusticated.linux.reliability;

import io.rusticated.spi.DriverEvent;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopStats;
import io.rusticated.rt.Operation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More operations in flight than the submission and completion queues hold, from one thread and
 * from eight: nothing lost, nothing completed twice. On io_uring the completion queue overflows
 * into the kernel's backlog and the driver's flush of it is counted.
 */
class OverloadTest {
    private String savedEntries;

    @BeforeEach
    void smallRing() {
        savedEntries = System.getProperty("rusticated.ring.entries");
        System.setProperty("rusticated.ring.entries", "16");
    }

    @AfterEach
    void restore() {
        if (savedEntries == null) {
            System.clearProperty("rusticated.ring.entries");
        } else {
            System.setProperty("rusticated.ring.entries", savedEntries);
        }
    }

    /** A NOP that counts its own deliveries. */
    private static final class CountedNop extends Operation {
        final int id;
        final AtomicIntegerArray deliveries;
        final CountDownLatch done;

        CountedNop(int id, AtomicIntegerArray deliveries, CountDownLatch done) {
            this.id = id;
            this.deliveries = deliveries;
            this.done = done;
        }

        @Override
        protected void complete(long result, Throwable failure) {
            if (failure != null) {
                throw new AssertionError("NOP " + id + " failed", failure);
            }
            deliveries.incrementAndGet(id);
            done.countDown();
        }
    }

    @Test
    void twentyThousandOperationsThroughASixteenEntryRing() throws Exception {
        int n = 20_000;
        AtomicIntegerArray deliveries = new AtomicIntegerArray(n);
        CountDownLatch done = new CountDownLatch(n);
        try (EventLoop loop = EventLoop.open()) {
            for (int i = 0; i < n; i++) {
                loop.submit(new CountedNop(i, deliveries, done).prepareNop());
            }
            while (done.getCount() > 0) {
                loop.runNow();
            }
            for (int i = 0; i < n; i++) {
                assertThat(deliveries.get(i)).as("deliveries of NOP %d", i).isEqualTo(1);
            }
            assertThat(loop.inFlight()).isZero();
            if (loop.backend().name().equals("io_uring")) {
                assertThat(loop.stats().get(DriverEvent.SUBMISSION_QUEUE_FULL)).as("SQ full flushes").isPositive();
                assertThat(loop.stats().get(DriverEvent.COMPLETION_OVERFLOW)).as("CQ overflow flushes").isPositive();
            }
        }
    }

    @Test
    void eightThreadsOverloadOneLoop() throws Exception {
        int threads = 8;
        int perThread = 5_000;
        int n = threads * perThread;
        AtomicIntegerArray deliveries = new AtomicIntegerArray(n);
        CountDownLatch done = new CountDownLatch(n);
        EventLoop loop = EventLoop.startThread("overload-loop");
        try {
            CountDownLatch start = new CountDownLatch(1);
            AtomicLong submitted = new AtomicLong();
            Thread[] submitters = new Thread[threads];
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                submitters[t] = Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int i = 0; i < perThread; i++) {
                        loop.submit(new CountedNop(base + i, deliveries, done).prepareNop());
                        submitted.incrementAndGet();
                    }
                });
            }
            start.countDown();
            for (Thread t : submitters) {
                t.join();
            }
            assertThat(done.await(30, TimeUnit.SECONDS)).as("all %d operations completed", n).isTrue();
            for (int i = 0; i < n; i++) {
                assertThat(deliveries.get(i)).as("deliveries of NOP %d", i).isEqualTo(1);
            }
            assertThat(submitted.get()).isEqualTo(n);
            assertThat(loop.stats().get(LoopStats.Counter.WAKEUPS)).as("coalesced wakeups").isLessThan(n);
        } finally {
            loop.close();
        }
        assertThat(loop.isClosed()).isTrue();
    }
}
