package io.rusticated.jdk;

import io.rusticated.rt.Trace;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many calls one {@link RusticatedFileSystemProvider} served and handed to the JDK, per
 * {@link ProviderCall}, and why each was handed over ({@link HandOver}). Every call counts once:
 * as served (it succeeded or threw what the JDK throws) or as handed over. Counting allocates
 * nothing. With {@code -Drusticated.trace=FILE} each hand-over is also a trace line,
 * {@code # jdk: copy handed to the JDK (OPTIONS)}.
 */
public final class ProviderCounters {
    private static final ProviderCall[] CALLS = ProviderCall.values();
    private static final HandOver[] REASONS = HandOver.values();

    private final LongAdder[] served = new LongAdder[CALLS.length];
    /** Rare next to served calls, so one array: index call * reasons + reason. */
    private final AtomicLongArray handedOver = new AtomicLongArray(CALLS.length * REASONS.length);

    ProviderCounters() {
        for (int i = 0; i < served.length; i++) {
            served[i] = new LongAdder();
        }
    }

    void countServed(ProviderCall call) {
        served[call.ordinal()].increment();
    }

    void countHandOver(ProviderCall call, HandOver why) {
        handedOver.getAndIncrement(call.ordinal() * REASONS.length + why.ordinal());
        if (Trace.isOn()) {
            Trace.note("jdk: " + call + " handed to the JDK (" + why + ")");
        }
    }

    /** A call counted as served that the JDK finishes after all ({@link HandOver#CROSS_DEVICE}). */
    void countTakenOver(ProviderCall call, HandOver why) {
        served[call.ordinal()].decrement();
        countHandOver(call, why);
    }

    /** Calls of this method rusticated served. */
    public long served(ProviderCall call) {
        return served[call.ordinal()].sum();
    }

    /** Calls of this method handed to the JDK for this reason. */
    public long handedOver(ProviderCall call, HandOver why) {
        return handedOver.get(call.ordinal() * REASONS.length + why.ordinal());
    }

    /**
     * Every count that is not zero, by name: {@code "copy served"}, {@code "copy OPTIONS"}, in the
     * order of the names. Two of these maps taken around some work tell what that work did.
     */
    public Map<String, Long> counts() {
        Map<String, Long> m = new TreeMap<>();
        for (ProviderCall c : CALLS) {
            long s = served(c);
            if (s != 0) {
                m.put(c + " served", s);
            }
            for (HandOver h : REASONS) {
                long n = handedOver(c, h);
                if (n != 0) {
                    m.put(c + " " + h, n);
                }
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return counts().toString();
    }
}
