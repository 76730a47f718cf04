package io.rusticated.macos;

import io.rusticated.spi.ChildState;

import static io.rusticated.macos.MacAbi.*;

/**
 * A waitpid(2) status as macOS's {@code <sys/wait.h>} macros read it: the low seven bits are 0 for
 * an exit (code in bits 8-15), 0177 for a stop (signal in bits 8-15) or a continue (SIGCONT there),
 * else the terminating signal, with 0200 for a core dump. {@code MacLayoutProbeTest} checks this
 * against the macros themselves on sample statuses, for both CPUs.
 */
final class WaitStatus {
    private WaitStatus() {
    }

    static final int WCOREFLAG = 0200;

    static ChildState decode(int status) {
        int low = status & WSTOPPED_BITS;
        int high = (status >>> 8) & 0xff;
        if (low == 0) {
            return ChildState.exited(high);
        }
        if (low == WSTOPPED_BITS) {
            return high == SIGCONT ? ChildState.continued() : ChildState.stopped(high);
        }
        return ChildState.killed(low, (status & WCOREFLAG) != 0);
    }
}
