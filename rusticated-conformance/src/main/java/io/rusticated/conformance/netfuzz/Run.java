package io.rusticated.conformance.netfuzz;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Plays a {@link Script} on one implementation and writes down what each step gave: the
 * transcript both implementations must agree on.
 *
 * <p>A run keeps a model of each connection made only of what the script decides (sizes, the order
 * of steps) and of results both transcripts already agreed on, never of timing: how many bytes
 * each end wrote and read, what it shut down, whether the peer's FIN or RST reached it, which calls
 * are pending. The model says when a call completes at once and when it waits for a later step
 * (a read with nothing to receive, a write the peer's buffers cannot take); a waiting call is
 * settled, in the order it was started, by the first step after which the model says it can
 * complete. Where the kernel leaves an outcome to timing, the transcript writes down what every
 * allowed outcome shares (the normalisations below, each with its reason); everything else must
 * match exactly: counts of bytes, end of stream, exception class and message.
 *
 * <p>Every byte received is checked against what was sent at that offset of that connection (a
 * pattern of the connection, direction and offset), so a lost, doubled or misplaced byte fails the
 * run where it happens.
 */
final class Run {
    /**
     * Bytes in flight one way that certainly sit in the receiver's queue: with 16 KiB SO_SNDBUF and
     * SO_RCVBUF set on both ends after connecting, the receiver takes about 20 KiB (measured here).
     * A write that keeps the bytes in flight within this completes at once, and a reset does not
     * lose them (they were delivered).
     */
    static final int FITS = 12 * 1024;
    /** SO_SNDBUF and SO_RCVBUF of every connection (the kernel doubles them; fixed sizes turn autotuning off). */
    static final int BUFFER_SIZE = 16 * 1024;
    /** How long a call the model says completes may take before the run fails. */
    static final Duration LIMIT = Duration.ofSeconds(10);
    /**
     * Bytes in flight one way that certainly do not fit: both ends' buffers together hold about
     * 80 KiB. A write still owing more than this when its writer closes certainly was pending.
     */
    static final int CERTAINLY_FULL = 160 * 1024;
    private static final int LARGE_MIN = 200 * 1024;
    private static final int LARGE_SPAN = 400 * 1024;
    private static final int MAX_READ = 64 * 1024;

    /** The failures a write to a peer that is gone may see, depending on which call met the reset first. */
    private static final Set<String> PEER_GONE = Set.of("java.io.IOException: Broken pipe", "java.io.IOException: Connection reset by peer");

    private final Sockets world;
    private final String name;
    /** Unix-domain streams: a shutdown of reading shuts the peer's writing too (see {@link End#writingShutByPeer}). */
    private final boolean unixStream;
    /**
     * One of the implementations compared reads ahead of the script (a stream of reads): a peer's
     * reset, which the OS reports once, may be taken by such a read before a write of the
     * script's meets it, so both transcripts write down what either order gives.
     */
    private final boolean readsAhead;
    private final List<String> transcript = new ArrayList<>();
    private final End[][] pairs = new End[Script.PAIRS][];
    private int connections;
    private int step;

    private Run(Sockets world, String name, boolean unixStream, boolean readsAhead) {
        this.world = world;
        this.name = name;
        this.unixStream = unixStream;
        this.readsAhead = readsAhead;
    }

    /** The transcript of {@code script} on {@code world} (TCP). */
    static List<String> of(Script script, Sockets world, String name) {
        return of(script, world, name, false);
    }

    /** The transcript of {@code script} on {@code world}, whose streams are Unix-domain ones if {@code unixStream}. */
    static List<String> of(Script script, Sockets world, String name, boolean unixStream) {
        return of(script, world, name, unixStream, false);
    }

    /** As {@link #of(Script, Sockets, String, boolean)}, compared with an implementation that reads ahead if {@code readsAhead}. */
    static List<String> of(Script script, Sockets world, String name, boolean unixStream, boolean readsAhead) {
        Run run = new Run(world, name, unixStream, readsAhead);
        try {
            for (Step s : script.steps) {
                run.play(s);
                run.settle();
                run.step++;
            }
            run.closeEverything();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\n  at step " + run.step + ": " + (run.step < script.steps.size() ? script.steps.get(run.step) : "closing everything")
                    + "\n  transcript so far:\n    " + String.join("\n    ", run.transcript), e);
        }
        return run.transcript;
    }

    /** One end of a connection as the model knows it. */
    private static final class End {
        final Object handle;
        final int connection;
        final int side;
        End peer;
        boolean closed;
        boolean outShut;
        boolean inShut;
        /** Bytes this end's writes handed over; a pending writeAll counts whole. */
        long written;
        /** Bytes this end received. */
        long read;
        /** How many of this end's written bytes reach the peer is not known (a write cut short, a reset dropping queued bytes). */
        boolean lossy;
        boolean finArrived;
        boolean rstArrived;
        /** The peer's socket is gone: a write here is answered with a reset. */
        boolean peerClosed;
        /** A read here ended (end of stream or a failure): later reads end at once too. */
        boolean ended;
        /**
         * How this end's stream ends is left to timing, so a read here may see the end of the
         * stream or a reset: the peer's reset arrived while a write here was pending (the OS
         * reports a reset once, to whichever call asks first), or the peer closed with a call of
         * its own pending (the JDK's channel then closes its socket only once that call has
         * returned, while rusticated's close completes when the socket is closed, so a write here
         * may meet a closed socket, whose reset ends this end's stream quietly after the FIN, or a
         * socket still open with the write unread, whose close then resets it), the peer shut
         * down both ways (see {@link Run#peerMayReset}), or the peer shut down writing with bytes
         * still queued (its FIN waits behind them, so a later reset may come before it or after).
         */
        boolean resetRace;
        /**
         * A Unix stream whose peer shut down reading: Linux shuts this end's writing with it
         * (unix_shutdown), so a write pending here fails with "Broken pipe" once the kernel looks
         * at it again. A keyless wake-up makes io_uring look at once; the JDK's virtual thread,
         * parked on its poller for POLLOUT, is not woken (nothing in the socket's poll mask
         * changed) and fails only with what ends the write later.
         */
        boolean writingShutByPeer;
        Pending pendingRead;
        Pending pendingWrite;

        End(Object handle, int connection, int side) {
            this.handle = handle;
            this.connection = connection;
            this.side = side;
        }

        long unread() {
            return peer.written - read;
        }

        /** A read here would wait for a later step. */
        boolean readWouldWait() {
            return unread() == 0 && !closed && !inShut && !finArrived && !rstArrived && !ended;
        }

        @Override
        public String toString() {
            return "connection " + connection + (side == 0 ? " (connecting end)" : " (accepted end)");
        }
    }

    /** A call left pending by the step that started it. */
    private record Pending(Call call, int step, String what, int max) {
    }

    private void record(String line) {
        transcript.add(String.format("%3d %s", step, line));
    }

    private void play(Step s) {
        switch (s.kind()) {
            case OPEN -> open(s);
            case CONNECT_REFUSED -> {
                Result r = world.await(world.connect(true));
                if (r.end != null) {
                    world.close(r.end);
                }
                record(s + " -> " + r);
            }
            case CONNECT_CANCELLED -> record(s + " -> " + world.cancelledConnect());
            case ACCEPT_CANCELLED -> record(s + " -> " + world.cancelledAccept());
            default -> {
                End[] pair = pairs[s.pair()];
                if (pair == null) {
                    record(s + " -> skipped (no connection)");
                    return;
                }
                End e = pair[s.side()];
                switch (s.kind()) {
                    case WRITE_ALL_SMALL, WRITE_SMALL, WRITE_ALL_LARGE -> write(s, e);
                    case READ -> read(s, e);
                    case DRAIN -> drain(s, e);
                    case SHUTDOWN_OUTPUT -> shutdownOutput(s, e);
                    case SHUTDOWN_INPUT -> shutdownInput(s, e);
                    case CLOSE -> close(s, e, false);
                    case CLOSE_RESET -> close(s, e, true);
                    case CANCEL_READ -> cancelRead(s, e);
                    default -> throw new AssertionError(s);
                }
            }
        }
    }

    private void open(Step s) {
        int slot = freeSlot(s.pair());
        if (slot < 0) {
            record(s + " -> skipped (no free slot)");
            return;
        }
        Result client;
        Result server;
        if (s.side() == 0) {
            Call accept = world.accept();
            world.started(accept);
            client = world.await(world.connect(false));
            server = world.await(accept);
        } else {
            client = world.await(world.connect(false));
            server = world.await(world.accept());
        }
        String line = s + " -> " + client + ", " + server;
        if (client.end == null || server.end == null) {
            if (client.end != null) {
                world.close(client.end);
            }
            if (server.end != null) {
                world.close(server.end);
            }
            record(line);
            return;
        }
        try {
            world.configure(client.end);
            world.configure(server.end);
        } catch (IOException e) {
            throw new AssertionError(name + ": setting the buffer sizes failed", e);
        }
        int connection = connections++;
        End c = new End(client.end, connection, 0);
        End a = new End(server.end, connection, 1);
        c.peer = a;
        a.peer = c;
        pairs[slot] = new End[] {c, a};
        record(line + " as p" + slot);
    }

    /** The slot asked for if it is free, else the first free one; a slot is free once both ends closed and settled. */
    private int freeSlot(int wanted) {
        for (int i = 0; i < Script.PAIRS; i++) {
            int slot = (wanted + i) % Script.PAIRS;
            End[] pair = pairs[slot];
            if (pair == null || (isDone(pair[0]) && isDone(pair[1]))) {
                return slot;
            }
        }
        return -1;
    }

    private static boolean isDone(End e) {
        return e.closed && e.pendingRead == null && e.pendingWrite == null;
    }

    // ---------------------------------------------------------------- writes

    private void write(Step s, End e) {
        if (e.pendingWrite != null) {
            record(s + " -> skipped (a write is pending)");
            return;
        }
        boolean large = s.kind() == Step.Kind.WRITE_ALL_LARGE;
        // Where the peer's reads are not counted (this end's stream is lossy) none are in flight for the model.
        long inFlight = e.lossy ? 0 : e.written - e.peer.read;
        int n = large ? LARGE_MIN + s.random() % LARGE_SPAN : 1 + (int) (s.random() % Math.max(1, FITS - inFlight));
        byte[] data = Pattern.bytes(e.connection, e.side, e.written, n);
        boolean peerGone = e.peerClosed || e.rstArrived;
        e.resetRace |= peerGone && readsAhead; // a read run ahead may have taken the reset this write meets
        if (s.kind() == Step.Kind.WRITE_SMALL) {
            Result r = world.await(world.write(e.handle, data));
            if (r.ok() && !peerGone) {
                e.written += r.count;
            } else if (peerGone) {
                e.written += n; // sent or not, nobody reads it: counted alike in both runs
                e.lossy = true;
            }
            record(s + " " + n + " B -> " + writeOutcome(e, r));
            return;
        }
        Call call = world.writeAll(e.handle, data);
        boolean waits = large && !e.closed && !e.outShut && !peerGone;
        e.written += n;
        if (waits) {
            world.started(call);
            e.pendingWrite = new Pending(call, step, s + " " + n + " B", 0);
            record(s + " " + n + " B -> pending");
            return;
        }
        Result r = world.await(call);
        if (!r.ok()) {
            e.lossy = true;
        }
        record(s + " " + n + " B -> " + writeOutcome(e, r));
    }

    /**
     * A write that completed at once, normalised where the peer is gone: the first write after the
     * peer closed is sent (the peer answers it with a reset), the next ones fail, and the failure
     * is "Connection reset by peer" or "Broken pipe" depending on which call met the reset first;
     * so the transcript says only that it completed or met the peer's absence. Writing after this
     * end shut down writing fails with a {@link ClosedChannelException} in both of the JDK's channel
     * families (SocketChannel's is its subclass AsynchronousCloseException, thrown from the finally
     * block of its write; AsynchronousSocketChannel's is a plain one), so that is what is compared.
     */
    private String writeOutcome(End e, Result r) {
        if (!e.closed && e.outShut && r.failure instanceof ClosedChannelException) {
            return "fail ClosedChannelException (after shutdown of writing)";
        }
        if (!e.closed && (e.peerClosed || e.rstArrived || peerMayReset(e)) && (r.ok() || PEER_GONE.contains(failureText(r)))) {
            return "completed or peer gone";
        }
        return r.toString();
    }

    /** A failure as "class: message". */
    private static String failureText(Result r) {
        return r.failure == null ? "" : r.failure.getClass().getName() + ": " + r.failure.getMessage();
    }

    // ---------------------------------------------------------------- reads

    private void read(Step s, End e) {
        if (e.pendingRead != null) {
            record(s + " -> skipped (a read is pending)");
            return;
        }
        int max = 1 + s.random() % MAX_READ;
        if (e.readWouldWait()) {
            Call call = world.read(e.handle, max);
            world.started(call);
            e.pendingRead = new Pending(call, step, s + " " + max + " B", max);
            record(s + " " + max + " B -> pending");
            return;
        }
        record(s + " " + max + " B -> " + finishRead(e, max, null));
    }

    /**
     * Reads as much as the step asked for, or the stream's end. A read returns what has arrived
     * when it runs, which depends on timing, so the run reads on until it has
     * {@code min(max, bytes the peer wrote and this end has not read)} (the same in both
     * implementations) and writes down only that sum. Where the peer's count is not known (see
     * {@link End#lossy}) it reads on to the end of the stream or a failure and writes down only
     * that: how many bytes came first depends on how many the kernel had queued.
     */
    private String finishRead(End e, int max, Call first) {
        boolean known = !e.peer.lossy;
        long want = known ? Math.min(max, e.unread()) : Long.MAX_VALUE;
        long got = 0;
        Call call = first;
        for (;;) {
            if (call == null) {
                call = world.read(e.handle, (int) Math.min(max, Math.max(1, want - got)));
            }
            Result r = world.await(call);
            call = null;
            if (r.isData()) {
                Pattern.check(name, e.toString(), e.peer.connection, e.peer.side, e.read, e.peer.written, r.data);
                e.read += r.data.length;
                got += r.data.length;
                if (known && got >= want) {
                    return "data " + got;
                }
                continue;
            }
            e.ended = true;
            if (!known) {
                if (r.count == -1) {
                    e.read = e.peer.written; // all that will ever arrive was read: nothing unread turns a close into a reset
                }
                return "(data) then " + ending(e, r);
            }
            return got > 0 ? "data " + got + " then " + ending(e, r) : ending(e, r);
        }
    }

    /** How a read ended, the same for the end of the stream and a reset where a pending write may have taken the reset. */
    private static String ending(End e, Result r) {
        if (e.resetRace && (r.count == -1 || failureText(r).equals("java.net.SocketException: Connection reset"))) {
            return "eof or reset (a pending write may have met the reset first)";
        }
        return r.toString();
    }

    private void drain(Step s, End e) {
        if (e.pendingRead != null) {
            record(s + " -> skipped (a read is pending)");
            return;
        }
        if (e.readWouldWait()) {
            record(s + " -> skipped (nothing to receive)");
            return;
        }
        String outcome;
        if (e.peer.lossy || e.unread() == 0) {
            outcome = finishRead(e, MAX_READ, null);
        } else {
            long total = 0;
            outcome = null;
            int max = 1 + s.random() % MAX_READ;
            while (e.unread() > 0) {
                String part = finishRead(e, max, null);
                if (!part.startsWith("data ") || part.contains(" then ")) {
                    outcome = "data " + total + ", then " + part;
                    break;
                }
                total += Long.parseLong(part.substring(5));
                max = 1 + (int) ((max * 31L + 7) % MAX_READ);
            }
            if (outcome == null) {
                outcome = "drained " + total;
            }
        }
        record(s + " -> " + outcome);
    }

    private void cancelRead(Step s, End e) {
        if (e.pendingRead != null || !e.readWouldWait()) {
            record(s + " -> skipped (a read would not wait)");
            return;
        }
        record(s + " -> " + world.cancelledRead(e.handle, 1 + s.random() % MAX_READ));
    }

    // ---------------------------------------------------------------- shutdown and close

    private void shutdownOutput(Step s, End e) {
        Result r = world.shutdown(e.handle, false);
        record(s + " -> " + r);
        if (r.ok() && !e.closed && !e.outShut) {
            e.outShut = true;
            // The FIN follows what the send queue still holds: with more than certainly fits, or
            // a write pending, whether it reaches the peer before a later reset is timing.
            e.peer.resetRace |= e.inShut || e.pendingWrite != null || e.written - e.peer.read > FITS;
            if (!e.rstArrived) {
                e.peer.finArrived = true;
            }
        }
    }

    private void shutdownInput(Step s, End e) {
        Result r = world.shutdown(e.handle, true);
        record(s + " -> " + r);
        if (r.ok() && !e.closed) {
            e.inShut = true;
            e.peer.resetRace |= e.outShut;
            e.peer.writingShutByPeer |= unixStream;
        }
    }

    private void close(Step s, End e, boolean reset) {
        Result r = reset ? world.closeWithReset(e.handle) : world.close(e.handle);
        record(s + " -> " + r);
        if (e.closed) {
            return;
        }
        e.closed = true;
        End p = e.peer;
        // Unread bytes turn a close into a reset (RFC 1122 4.2.2.13), and a reset drops what this
        // end had not sent yet: beyond FITS some of it may still have been in its send queue.
        boolean rst = reset || e.unread() > 0;
        if (e.pendingWrite != null || (rst && e.written - p.read > FITS)) {
            e.lossy = true;
        }
        if (!p.closed) {
            p.peerClosed = true;
            p.resetRace |= e.pendingRead != null || e.pendingWrite != null;
            if (rst) {
                p.rstArrived = true;
                p.resetRace |= p.pendingWrite != null;
            } else {
                p.finArrived = true;
            }
        }
    }

    // ---------------------------------------------------------------- pending calls

    /** Completes, in the order they started, the pending calls the last step lets complete. */
    private void settle() {
        for (;;) {
            End next = null;
            boolean isRead = false;
            int first = Integer.MAX_VALUE;
            for (End[] pair : pairs) {
                if (pair == null) {
                    continue;
                }
                for (End e : pair) {
                    if (e.pendingRead != null && !e.readWouldWait() && e.pendingRead.step() < first) {
                        next = e;
                        isRead = true;
                        first = e.pendingRead.step();
                    }
                    if (e.pendingWrite != null && writeCanEnd(e) && e.pendingWrite.step() < first) {
                        next = e;
                        isRead = false;
                        first = e.pendingWrite.step();
                    }
                }
            }
            if (next == null) {
                return;
            }
            if (isRead) {
                Pending p = next.pendingRead;
                next.pendingRead = null;
                record("<- " + p.step() + " " + p.what() + " -> " + finishRead(next, p.max(), p.call()));
            } else {
                Pending p = next.pendingWrite;
                next.pendingWrite = null;
                record("<- " + p.step() + " " + p.what() + " -> " + pendingWriteOutcome(next, world.await(p.call())));
            }
        }
    }

    /**
     * The peer shut down both reading and writing: Linux answers data that reaches it with a
     * reset (RFC 1122 4.2.2.13; tcp_rcv_state_process in FIN_WAIT with RCV_SHUTDOWN), when a
     * segment of this end's queue arrives there, which is timing: a write here may meet it.
     */
    private static boolean peerMayReset(End e) {
        return e.peer.inShut && e.peer.outShut && !e.peer.closed;
    }

    private static boolean writeCanEnd(End e) {
        return e.closed || e.outShut || e.rstArrived || e.peerClosed || e.peer.read >= e.written;
    }

    /**
     * A pending writeAll's end. Read to the end by the peer, it must have completed. Ended by this
     * end's close, by its shutdown of writing or by the peer's reset, it fails; but while what it
     * still owed fit in the buffers it may have completed just before, and which of the JDK's
     * answers it gets differs: a close gives a ClosedChannelException (AsynchronousCloseException
     * while the call is blocked, a plain one between two of writeAll's calls); a shutdown of writing
     * gives the JDK SocketChannel's AsynchronousCloseException (it checks its own state after the
     * failed call) or the kernel's "Broken pipe" (as AsynchronousSocketChannel reports it); a reset
     * gives "Connection reset by peer" or "Broken pipe" by which call met it. How many bytes reached
     * the peer is then unknown too.
     */
    private String pendingWriteOutcome(End e, Result r) {
        boolean mayReset = peerMayReset(e);
        if (!e.closed && !e.outShut && !e.rstArrived && !e.peerClosed && !mayReset) {
            return r.toString();
        }
        e.lossy = true;
        String cause = e.closed ? "close" : e.outShut ? "shutdown" : e.rstArrived || e.peerClosed ? "the peer's reset" : null;
        boolean allowed = e.closed ? r.failure instanceof ClosedChannelException
                : e.outShut ? r.failure instanceof ClosedChannelException || failureText(r).equals("java.io.IOException: Broken pipe")
                : PEER_GONE.contains(failureText(r));
        allowed |= mayReset && PEER_GONE.contains(failureText(r));
        allowed |= e.writingShutByPeer && failureText(r).equals("java.io.IOException: Broken pipe");
        if (allowed || (r.ok() && e.written - e.peer.read <= CERTAINLY_FULL) || (r.ok() && mayReset)) {
            String by = cause == null ? "a reset" : mayReset ? cause + " or a reset" : cause;
            return "ended by " + by + " (or completed just before)";
        }
        return r.toString();
    }

    private void closeEverything() {
        for (int slot = 0; slot < Script.PAIRS; slot++) {
            End[] pair = pairs[slot];
            if (pair == null) {
                continue;
            }
            for (End e : pair) {
                if (!e.closed) {
                    close(new Step(Step.Kind.CLOSE, slot, e.side, 0), e, false);
                    settle();
                }
            }
        }
        String left = world.leftover();
        record("end -> " + (left == null ? "nothing left in flight" : left));
    }
}
