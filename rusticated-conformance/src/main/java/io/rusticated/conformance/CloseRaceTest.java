package io.rusticated.conformance;

import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.LoopClosedException;
import io.rusticated.rt.Ops;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Threads keep submitting while a dedicated loop closes: every operation still settles. */
@Needs(Feature.THREADS)
class CloseRaceTest {
    @Test
    void submissionsRacingWithCloseAllSettle() throws Exception {
        for (int round = 0; round < 30; round++) {
            EventLoop loop = EventLoop.startThread("close-race-" + round);
            int threads = 4;
            List<List<CompletableFuture<Void>>> perThread = new ArrayList<>();
            CountDownLatch started = new CountDownLatch(threads);
            List<Thread> submitters = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<CompletableFuture<Void>> mine = new ArrayList<>();
                perThread.add(mine);
                submitters.add(Thread.ofPlatform().start(() -> {
                    started.countDown();
                    for (int i = 0; i < 2000; i++) {
                        FutureOperation<Void> op = Ops.done();
                        loop.submit(op.prepareNop());
                        mine.add(op.future());
                    }
                }));
            }
            started.await();
            loop.close();
            for (Thread t : submitters) {
                t.join();
            }
            int ok = 0;
            int closed = 0;
            for (List<CompletableFuture<Void>> mine : perThread) {
                for (CompletableFuture<Void> f : mine) {
                    try {
                        f.get(5, TimeUnit.SECONDS);
                        ok++;
                    } catch (ExecutionException e) {
                        assertThat(e.getCause()).isInstanceOf(LoopClosedException.class);
                        closed++;
                    } catch (CancellationException e) {
                        closed++;
                    }
                }
            }
            assertThat(ok + closed).isEqualTo(threads * 2000);
            assertThat(loop.inFlight()).isZero();
        }
    }
}
