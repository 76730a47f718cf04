package io.rusticated.linux;

import io.rusticated.spi.Backend;
import io.rusticated.rt.EventLoop;

import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

    /** The SQ size the kernel gave an io_uring loop, from its backend's description ("sq=16 cq=32 ..."). */
    static int sqEntries(Backend backend) {
        Matcher m = Pattern.compile("\\bsq=(\\d+)").matcher(backend.features());
        if (!m.find()) {
            throw new AssertionError("no SQ size in " + backend);
        }
        return Integer.parseInt(m.group(1));
    }
}
