package io.rusticated.bench;

import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.Operation;

import java.util.concurrent.CompletableFuture;

/**
 * rusticated's low-level path: {@code depth} reusable {@link Operation}s, each resubmitted from its
 * own completion, on a loop this thread drives with {@link EventLoop#blockOn}. Nothing is
 * allocated per read; one future per window tells {@code blockOn} when the window is over.
 */
final class RusticatedReads implements Worker {
    private final Spec spec;
    private final EventLoop loop;
    private final File file;
    private final Offsets offsets;
    private final Read[] reads;

    private Histogram latencies;
    private long deadline;
    private long issueBudget;
    private long completed;
    private int inFlight;
    private Throwable failure;
    private CompletableFuture<Void> windowDone;

    RusticatedReads(Spec spec, int index) {
        this.spec = spec;
        this.loop = EventLoop.open();
        this.file = loop.blockOn(File.open(loop, spec.file(), OpenOptions.readOnly().withDirect(spec.direct())));
        this.offsets = spec.offsets(index);
        this.reads = new Read[spec.depth()];
        for (int i = 0; i < reads.length; i++) {
            reads[i] = new Read(Buffer.allocate(spec.blockSize()));
        }
    }

    String backend() {
        return loop.backend().name();
    }

    @Override
    public long run(long deadline, long maxOps, Histogram latencies) {
        this.latencies = latencies;
        this.deadline = deadline;
        this.issueBudget = maxOps;
        this.completed = 0;
        this.failure = null;
        this.windowDone = new CompletableFuture<>();
        for (Read r : reads) {
            if (issueBudget > 0) {
                r.issue(System.nanoTime());
            }
        }
        if (inFlight == 0) {
            windowDone.complete(null);
        }
        loop.blockOn(windowDone);
        if (failure != null) {
            throw new IllegalStateException("read failed", failure);
        }
        return completed;
    }

    @Override
    public void close() {
        loop.blockOn(file.close());
        loop.close();
    }

    private final class Read extends Operation {
        private final Buffer buffer;
        private long issuedAt;

        Read(Buffer buffer) {
            this.buffer = buffer;
        }

        /** Starts the next read; {@code now} is its issue time (a completion passes its own, as the C reference does). */
        void issue(long now) {
            buffer.clear();
            prepareRead(file.handle(), buffer, offsets.next());
            issueBudget--;
            inFlight++;
            issuedAt = now;
            loop.submit(this);
        }

        @Override
        protected void complete(long result, Throwable error) {
            long now = System.nanoTime();
            inFlight--;
            if (error != null || result != spec.blockSize()) {
                if (failure == null) {
                    failure = error != null ? error : new IllegalStateException("short read: " + result);
                }
            } else {
                latencies.record(now - issuedAt);
                completed++;
            }
            if (failure == null && issueBudget > 0 && now - deadline < 0) {
                issue(now);
            } else if (inFlight == 0) {
                windowDone.complete(null);
            }
        }
    }
}
