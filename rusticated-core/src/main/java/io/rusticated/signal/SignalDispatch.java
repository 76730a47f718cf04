package io.rusticated.signal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The process-wide table of signals rusticated handles. The JVM allows one handler per signal,
 * so the first subscriber to a signal installs rusticated's handler (keeping the one it
 * replaces) and the last one to leave puts the previous handler back.
 *
 * <p>Handlers run on a thread the JVM's signal dispatcher starts for each delivery; subscribers
 * only post to their loop from there.
 */
final class SignalDispatch {
    /**
     * Signals the JVM refuses ({@code sun.misc.Signal.handle} throws for QUIT, ILL, FPE, SEGV), the
     * OS refuses (KILL, STOP), and BUS, whose HotSpot handler turns faults on mapped memory into
     * Java errors and which the JVM would let a Java handler replace.
     */
    private static final Set<Signal> JVM_AND_OS_SIGNALS = Set.of(Signal.QUIT, Signal.ILL, Signal.FPE, Signal.SEGV,
            Signal.BUS, Signal.KILL, Signal.STOP);

    /**
     * HotSpot's thread suspend/resume signal ({@code SR_handler}: JFR sampling and profilers
     * need it), which the JVM would let a Java handler replace.
     */
    static final Signal SUSPEND_RESUME = suspendResumeSignal(System.getenv("_JAVA_SR_SIGNUM"));

    /** Signals rusticated refuses to handle. */
    static final Set<Signal> RESERVED = reserved();

    /**
     * SIGUSR2, unless the {@code _JAVA_SR_SIGNUM} environment variable moved it: HotSpot takes a
     * number above SIGSEGV and SIGBUS and below 65 from it, and ignores anything else.
     */
    static Signal suspendResumeSignal(String javaSrSignum) {
        if (javaSrSignum != null) {
            try {
                int n = Integer.parseInt(javaSrSignum.trim());
                int lowest = Math.max(numberOr0(Signal.SEGV), numberOr0(Signal.BUS)) + 1;
                if (n >= lowest && n < 65) {
                    return Signal.of(n);
                }
            } catch (NumberFormatException ignored) {
                // HotSpot warns and keeps SIGUSR2
            }
        }
        return Signal.USR2;
    }

    private static int numberOr0(Signal s) {
        return s.exists() ? s.number() : 0;
    }

    private static Set<Signal> reserved() {
        Set<Signal> all = new HashSet<>(JVM_AND_OS_SIGNALS);
        all.add(SUSPEND_RESUME);
        return Set.copyOf(all);
    }

    /** The JVM uses these for shutdown hooks; it silently refuses to handle them while they are ignored. */
    private static final Set<Signal> SHUTDOWN_SIGNALS = Set.of(Signal.HUP, Signal.INT, Signal.TERM);

    /** Receives deliveries of a signal; called on the JVM's signal handler thread, must only post. */
    interface Subscriber {
        void delivered(Signal signal);
    }

    private static final class Entry implements sun.misc.SignalHandler {
        final Signal signal;
        final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
        sun.misc.SignalHandler previous;

        Entry(Signal signal) {
            this.signal = signal;
        }

        @Override
        public void handle(sun.misc.Signal sig) {
            for (Subscriber s : subscribers) {
                try {
                    s.delivered(signal);
                } catch (RuntimeException e) {
                    System.getLogger("io.rusticated").log(System.Logger.Level.WARNING, "signal subscriber for " + signal + " threw", e);
                }
            }
        }
    }

    private static final Map<Signal, Entry> ENTRIES = new HashMap<>();
    private static final Map<Signal, Integer> IGNORED = new HashMap<>();

    private SignalDispatch() {
    }

    static void checkHandleable(Signal signal) {
        if (!signal.exists()) {
            throw new UnsupportedOperationException(signal + " does not exist on " + System.getProperty("os.name"));
        }
        if (RESERVED.contains(signal)) {
            throw new IllegalArgumentException(signal + " is reserved by the JVM and cannot be handled by rusticated"
                    + " (reserved: SIGQUIT, SIGILL, SIGFPE, SIGSEGV, SIGBUS, " + SUSPEND_RESUME
                    + " (HotSpot's thread suspend/resume signal; the environment variable _JAVA_SR_SIGNUM"
                    + " moves it), SIGKILL and SIGSTOP for the OS)");
        }
    }

    static synchronized void subscribe(Signal signal, Subscriber subscriber) {
        checkHandleable(signal);
        if (IGNORED.containsKey(signal)) {
            throw new IllegalStateException(signal + " is being ignored through Signals.ignore; close that first");
        }
        Entry e = ENTRIES.get(signal);
        if (e == null) {
            e = new Entry(signal);
            e.previous = install(signal, e);
            ENTRIES.put(signal, e);
        }
        e.subscribers.add(subscriber);
    }

    static synchronized void unsubscribe(Signal signal, Subscriber subscriber) {
        Entry e = ENTRIES.get(signal);
        if (e == null || !e.subscribers.remove(subscriber)) {
            return;
        }
        if (e.subscribers.isEmpty()) {
            ENTRIES.remove(signal);
            sun.misc.Signal.handle(new sun.misc.Signal(signal.name()), e.previous);
        }
    }

    /** Sets the signal's disposition to ignore; the returned runnable puts the previous one back. */
    static synchronized Runnable ignore(Signal signal) {
        checkHandleable(signal);
        if (ENTRIES.containsKey(signal)) {
            throw new IllegalStateException(signal + " has rusticated listeners; close them before ignoring it");
        }
        sun.misc.Signal sig = new sun.misc.Signal(signal.name());
        sun.misc.SignalHandler previous = handleOrExplain(signal, sun.misc.SignalHandler.SIG_IGN);
        IGNORED.merge(signal, 1, Integer::sum);
        boolean[] restored = new boolean[1];
        return () -> {
            synchronized (SignalDispatch.class) {
                if (restored[0]) {
                    return;
                }
                restored[0] = true;
                sun.misc.Signal.handle(sig, previous);
                IGNORED.computeIfPresent(signal, (k, n) -> n == 1 ? null : n - 1);
            }
        };
    }

    private static sun.misc.SignalHandler install(Signal signal, sun.misc.SignalHandler handler) {
        sun.misc.SignalHandler previous = handleOrExplain(signal, handler);
        if (previous == sun.misc.SignalHandler.SIG_IGN && SHUTDOWN_SIGNALS.contains(signal)) {
            // HotSpot does not install a handler for HUP, INT or TERM while they are ignored: it
            // only reports SIG_IGN. Undo the JVM's bookkeeping and say why nothing will arrive.
            sun.misc.Signal.handle(new sun.misc.Signal(signal.name()), sun.misc.SignalHandler.SIG_IGN);
            throw new IllegalStateException(signal + " is ignored by this process (inherited from its parent, as under nohup or"
                    + " for a background job of a non-interactive shell) and the JVM does not handle ignored shutdown signals");
        }
        return previous;
    }

    private static sun.misc.SignalHandler handleOrExplain(Signal signal, sun.misc.SignalHandler handler) {
        try {
            return sun.misc.Signal.handle(new sun.misc.Signal(signal.name()), handler);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(signal + " cannot be handled: the JVM refuses it (" + e.getMessage()
                    + "; HUP, INT and TERM are refused under -Xrs)", e);
        }
    }
}
