package io.rusticated.linux;

import io.rusticated.rt.EventLoop;

import java.util.function.Supplier;

/** Opens loops with a given ring size: the property is read when a loop opens, then restored. */
final class SmallRing {
    static final String ENTRIES = "rusticated.ring.entries";

    private SmallRing() {
    }

    static EventLoop open(int entries, Supplier<EventLoop> opener) {
        String old = System.getProperty(ENTRIES);
        System.setProperty(ENTRIES, Integer.toString(entries));
        try {
            return opener.get();
        } finally {
            if (old == null) {
                System.clearProperty(ENTRIES);
            } else {
                System.setProperty(ENTRIES, old);
            }
        }
    }
}
