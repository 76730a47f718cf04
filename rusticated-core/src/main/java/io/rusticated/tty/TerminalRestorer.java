package io.rusticated.tty;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Restores terminals still in raw mode when the JVM shuts down: one hook for all of them. */
final class TerminalRestorer {
    private static final Set<RawMode> ACTIVE = new LinkedHashSet<>();
    private static boolean hooked;

    private TerminalRestorer() {
    }

    static synchronized void remember(RawMode mode) {
        if (!hooked) {
            Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("rusticated-terminal-restore").unstarted(TerminalRestorer::restoreAll));
            hooked = true;
        }
        ACTIVE.add(mode);
    }

    static synchronized void forget(RawMode mode) {
        ACTIVE.remove(mode);
    }

    private static void restoreAll() {
        List<RawMode> modes;
        synchronized (TerminalRestorer.class) {
            modes = new ArrayList<>(ACTIVE);
            ACTIVE.clear();
        }
        // Newest first, so nested modes unwind to the oldest saved one.
        for (int i = modes.size() - 1; i >= 0; i--) {
            modes.get(i).restoreAtExit();
        }
    }
}
