package io.rusticated.conformance;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop's timer heap becomes the driver's wait timeout (io_uring EXT_ARG, epoll_pwait2 or epoll_wait). */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TimerWaitTest {
    @Test
    void sleepNeverEndsEarly() {
        try (EventLoop loop = EventLoop.open()) {
            for (long micros : new long[] {1, 300, 2_500, 20_000}) {
                long start = System.nanoTime();
                loop.blockOn(Time.sleep(Duration.ofNanos(micros * 1000)));
                assertThat(System.nanoTime() - start).as("slept %d µs", micros).isGreaterThanOrEqualTo(micros * 1000);
            }
        }
    }

    /** A long timer pending does not delay I/O completions, and I/O does not fire the timer. */
    @Test
    @Needs({Feature.PIPES, Feature.THREADS})
    void ioCompletesWhileATimerWaits() {
        try (EventLoop loop = EventLoop.open(); TestPipe p = TestPipe.open()) {
            CompletableFuture<Void> longSleep = Time.sleep(Duration.ofMinutes(5)).toCompletableFuture();
            CompletableFuture<Integer> read = File.fromHandle(loop, p.readHandle, Path.of("pipe")).read(Buffer.allocate(8)).toCompletableFuture();
            loop.runNow();
            Thread.ofPlatform().start(() -> p.write("now"));
            assertThat(loop.blockOn(read)).isEqualTo(3);
            assertThat(longSleep).isNotDone();
            longSleep.cancel(true);
        }
    }
}
