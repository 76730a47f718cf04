package io.rusticated.conformance;

import io.rusticated.process.Child;
import io.rusticated.process.Command;
import io.rusticated.process.ExitStatus;
import io.rusticated.process.Output;
import io.rusticated.process.Redirect;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopClosedException;
import io.rusticated.signal.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Waiting for children: one WAIT_CHILD operation on the child's process handle per child someone
 * waits for, then the status collected without blocking. Exit codes, deaths by signal, a child
 * that is gone before anyone waits, many children ending in another order than they were awaited,
 * and waits that are cancelled or outlived by their loop.
 */
@ExtendWith(LoopPerTest.class)
@Needs(Feature.PROCESSES)
class ChildWaitTest {
    private EventLoop loop; // LoopPerTest's, for the running test

    private <T> T await(CompletionStage<T> stage) {
        return Await.on(loop, stage);
    }

    private static Command shell(String script) {
        return Command.of("/bin/sh", "-c", script);
    }

    @Test
    @Needs(Feature.POSIX_SHELL)
    void exitCodesAreReportedWhole() throws IOException {
        for (int code : new int[] {0, 1, 2, 42, 127, 128, 255}) {
            Child c = shell("exit " + code).spawn(loop);
            ExitStatus s = await(c.waitExit());
            assertThat(s).as("exit %d", code).isEqualTo(new ExitStatus.Exited(code));
            assertThat(s.success()).isEqualTo(code == 0);
            assertThat(c.exitStatus()).contains(s);
            assertThat(await(c.waitChange())).as("after termination waitChange gives the termination").isEqualTo(s);
        }
        Await.idle(loop); // no wait left behind
    }

    /** A child that is no shell script: this JVM's own java, exiting with a code of its choice. */
    @Test
    void aJavaChildsExitCode() throws IOException {
        Child c = ChildJvm.command(ChildJvm.ExitWith.class, "3").spawn(loop);
        assertThat(await(c.waitExit())).isEqualTo(new ExitStatus.Exited(3));
        Await.idle(loop);
    }

    @Test
    @Needs({Feature.POSIX_SHELL, Feature.POSIX_SIGNALS})
    void deathBySignalIsReportedWithTheSignal() throws IOException {
        Child term = Command.of("sleep", "30").spawn(loop);
        Child kill = Command.of("sleep", "30").spawn(loop);
        Child self = shell("kill -USR1 $$").spawn(loop);
        CompletionStage<ExitStatus> termWait = term.waitExit();
        assertThat(term.kill(Signal.TERM)).isTrue();
        assertThat(kill.kill()).isTrue();
        assertThat(await(termWait)).isEqualTo(new ExitStatus.Killed(Signal.TERM, false));
        assertThat(await(kill.waitExit())).isEqualTo(new ExitStatus.Killed(Signal.KILL, false));
        ExitStatus s = await(self.waitExit());
        assertThat(s).isEqualTo(new ExitStatus.Killed(Signal.USR1, false));
        assertThat(s.shellCode()).isEqualTo(128 + Signal.USR1.number());
        assertThat(term.kill(Signal.TERM)).as("a collected child is not signalled").isFalse();
        Await.idle(loop);
    }

    /**
     * The child exits and is a zombie (seen by ps: state Z) before anyone waits: the wait on its
     * process handle completes at once, with the status it left.
     */
    @Test
    @Needs(Feature.POSIX_SHELL)
    void aChildThatExitedBeforeAnyoneWaitsIsReported() throws IOException {
        Child c = shell("exit 9").spawn(loop);
        assertThat(loop.inFlight()).as("no wait before anyone asks").isZero();
        awaitZombie(c.pid());
        assertThat(c.exitStatus()).as("nobody waited yet").isEmpty();
        assertThat(await(c.waitExit())).isEqualTo(new ExitStatus.Exited(9));
        assertThat(await(c.waitExit())).as("asked again").isEqualTo(new ExitStatus.Exited(9));
        Await.idle(loop);
    }

    private void awaitZombie(long pid) throws IOException {
        long deadline = System.nanoTime() + Await.LIMIT.toNanos();
        for (;;) {
            Output ps = await(Command.of("ps", "-o", "stat=", "-p", Long.toString(pid)).output(loop));
            if (ps.stdoutText().trim().startsWith("Z")) {
                return;
            }
            assertThat(System.nanoTime()).as("pid %d never became a zombie; ps says '%s'", pid, ps.stdoutText().trim()).isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }

    /**
     * Fifty children, each waiting for its stdin to close, end one by one in the reverse of the
     * order they were spawned and awaited in; some have two waiters. Each wait completes when its
     * own child ends, with its status, while the children spawned before it still run.
     */
    @Test
    @Needs({Feature.POSIX_SHELL, Feature.PIPES})
    void manyChildrenEndingInAnotherOrderEachReportTheirOwnStatus() throws IOException {
        int n = 50;
        List<Child> children = new ArrayList<>();
        List<CompletableFuture<ExitStatus>> exits = new ArrayList<>();
        List<CompletableFuture<ExitStatus>> changes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Child c = shell("read line; exit " + i).stdin(Redirect.PIPE).spawn(loop);
            children.add(c);
            exits.add(c.waitExit().toCompletableFuture());
            changes.add(i % 3 == 0 ? c.waitChange().toCompletableFuture() : null);
        }
        for (int i = n - 1; i >= 0; i--) {
            await(children.get(i).stdin().close());
            assertThat(await(exits.get(i))).as("child %d", i).isEqualTo(new ExitStatus.Exited(i));
            if (changes.get(i) != null) {
                assertThat(await(changes.get(i))).as("second waiter of child %d", i).isEqualTo(new ExitStatus.Exited(i));
            }
            assertThat(exits.subList(0, i)).as("the children spawned before %d still run", i).noneMatch(CompletableFuture::isDone);
        }
        Await.idle(loop); // every WAIT_CHILD completed with its child
    }

    /**
     * A cancelled wait settles at once; the child goes on, and the other waits, and those asked
     * later, still get its status. The child's own wait operation ends with the child.
     */
    @Test
    @Needs({Feature.POSIX_SHELL, Feature.POSIX_SIGNALS})
    void aCancelledWaitLeavesTheChildToOtherWaits() throws IOException {
        Child c = Command.of("sleep", "30").spawn(loop);
        CompletableFuture<ExitStatus> cancelled = c.waitExit().toCompletableFuture();
        CompletableFuture<ExitStatus> kept = c.waitExit().toCompletableFuture();
        CompletableFuture<ExitStatus> change = c.waitChange().toCompletableFuture();
        loop.runNow();
        assertThat(loop.inFlight()).as("one WAIT_CHILD however many wait").isEqualTo(1);
        assertThat(cancelled.cancel(true)).isTrue();
        assertThat(cancelled).isCancelled();
        change.cancel(true);
        loop.runNow();
        assertThat(kept).isNotDone();
        assertThat(c.exitStatus()).isEmpty();

        CompletableFuture<ExitStatus> alone = c.waitExit().toCompletableFuture();
        alone.cancel(true);
        assertThat(c.kill()).as("the child still runs").isTrue();
        assertThat(await(kept)).isEqualTo(new ExitStatus.Killed(Signal.KILL, false));
        assertThat(await(c.waitExit())).isEqualTo(new ExitStatus.Killed(Signal.KILL, false));
        assertThat(alone).isCancelled();
        Await.idle(loop);
    }

    /** Waits asked from threads other than the loop's, on a dedicated loop, before and after the exit. */
    @Test
    @Needs({Feature.POSIX_SHELL, Feature.THREADS})
    void waitsFromOtherThreadsGetTheStatus() throws Exception {
        EventLoop dedicated = EventLoop.startThread("child-wait-loop");
        try {
            Child c = shell("sleep 0.1; exit 5").spawn(dedicated);
            List<CompletableFuture<ExitStatus>> waits = new ArrayList<>();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                CompletableFuture<ExitStatus> w = new CompletableFuture<>();
                waits.add(w);
                threads.add(Thread.ofPlatform().start(() -> c.waitExit().whenComplete((s, e) -> {
                    if (e != null) {
                        w.completeExceptionally(e);
                    } else {
                        w.complete(s);
                    }
                })));
            }
            for (CompletableFuture<ExitStatus> w : waits) {
                assertThat(w.get(Await.LIMIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(5));
            }
            for (Thread t : threads) {
                t.join();
            }
            assertThat(c.waitExit().toCompletableFuture().get(Await.LIMIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(new ExitStatus.Exited(5));
        } finally {
            dedicated.close();
        }
    }

    /** Closing the loop ends the waits in flight on it (the child goes on, uncollected by it). */
    @Test
    @Needs({Feature.POSIX_SHELL, Feature.POSIX_SIGNALS, Feature.THREADS})
    void closingTheLoopEndsItsWaits() throws Exception {
        EventLoop dedicated = EventLoop.startThread("child-wait-closing");
        Child c = Command.of("sleep", "30").spawn(dedicated);
        try {
            CompletableFuture<ExitStatus> wait = c.waitExit().toCompletableFuture();
            CompletableFuture<Void> armed = new CompletableFuture<>();
            dedicated.execute(() -> armed.complete(null));
            armed.get(Await.LIMIT.toSeconds(), TimeUnit.SECONDS);
            dedicated.close();
            assertThatThrownBy(() -> wait.get(Await.LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .satisfiesAnyOf(
                            e -> assertThat(e).isInstanceOf(CancellationException.class),
                            e -> assertThat(e).isInstanceOf(ExecutionException.class).cause().isInstanceOfAny(CancellationException.class, LoopClosedException.class));
            assertThat(dedicated.inFlight()).isZero();
        } finally {
            c.kill();
        }
        assertThat(await(Command.of("true").status())).as("other loops spawn and wait as before").isEqualTo(new ExitStatus.Exited(0));
    }
}
