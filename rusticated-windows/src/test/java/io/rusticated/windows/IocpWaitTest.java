package io.rusticated.windows;

import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverEvent;
import io.rusticated.spi.Request;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the driver waits on its port: the loop's timeout rounded up to whole milliseconds, the wait
 * repeated with what is left when the port returns early, wakeups coalesced into one packet, and a
 * close that cannot drain keeping the port rather than closing it under the kernel.
 */
class IocpWaitTest {
    /** All a driver needs to wait: no requests. */
    private static final class WaitOnlyContext implements DriverContext {
        @Override
        public Request takeInFlight(long token) {
            throw new AssertionError("no request is in flight");
        }

        @Override
        public Request peekInFlight(long token) {
            throw new AssertionError("no request is in flight");
        }

        @Override
        public void complete(Request op, long raw) {
            throw new AssertionError();
        }

        @Override
        public void complete(Request op, long raw, Object payload) {
            throw new AssertionError();
        }

        @Override
        public void completeMore(Request op, long raw, Object payload) {
            throw new AssertionError();
        }

        @Override
        public void fail(Request op, Throwable failure) {
            throw new AssertionError();
        }

        @Override
        public void completeLater(Request op, long raw) {
            throw new AssertionError();
        }

        @Override
        public void failLater(Request op, Throwable failure) {
            throw new AssertionError();
        }

        @Override
        public boolean hasLaterCompletions() {
            return false;
        }

        @Override
        public void runBlocking(Request op, BlockingWork work) {
            throw new AssertionError();
        }

        @Override
        public void attachScratch(Request op, MemorySegment memory) {
            throw new AssertionError();
        }

        @Override
        public MemorySegment scratch(Request op) {
            throw new AssertionError();
        }

        @Override
        public int queueEntries() {
            return 256;
        }

        @Override
        public void wakeLoop() {
        }

        @Override
        public void count(DriverEvent event) {
        }
    }

    @Test
    void theTimeoutIsRoundedUpToWholeMillisecondsAndWaitedOutWhenThePortReturnsEarly() throws Exception {
        StandInWindows windows = new StandInWindows();
        IocpDriver driver = new IocpDriver(new WaitOnlyContext(), windows, windows.clock(), "test");
        try {
            long start = windows.nanos.get();
            driver.poll(1_500_000); // 1.5 ms
            assertThat(windows.waits).as("waits asked of the port").containsExactly(2);
            assertThat(windows.nanos.get() - start).isGreaterThanOrEqualTo(1_500_000);

            windows.waits.clear();
            windows.returnEarly = true; // the port gives up after half of the 10 ms
            start = windows.nanos.get();
            driver.poll(TimeUnit.MILLISECONDS.toNanos(10));
            assertThat(windows.waits).as("the second wait is for what was left").containsExactly(10, 5);
            assertThat(windows.nanos.get() - start).as("poll returned no earlier than its deadline").isGreaterThanOrEqualTo(10_000_000);

            windows.waits.clear();
            driver.poll(0);
            assertThat(windows.waits).as("a poll that must not wait").containsExactly(0);
        } finally {
            driver.close();
        }
    }

    @Test
    void wakeupsFromManyThreadsPostOnePacketUntilItIsDequeued() throws Exception {
        StandInWindows windows = new StandInWindows();
        IocpDriver driver = new IocpDriver(new WaitOnlyContext(), windows, windows.clock(), "test");
        try {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < 1000; i++) {
                        driver.wakeup();
                    }
                }));
            }
            for (Thread t : threads) {
                t.join();
            }
            long port = windows.wakeupsPosted.keySet().iterator().next();
            assertThat(windows.wakeupsPosted.get(port).get()).as("wakeup packets posted for 4000 wakeups").isEqualTo(1);
            driver.poll(-1); // returns with the wakeup
            driver.wakeup();
            assertThat(windows.wakeupsPosted.get(port).get()).as("after the first was dequeued").isEqualTo(2);
            driver.poll(0);
        } finally {
            driver.close();
        }
    }

    /**
     * A call whose cancel the OS never finishes (a console read may never return: "console I/O
     * cannot be canceled reliably"): closing the loop gives up after rusticated.closeDrainSeconds
     * (2 in these tests) and keeps the driver, so the port and the call's block are never freed
     * under the kernel.
     */
    @Test
    void aCloseThatCannotDrainKeepsThePortOpen() throws Exception {
        StandInWindows windows = new StandInWindows();
        long[] pipe = windows.pipe(false, false);
        windows.cancelsNeverFinish = true;
        try (LogRecorder log = new LogRecorder()) {
            EventLoop loop = StandInBackend.openLoop(windows);
            CompletableFuture<Integer> read = loop.read(pipe[0], Buffer.allocate(8), Request.CURRENT_POSITION);
            loop.runNow();
            long start = System.nanoTime();
            loop.close();
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertThat(tookMillis).as("close waited for the drain").isGreaterThanOrEqualTo(1900);
            assertThat(read).isNotDone();
            assertThat(windows.openPorts()).as("ports still open (the driver was kept)").isEqualTo(1);
            assertThat(windows.pendingCalls()).as("the call the kernel still holds").isEqualTo(1);
            assertThat(log.warnings).anyMatch(w -> w.contains("kernel has not completed"));
        }
        windows.cancelsNeverFinish = false;
    }
}
