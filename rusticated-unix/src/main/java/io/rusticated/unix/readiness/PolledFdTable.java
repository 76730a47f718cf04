package io.rusticated.unix.readiness;

import java.util.Arrays;

/**
 * The {@link PolledFd} of each descriptor with pending operations: an array indexed by the
 * descriptor number (small, dense ints), grown on demand, instead of a map of boxed keys.
 * Loop thread only.
 */
final class PolledFdTable {
    private PolledFd[] byFd = new PolledFd[64];
    private int size;

    PolledFd get(int fd) {
        return fd >= 0 && fd < byFd.length ? byFd[fd] : null;
    }

    PolledFd create(int fd, Strategy strategy) {
        if (fd >= byFd.length) {
            byFd = Arrays.copyOf(byFd, Math.max(fd + 1, byFd.length * 2));
        }
        PolledFd s = new PolledFd(fd, strategy);
        byFd[fd] = s;
        size++;
        return s;
    }

    void remove(PolledFd s) {
        if (s.fd < byFd.length && byFd[s.fd] == s) {
            byFd[s.fd] = null;
            size--;
        }
    }

    int size() {
        return size;
    }

    /** Every entry, for shutdown. */
    PolledFd[] snapshot() {
        PolledFd[] out = new PolledFd[size];
        int n = 0;
        for (PolledFd s : byFd) {
            if (s != null) {
                out[n++] = s;
            }
        }
        return out;
    }
}
