package io.rusticated.linux;

import io.rusticated.conformance.Await;
import io.rusticated.spi.DriverEvent;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.LoopStats;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Cancels that meet a full submission queue while the completion queue overflows, aimed at reads
 * on recycled operations ({@link EventLoop#read}) whose completions wait in the same reap, and
 * whose continuations issue the next read on the operation just recycled. A cancel reaches only
 * the request it was asked for: a request nobody cancelled never ends cancelled.
 *
 * <p>Each round writes one byte into every pipe, so all reads complete together, more than the
 * CQ holds. Each read's continuation reads again and cancels the next pipe's read, whose
 * completion is usually the next one to reap; two SQEs per continuation fill a 16-entry SQ every
 * eight. A cancel that finds the SQ full even after a flush waits in the driver's backlog for the
 * next turn, by which time its read has been reaped and its operation serves a new read. Only a
 * kernel that refuses submissions while its CQ is backed up leaves the SQ full after a flush
 * (5.11 answers EBUSY); 6.x takes every SQE published, so here the cancels go out at once.
 * Forcing every cancel through the backlog made this test fail while the backlog kept operations.
 */
class CancelWithFullQueuesTest {
    private static final int RING = 16;
    private static final int PIPES = 128;
    private static final int ROUNDS = 30;

    @Test
    void aQueuedCancelNeverReachesTheNextRequestOfARecycledOperation() {
        EventLoop loop = SmallRing.open(RING, EventLoop::open);
        Pipe[] pipes = new Pipe[0];
        Chains chains = null;
        try {
            assumeTrue(loop.backend().name().equals("io_uring"), "the SQ, the CQ and the cancel backlog are io_uring's");
            pipes = new Pipe[PIPES];
            for (int i = 0; i < PIPES; i++) {
                pipes[i] = Pipe.open();
            }
            chains = new Chains(loop, pipes);
            for (int round = 1; round <= ROUNDS; round++) {
                chains.round(round);
            }
            assertThat(chains.failures).isEmpty();
            assertThat(chains.cancelledUnasked).as("requests cancelled though nobody cancelled them").isEmpty();
            assertThat(chains.received).isEqualTo((long) ROUNDS * PIPES);
            LoopStats stats = loop.stats();
            assertThat(stats.get(LoopStats.Counter.CANCELS)).as("cancels sent, %s", stats).isPositive();
            assertThat(stats.get(DriverEvent.SUBMISSION_QUEUE_FULL)).as("cancels and reads met a full SQ, %s", stats).isPositive();
            assertThat(stats.get(DriverEvent.COMPLETION_OVERFLOW)).as("the CQ overflowed, %s", stats).isPositive();
        } finally {
            if (chains != null) {
                chains.stopped = true;
            }
            loop.close(); // cancels the reads before their pipes close
            for (Pipe p : pipes) {
                if (p != null) {
                    p.close();
                }
            }
        }
    }

    /** One chain of reads per pipe; loop thread only. */
    private static final class Chains {
        final EventLoop loop;
        final Pipe[] pipes;
        final Buffer[] buffers;
        final List<CompletableFuture<Integer>> current;
        final Set<CompletableFuture<Integer>> cancelAsked = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<String> cancelledUnasked = new ArrayList<>();
        final List<Throwable> failures = new ArrayList<>();
        long received;
        long expected;
        /** Set before the loop closes: its cancels are not the test's, and no read follows them. */
        boolean stopped;
        CompletableFuture<Void> roundDone;

        Chains(EventLoop loop, Pipe[] pipes) {
            this.loop = loop;
            this.pipes = pipes;
            this.buffers = new Buffer[pipes.length];
            this.current = new ArrayList<>(Collections.nCopies(pipes.length, null));
            for (int i = 0; i < pipes.length; i++) {
                buffers[i] = Buffer.allocate(8);
                read(i);
            }
        }

        void round(int round) {
            expected = (long) round * pipes.length;
            roundDone = new CompletableFuture<>();
            for (Pipe p : pipes) {
                p.write(new byte[]{(byte) round});
            }
            try {
                Await.on(loop, roundDone);
            } catch (RuntimeException e) {
                throw new AssertionError("round " + round + ": " + received + " of " + expected + " bytes read, " + loop.stats(), e);
            }
        }

        void read(int i) {
            CompletableFuture<Integer> f = loop.read(pipes[i].readFd, buffers[i].clear(), -1);
            current.set(i, f);
            f.whenComplete((n, e) -> completed(i, f, n, e));
        }

        void completed(int i, CompletableFuture<Integer> f, Integer n, Throwable e) {
            Throwable cause = e instanceof CompletionException ? e.getCause() : e;
            if (cause != null && !(cause instanceof CancellationException)) {
                failures.add(cause);
                return;
            }
            if (stopped) {
                return;
            }
            read(i); // the next request, on the operation f's completion has just recycled
            if (cause != null) {
                if (!cancelAsked.contains(f)) {
                    cancelledUnasked.add("pipe " + i + " after " + received + " bytes");
                }
                return;
            }
            received += n;
            CompletableFuture<Integer> next = current.get((i + 1) % pipes.length);
            cancelAsked.add(next); // before cancel(), which may deliver at once
            next.cancel(true);
            if (received == expected) {
                roundDone.complete(null);
            }
        }
    }
}
