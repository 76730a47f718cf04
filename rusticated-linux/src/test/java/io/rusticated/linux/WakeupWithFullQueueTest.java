package io.rusticated.linux;

import io.rusticated.conformance.Await;
import io.rusticated.spi.DriverEvent;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopStats;
import io.rusticated.rt.Operation;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The io_uring loop re-arms its wakeup read (an eventfd read) before it may sleep in
 * io_uring_enter without a deadline, even when that turn begins with the submission queue exactly
 * full of entries not yet handed to the kernel.
 *
 * <p>The turn that reaps the wakeup's completion must not run the task that caused it (a turn that
 * ran tasks never waits, and its io_uring_enter submits the queue): here another thread pushes
 * that task while the loop is inside a completion callback, so the eventfd is written after the
 * turn's io_uring_enter and the task runs at the start of the next turn, before the read's
 * completion is reaped. In that same reap a NOP's callback submits one pipe read per SQ entry.
 * The turn after that has nothing to run and waits for the kernel: another thread's
 * {@code execute()} must wake it.
 */
class WakeupWithFullQueueTest {
    private static final int RING = 16;
    /** io_uring_enter's number is the same on every architecture (the generic syscall table). */
    private static final String IN_IO_URING_ENTER = "426 ";
    private static final long HANG_SECONDS = 10;

    /** A NOP that runs an action when it completes, on the loop thread. */
    private static final class Nop extends Operation {
        private final Runnable then;

        Nop(Runnable then) {
            this.then = then;
            prepareNop();
        }

        @Override
        protected void complete(long result, Throwable failure) {
            then.run();
        }
    }

    @Test
    void anotherThreadsTaskWakesTheLoopAfterAReapThatFilledTheSubmissionQueue() throws Exception {
        EventLoop loop = SmallRing.open(RING, EventLoop::open);
        Pipe[] pipes = new Pipe[0];
        try {
            assumeTrue(loop.backend().name().equals("io_uring"), "the wakeup read and the SQ are io_uring's");
            pipes = new Pipe[SmallRing.sqEntries(loop.backend())];
            for (int i = 0; i < pipes.length; i++) {
                pipes[i] = Pipe.open();
            }
            fillTheQueueThenExecuteFromAnotherThread(loop, pipes);
        } finally {
            loop.close(); // cancels the reads before their pipes close
            for (Pipe p : pipes) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    private static void fillTheQueueThenExecuteFromAnotherThread(EventLoop loop, Pipe[] pipes) throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        @SuppressWarnings({"unchecked", "rawtypes"})
        CompletableFuture<Integer>[] reads = new CompletableFuture[pipes.length];
        Runnable fillTheQueue = () -> loop.submit(new Nop(() -> {
            for (int i = 0; i < pipes.length; i++) {
                reads[i] = loop.read(pipes[i].readFd, Buffer.allocate(8), -1);
            }
        }));

        loop.runNow(); // arms the wakeup read
        loop.submit(new Nop(() -> {
            // The eventfd is written now, after this turn's io_uring_enter: its read completes
            // in the next turn's, after that turn has run fillTheQueue.
            Thread t = Thread.ofPlatform().start(() -> loop.execute(fillTheQueue));
            try {
                t.join();
            } catch (InterruptedException e) {
                failure.set(e);
            }
        }));
        loop.runNow();
        loop.runNow(); // runs fillTheQueue, then reaps the NOP and the wakeup read together
        assertThat(failure.get()).isNull();
        assertThat(reads).as("one read per SQ entry, submitted from the NOP's callback").doesNotContainNull();
        assertThat(loop.stats().get(DriverEvent.SUBMISSION_QUEUE_FULL)).as("the reads filled the SQ without a flush").isZero();

        String loopThread = threadSelf();
        CompletableFuture<Void> ran = new CompletableFuture<>();
        AtomicBoolean rescued = new AtomicBoolean();
        Thread other = Thread.ofPlatform().name("wakeup-test-executor").start(() -> {
            try {
                awaitInIoUringEnter(loopThread);
                loop.execute(() -> {
                    ran.complete(null);
                    pipes[0].write("x".getBytes(StandardCharsets.US_ASCII));
                });
                ran.get(HANG_SECONDS, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                // A hang detector, not a speed check: end the loop's sleep with a completion.
                rescued.set(true);
                pipes[0].write("y".getBytes(StandardCharsets.US_ASCII));
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        loop.blockOn(ran); // the loop sleeps in io_uring_enter: only its wakeup read can end that
        other.join();
        assertThat(failure.get()).isNull();
        assertThat(rescued.get())
                .as("a task another thread executed did not run for %d s, until a pipe read completed: the loop slept in "
                        + "io_uring_enter with its wakeup read not armed", HANG_SECONDS)
                .isFalse();
        assertThat(Await.on(loop, reads[0])).isEqualTo(1);
        for (int i = 1; i < reads.length; i++) {
            assertThat(reads[i]).as("read %d waits for data", i).isNotDone();
        }
    }

    /** This thread's /proc/self/task entry ("pid/task/tid"). */
    private static String threadSelf() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self")).toString();
    }

    /** Waits until the thread is inside io_uring_enter (so past its turn's look at the task queue). */
    private static void awaitInIoUringEnter(String thread) throws IOException, InterruptedException {
        Path syscall = Path.of("/proc", thread, "syscall");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS);
        while (!Files.readString(syscall).startsWith(IN_IO_URING_ENTER)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the loop thread never entered io_uring_enter: " + Files.readString(syscall));
            }
            Thread.sleep(1);
        }
    }
}
