package io.rusticated.unix.testing;

import io.rusticated.spi.BlockingWork;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverEvent;
import io.rusticated.spi.Request;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loop's side of the driver contract, for driving a driver (or the readiness layer) by hand:
 * completions are recorded, "later" ones wait for {@link #nextTurn}, blocking work waits in a list
 * until the test runs it. Single-threaded, as a loop is.
 */
public final class TestContext implements DriverContext {
    /** One completion: its raw result, or its failure. */
    public record Outcome(long raw, Throwable failure, Object payload) {
        public boolean failed() {
            return failure != null;
        }
    }

    /** A request sent to the blocking pool with its work, not run yet. */
    public record Pending(Request op, BlockingWork work) {
    }

    private final Map<Request, Outcome> outcomes = new LinkedHashMap<>();
    private final List<Runnable> later = new ArrayList<>();
    private final List<Pending> blocking = new ArrayList<>();
    private final Map<Request, MemorySegment> scratch = new IdentityHashMap<>();
    private final Map<Request, List<Long>> more = new IdentityHashMap<>();
    private final Map<DriverEvent, Integer> counted = new EnumMap<>(DriverEvent.class);

    /** The outcome of a request, or null while it has none. */
    public Outcome outcome(Request op) {
        return outcomes.get(op);
    }

    public boolean completed(Request op) {
        return outcomes.containsKey(op);
    }

    /** Every request completed so far, in order. */
    public List<Request> completedInOrder() {
        return List.copyOf(outcomes.keySet());
    }

    /** The results a multishot request delivered so far with completeMore, in order. */
    public List<Long> more(Request op) {
        return more.getOrDefault(op, List.of());
    }

    /** Delivers what completeLater and failLater queued, as a loop does at the start of its turn. */
    public void nextTurn() {
        List<Runnable> now = new ArrayList<>(later);
        later.clear();
        now.forEach(Runnable::run);
    }

    /** Requests waiting for the blocking pool, oldest first; the test runs them and calls the driver's completeBlocking. */
    public List<Pending> blocking() {
        return blocking;
    }

    private void record(Request op, Outcome o) {
        if (outcomes.putIfAbsent(op, o) != null) {
            throw new AssertionError(op + " completed twice: first " + outcomes.get(op) + ", then " + o);
        }
    }

    @Override
    public Request takeInFlight(long token) {
        throw new UnsupportedOperationException("tokens are the loop's; this test context has none");
    }

    @Override
    public Request peekInFlight(long token) {
        throw new UnsupportedOperationException("tokens are the loop's; this test context has none");
    }

    @Override
    public void complete(Request op, long raw) {
        record(op, new Outcome(raw, null, null));
    }

    @Override
    public void complete(Request op, long raw, Object payload) {
        record(op, new Outcome(raw, null, payload));
    }

    @Override
    public void completeMore(Request op, long raw, Object payload) {
        if ((op.flags() & Request.MULTISHOT) == 0) {
            throw new AssertionError("completeMore for a request that is not multishot: " + op);
        }
        if (outcomes.containsKey(op)) {
            throw new AssertionError(op + " delivered a result after its final completion " + outcomes.get(op));
        }
        more.computeIfAbsent(op, k -> new ArrayList<>()).add(raw);
    }

    @Override
    public void fail(Request op, Throwable failure) {
        record(op, new Outcome(0, failure, null));
    }

    @Override
    public void completeLater(Request op, long raw) {
        later.add(() -> complete(op, raw));
    }

    @Override
    public void failLater(Request op, Throwable failure) {
        later.add(() -> fail(op, failure));
    }

    @Override
    public boolean hasLaterCompletions() {
        return !later.isEmpty();
    }

    @Override
    public void runBlocking(Request op, BlockingWork work) {
        blocking.add(new Pending(op, work));
    }

    @Override
    public void attachScratch(Request op, MemorySegment memory) {
        scratch.put(op, memory);
    }

    @Override
    public MemorySegment scratch(Request op) {
        return scratch.getOrDefault(op, MemorySegment.NULL);
    }

    @Override
    public int queueEntries() {
        return 256;
    }

    @Override
    public void count(DriverEvent event) {
        counted.merge(event, 1, Integer::sum);
    }

    /** How often the driver counted the event. */
    public int counted(DriverEvent event) {
        return counted.getOrDefault(event, 0);
    }
}
