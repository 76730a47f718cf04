package io.rusticated.process;

import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import io.rusticated.signal.SignalListener;
import io.rusticated.signal.Signals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Notices stops and continues of one loop's children: a wait handle signals only exit, so on each
 * SIGCHLD the loop asks every child someone waits on with {@link Child#waitChange()} for a state
 * change (without blocking). Installed on the first such wait; SIGCHLD stays handled after.
 */
final class ChildWatch {
    /** Guarded by itself; entries of closed loops are dropped when the next watch is made. */
    private static final Map<EventLoop, ChildWatch> BY_LOOP = new HashMap<>();

    private final EventLoop loop;
    private final Set<Child> watched = new LinkedHashSet<>();
    private volatile SignalListener sigchld;

    private ChildWatch(EventLoop loop) {
        this.loop = loop;
    }

    static ChildWatch of(EventLoop loop) {
        synchronized (BY_LOOP) {
            ChildWatch w = BY_LOOP.get(loop);
            if (w == null) {
                BY_LOOP.values().removeIf(old -> {
                    if (old.loop.isClosed() && old.sigchld != null) {
                        old.sigchld.close();
                    }
                    return old.loop.isClosed();
                });
                w = new ChildWatch(loop);
                BY_LOOP.put(loop, w);
            }
            return w;
        }
    }

    /** Loop thread. */
    void watch(Child child) {
        if (sigchld == null && Signal.CHLD.exists()) {
            sigchld = Signals.listen(loop, Signal.CHLD);
            listen();
        }
        watched.add(child);
    }

    /** Loop thread. */
    void unwatch(Child child) {
        watched.remove(child);
    }

    private void listen() {
        sigchld.next().whenComplete((s, e) -> {
            if (e != null) {
                return; // the listener closed
            }
            for (Child c : new ArrayList<>(watched)) {
                c.check();
            }
            if (loop.isClosed()) {
                sigchld.close();
            } else {
                listen();
            }
        });
    }
}
