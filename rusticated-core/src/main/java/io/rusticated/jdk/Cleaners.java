package io.rusticated.jdk;

import java.lang.ref.Cleaner;

/** Closes the handles of channels that became unreachable without being closed, as the JDK's channels do. */
final class Cleaners {
    /** Its daemon thread starts with the first channel rusticated opens. */
    static final Cleaner CLEANER = Cleaner.create();

    private Cleaners() {
    }
}
