package io.rusticated.conformance.netfuzz;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Plays a {@link UdpScript} on one implementation and writes down what each step gave, keeping a
 * model of each socket made only of what the script decides and of results already written down:
 * whether it is open, whom it is connected to, the datagrams queued for it, whether an ICMP port
 * unreachable is pending for it, and its pending receive. Loopback delivers every datagram at
 * once and in order (nothing is dropped: a send that would put more than {@value #MAX_QUEUED}
 * datagrams in a queue is skipped), so the model says when a receive completes and with what.
 *
 * <p>The rules the model follows, each the JDK's or Linux's: a datagram reaches a socket unless
 * it is closed or connected to another address; where nothing takes it, the host answers with an
 * ICMP port unreachable, which Linux reports only to a connected sender (udp(7): "errors are only
 * passed to the user when the socket is connected"), once, to its next send or receive: the JDK's
 * PortUnreachableException (the receive checks the error before queued datagrams, as
 * __skb_recv_udp does). On loopback the ICMP is made and delivered within the send, in the
 * sending thread's softirq, before the send returns. A connected socket's send to another address
 * fails with AlreadyConnectedException, a second connect too, a send or read while unconnected
 * with NotYetConnectedException, any call on a closed socket with ClosedChannelException, a
 * receive pending under a close with AsynchronousCloseException ({@link DatagramChannel}). A
 * connect "may discard" queued datagrams (its documentation), so a connect step first receives
 * what is queued and writes that down. A datagram longer than the buffer is cut to it.
 */
final class UdpRun {
    private static final int MAX_QUEUED = 8;
    private static final int MAX_SIZE = 2000;

    private final Datagrams world;
    private final String name;
    private final List<String> transcript = new ArrayList<>();
    private final Slot[] slots = new Slot[UdpScript.SOCKETS];
    private final InetSocketAddress closedPort;
    private int datagrams;
    private int step;

    /** A datagram in flight: its number (which fixes its bytes), its sender's slot, its size. */
    private record Datagram(int number, int from, int size) {
    }

    private static final class Slot {
        final Object socket;
        final InetSocketAddress address;
        boolean closed;
        /** A slot index or {@link UdpScript#CLOSED_PORT}; -1 unconnected. */
        int peer = -1;
        final ArrayDeque<Datagram> queue = new ArrayDeque<>();
        boolean unreachablePending;
        Datagrams.Pending pending;
        int pendingStep;
        String pendingWhat;
        boolean pendingConnected;
        int pendingMax;

        Slot(Object socket, InetSocketAddress address) {
            this.socket = socket;
            this.address = address;
        }

        boolean receiveWouldWait() {
            return !closed && queue.isEmpty() && !unreachablePending;
        }
    }

    private UdpRun(Datagrams world, String name, InetSocketAddress closedPort) {
        this.world = world;
        this.name = name;
        this.closedPort = closedPort;
    }

    /** A port on 127.0.0.2 where nothing is bound (the run's sockets bind 127.0.0.1 only). */
    static InetSocketAddress closedPort() throws IOException {
        try (DatagramChannel c = DatagramChannel.open()) {
            c.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 2}), 0));
            return (InetSocketAddress) c.getLocalAddress();
        }
    }

    static List<String> of(UdpScript script, Datagrams world, String name, InetSocketAddress closedPort) {
        UdpRun run = new UdpRun(world, name, closedPort);
        try {
            for (UdpStep s : script.steps) {
                run.play(s);
                run.settle();
                run.step++;
            }
            run.closeEverything();
        } catch (AssertionError | RuntimeException | IOException e) {
            throw new AssertionError(e.getMessage() + "\n  at step " + run.step + ": " + (run.step < script.steps.size() ? script.steps.get(run.step) : "closing everything")
                    + "\n  transcript so far:\n    " + String.join("\n    ", run.transcript), e);
        }
        return run.transcript;
    }

    private void record(String line) {
        transcript.add(String.format("%3d %s", step, line));
    }

    private void play(UdpStep s) throws IOException {
        Slot me = slots[s.socket()];
        if (s.kind() == UdpStep.Kind.OPEN) {
            if (me != null) {
                record(s + " -> skipped (slot used)");
                return;
            }
            Object socket = world.open();
            slots[s.socket()] = new Slot(socket, world.address(socket));
            record(s + " -> bound");
            return;
        }
        if (me == null) {
            record(s + " -> skipped (no socket)");
            return;
        }
        boolean toClosedPort = s.target() == UdpScript.CLOSED_PORT;
        Slot target = toClosedPort ? null : slots[s.target()];
        if ((s.kind() == UdpStep.Kind.CONNECT || s.kind() == UdpStep.Kind.SEND_TO) && !toClosedPort && target == null) {
            record(s + " -> skipped (no target)");
            return;
        }
        InetSocketAddress to = toClosedPort ? closedPort : target == null ? null : target.address;
        switch (s.kind()) {
            case CONNECT -> connect(s, me, to);
            case SEND_TO -> send(s, me, s.target(), to);
            case SEND -> send(s, me, me.peer, null);
            case RECEIVE_FROM, RECEIVE -> receive(s, me, s.kind() == UdpStep.Kind.RECEIVE);
            case CANCEL_RECEIVE -> {
                if (me.closed || me.pending != null || !me.receiveWouldWait()) {
                    record(s + " -> skipped (a receive would not wait)");
                } else {
                    record(s + " -> " + show(world.cancelledReceive(me.socket, 1 + s.random() % MAX_SIZE)));
                }
            }
            case CLOSE -> close(s, me);
            case DISCONNECT -> disconnect(s, me);
            default -> throw new AssertionError(s);
        }
    }

    private void connect(UdpStep s, Slot me, InetSocketAddress to) {
        if (me.pending != null) {
            record(s + " -> skipped (a receive is pending: the JDK's connect would wait for it)");
            return;
        }
        if (!me.closed && me.peer < 0) {
            int n = 0;
            while (!me.queue.isEmpty()) {
                finishReceive(me, MAX_SIZE, false, null);
                n++;
            }
            if (n > 0) {
                record(s + ": first received the " + n + " queued");
            }
        }
        Datagrams.Got r = world.connect(me.socket, to);
        record(s + " -> " + show(r));
        if (r.failure() == null) {
            me.peer = s.target();
        }
    }

    /**
     * The JDK's disconnect waits for a receive in progress (skipped then, as a connect is) and does
     * nothing to an unconnected or closed socket. An ICMP error pending for the old peer is first
     * taken by a receive: after the disconnect the JDK's unconnected send would pass over it
     * claiming a datagram it never sent, where rusticated's disconnect clears it (the kit's
     * DatagramDisconnectTest compares what both report there).
     */
    private void disconnect(UdpStep s, Slot me) {
        if (me.pending != null) {
            record(s + " -> skipped (a receive is pending: the JDK's disconnect would wait for it)");
            return;
        }
        if (!me.closed && me.peer >= 0 && me.unreachablePending) {
            record(s + ": first received " + finishReceive(me, MAX_SIZE, true, null));
        }
        Datagrams.Got r = world.disconnect(me.socket);
        record(s + " -> " + show(r));
        if (r.failure() == null && !me.closed) {
            me.peer = -1;
        }
    }

    private void send(UdpStep s, Slot me, int targetIndex, InetSocketAddress to) {
        // An empty datagram only from an unconnected socket: a connected DatagramChannel writes
        // through IOUtil, which returns 0 for an empty buffer without a system call, where
        // rusticated's send sends an empty datagram.
        int size = s.random() % 8 == 0 && me.peer < 0 ? 0 : 1 + s.random() % MAX_SIZE;
        Slot target = targetIndex >= 0 && targetIndex < UdpScript.SOCKETS ? slots[targetIndex] : null;
        boolean reaches = target != null && !target.closed && (target.peer < 0 || target.peer == indexOf(me));
        if (!me.closed && reaches && target.queue.size() >= MAX_QUEUED) {
            record(s + " -> skipped (the target's queue is full)");
            return;
        }
        byte[] data = Pattern.bytes(datagrams, 2, 0, size);
        Datagrams.Got r = to == null ? world.send(me.socket, data) : world.sendTo(me.socket, to, data);
        record(s + " " + size + " B -> " + show(r));
        if (r.failure() != null) {
            if (r.failure() instanceof java.net.PortUnreachableException) {
                me.unreachablePending = false;
            }
            return;
        }
        if (reaches) {
            target.queue.addLast(new Datagram(datagrams, indexOf(me), size));
        } else if (me.peer >= 0) {
            me.unreachablePending = true;
        }
        datagrams++;
    }

    private int indexOf(Slot s) {
        return Arrays.asList(slots).indexOf(s);
    }

    private void receive(UdpStep s, Slot me, boolean connected) {
        if (me.pending != null) {
            record(s + " -> skipped (a receive is pending)");
            return;
        }
        int max = 1 + s.random() % MAX_SIZE;
        boolean fails = me.closed || (connected && me.peer < 0);
        if (!fails && me.receiveWouldWait()) {
            me.pending = world.receive(me.socket, max, connected);
            world.started(me.pending);
            me.pendingStep = step;
            me.pendingWhat = s + " " + max + " B";
            me.pendingConnected = connected;
            me.pendingMax = max;
            record(me.pendingWhat + " -> pending");
            return;
        }
        record(s + " " + max + " B -> " + finishReceive(me, max, connected, null));
    }

    /** Receives (or finishes the pending receive) and checks what came against the model. */
    private String finishReceive(Slot me, int max, boolean connected, Datagrams.Pending started) {
        Datagrams.Got r = world.await(started != null ? started : world.receive(me.socket, max, connected));
        if (r.failure() != null) {
            if (r.failure() instanceof java.net.PortUnreachableException) {
                me.unreachablePending = false;
            }
            return show(r);
        }
        if (me.unreachablePending) {
            throw new AssertionError(name + ": a receive got a datagram where the model expected the pending port unreachable");
        }
        Datagram d = me.queue.pollFirst();
        if (d == null) {
            throw new AssertionError(name + ": a receive got a datagram nobody sent it");
        }
        int expect = Math.min(d.size(), max);
        if (r.data().length != expect || !Arrays.equals(r.data(), Pattern.bytes(d.number(), 2, 0, expect))) {
            throw new AssertionError(name + ": a receive got " + r.data().length + " wrong or misplaced bytes; expected the first " + expect + " of datagram " + d.number());
        }
        if (r.from() != null && !r.from().equals(slots[d.from()].address)) {
            throw new AssertionError(name + ": datagram " + d.number() + " came from " + r.from() + ", not from s" + d.from());
        }
        return "datagram of s" + d.from() + ", " + expect + " of " + d.size() + " B" + (r.from() != null ? " (sender given)" : "");
    }

    private void close(UdpStep s, Slot me) {
        Datagrams.Got r = world.close(me.socket);
        me.closed = true;
        if (me.pending != null) {
            Datagrams.Pending p = me.pending;
            me.pending = null;
            record("<- " + me.pendingStep + " " + me.pendingWhat + " -> " + show(world.await(p)));
        }
        record(s + " -> " + show(r));
    }

    private void settle() {
        for (;;) {
            Slot next = null;
            for (Slot s : slots) {
                if (s != null && s.pending != null && !s.receiveWouldWait() && (next == null || s.pendingStep < next.pendingStep)) {
                    next = s;
                }
            }
            if (next == null) {
                return;
            }
            Datagrams.Pending p = next.pending;
            next.pending = null;
            record("<- " + next.pendingStep + " " + next.pendingWhat + " -> " + finishReceive(next, next.pendingMax, next.pendingConnected, p));
        }
    }

    private static String show(Datagrams.Got r) {
        if (r.failure() instanceof CancellationException) {
            return "cancelled";
        }
        if (r.failure() != null) {
            return "fail " + r.failure().getClass().getName() + (r.failure().getMessage() == null ? "" : ": " + r.failure().getMessage());
        }
        return r.data() != null ? "data " + r.data().length : "ok" + (r.count() > 0 ? " " + r.count() : "");
    }

    private void closeEverything() {
        for (int i = 0; i < slots.length; i++) {
            if (slots[i] != null && !slots[i].closed) {
                close(new UdpStep(UdpStep.Kind.CLOSE, i, 0, 0), slots[i]);
            }
        }
        String left = world.leftover();
        record("end -> " + (left == null ? "nothing left in flight" : left));
    }
}
