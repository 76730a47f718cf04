package io.rusticated.macos;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The children whose exit kqueue announced (NOTE_EXIT, or ESRCH when the EVFILT_PROC was added)
 * and that were not collected yet. EVFILT_PROC does not reap, and NOTE_EXIT can come before the
 * child is a zombie waitpid can collect: {@code waitpid(pid, WNOHANG)} then answers 0 and the exit
 * would be lost (libuv #3504, fixed in PR #3521 by a blocking waitpid for exactly such pids). The
 * process support reads this set to wait without WNOHANG for them, which returns within
 * microseconds. Any thread: loops mark, whoever collects forgets.
 */
final class ExitedChildren {
    private static final Set<Integer> EXITED = ConcurrentHashMap.newKeySet();

    private ExitedChildren() {
    }

    static void mark(int pid) {
        EXITED.add(pid);
    }

    static boolean contains(int pid) {
        return EXITED.contains(pid);
    }

    /** The child was collected: its pid may be another process's next. */
    static void forget(int pid) {
        EXITED.remove(pid);
    }
}
