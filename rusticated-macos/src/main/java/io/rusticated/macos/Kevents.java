package io.rusticated.macos;

/**
 * A kqueue as the kqueue driver uses it: one call, kevent(2), on change and event lists of
 * {@code struct kevent} ({@link KeventList}). The driver's logic (what becomes which kevent, how
 * receipts and events are read) is the same whichever kqueue answers: on a Mac the kernel's
 * ({@link Kqueue}), in this module's tests on Linux a stand-in that follows kqueue(2).
 */
interface Kevents extends AutoCloseable {
    /**
     * Applies {@code nchanges} changes, then returns up to {@code nevents} events or receipts,
     * waiting up to {@code timeoutNanos} for one (0: don't wait; negative: no limit). Returns how
     * many were written to {@code events}, or a negated errno. Thread-safe, as kevent(2) is.
     */
    int kevent(KeventList changes, int nchanges, KeventList events, int nevents, long timeoutNanos);

    @Override
    void close();
}
