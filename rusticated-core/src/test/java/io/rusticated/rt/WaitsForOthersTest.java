package io.rusticated.rt;

import io.rusticated.testing.NoOsDriverFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A loop with nothing in flight parks in Java, unless its driver says completions for others
 * may reach it (IOCP hands on packets of other loops' calls): then it waits in the driver. And a
 * driver can wake its parked loop from another thread.
 */
class WaitsForOthersTest {
    @AfterEach
    void reset() {
        NoOsDriverFactory.waitsForOthers = false;
    }

    private static long waitingPollsOver(long millis) throws InterruptedException {
        long before = NoOsDriverFactory.WAITING_POLLS.get();
        Thread.sleep(millis);
        return NoOsDriverFactory.WAITING_POLLS.get() - before;
    }

    @Test
    void anIdleLoopParksInJavaUnlessItsDriverWaitsForOthers() throws Exception {
        NoOsDriverFactory.waitsForOthers = false;
        EventLoop parked = EventLoop.startThread("parked");
        try {
            Thread.sleep(50);
            assertThat(waitingPollsOver(200)).as("polls of a parked idle loop").isZero();
            NoOsDriverFactory.waitsForOthers = true; // read by the same driver at its loop's next turn
            NoOsDriverFactory.lastContext.wakeLoop();
            assertThat(waitingPollsOver(200)).as("an idle loop whose driver waits for others waits in it").isPositive();
            assertThat(parked.stats().get(LoopStats.Counter.WAKEUPS)).as("woken through the context").isPositive();
        } finally {
            parked.close();
        }
    }
}
