package io.rusticated.bench;

import io.rusticated.fs.File;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.Operation;

import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;

/**
 * {@code depth} reads kept in flight on a loop this thread drives with {@link EventLoop#blockOn},
 * each slot's next read started from its own completion, by one of two paths:
 * <ul>
 * <li>{@link Path#OPERATION}, the low-level one: a reusable {@link Operation} per slot,
 *     resubmitted. Nothing is allocated per read.
 * <li>{@link Path#STAGES}, the everyday one: {@link File#readAt}, the next read started from the
 *     {@code whenComplete} of the one before. Allocates what that API allocates per read (the
 *     operation, its future, the boxed count, the continuation); the handlers themselves are reused.
 * </ul>
 * One future per window tells {@code blockOn} when the window is over.
 */
final class RusticatedReads implements Worker {
    enum Path { OPERATION, STAGES }

    private final Spec spec;
    private final Path path;
    private final EventLoop loop;
    private final File file;
    private final Offsets offsets;
    private final Slot[] slots;

    private Histogram latencies;
    private long deadline;
    private long issueBudget;
    private long completed;
    private int inFlight;
    private Throwable failure;
    private CompletableFuture<Void> windowDone;

    RusticatedReads(Spec spec, int index, Path path) {
        this.spec = spec;
        this.path = path;
        this.loop = EventLoop.open();
        this.file = loop.blockOn(File.open(loop, spec.file(), OpenOptions.readOnly().withDirect(spec.direct())));
        this.offsets = spec.offsets(index);
        this.slots = new Slot[spec.depth()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot(Buffer.allocate(spec.blockSize()));
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
        for (Slot s : slots) {
            if (issueBudget > 0) {
                s.issue(System.nanoTime());
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

    private final class Slot {
        private final Buffer buffer;
        private final Operation read = new Operation() {
            @Override
            protected void complete(long result, Throwable error) {
                completed(result, error);
            }
        };
        private final BiConsumer<Integer, Throwable> then = (n, error) -> completed(n == null ? -1 : n, error);
        private long issuedAt;

        Slot(Buffer buffer) {
            this.buffer = buffer;
        }

        /** Starts the next read; {@code now} is its issue time (a completion passes its own, as the C reference does). */
        void issue(long now) {
            buffer.clear();
            issueBudget--;
            inFlight++;
            issuedAt = now;
            if (path == Path.OPERATION) {
                loop.submit(read.prepareRead(file.handle(), buffer, offsets.next()));
            } else {
                file.readAt(buffer, offsets.next()).whenComplete(then);
            }
        }

        private void completed(long result, Throwable error) {
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
