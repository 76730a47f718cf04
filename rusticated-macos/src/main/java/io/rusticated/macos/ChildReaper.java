package io.rusticated.macos;

import io.rusticated.spi.ChildState;
import io.rusticated.unix.ErrnoTable;

import java.io.IOException;

import static io.rusticated.macos.MacAbi.*;

/**
 * Collects a child's next state change with waitpid(2). Normally without blocking (WNOHANG: 0 is
 * "no change yet"); for a child whose exit kqueue already announced ({@link ExitedChildren}), with
 * a blocking waitpid for exactly that pid, because NOTE_EXIT can come before the child is a
 * zombie waitpid can collect, and a WNOHANG call would then lose the exit (libuv #3504, PR #3521).
 * That wait lasts microseconds: the child has exited and is only being torn down.
 */
final class ChildReaper {
    /** waitpid(pid, &status, options): the pid, 0 (WNOHANG, no change), or a negated errno; the status in {@code status[0]}. */
    interface WaitCall {
        int waitpid(int pid, int options, int[] status);
    }

    private final WaitCall call;
    private final ErrnoTable errors;

    ChildReaper(WaitCall call, ErrnoTable errors) {
        this.call = call;
        this.errors = errors;
    }

    /** The options for {@code pid}: blocking for a child kqueue saw exit, WNOHANG otherwise; stops and continues with {@code includeStops}. */
    static int options(int pid, boolean includeStops) {
        int options = ExitedChildren.contains(pid) ? 0 : WNOHANG;
        return options | (includeStops ? WUNTRACED | WCONTINUED : 0);
    }

    ChildState collect(int pid, boolean includeStops) throws IOException {
        int[] status = new int[1];
        int rc;
        do {
            rc = call.waitpid(pid, options(pid, includeStops), status);
        } while (rc == -EINTR);
        if (rc < 0) {
            if (-rc == ECHILD) {
                ExitedChildren.forget(pid);
                throw new IOException("child " + pid + " was already collected by someone else (a waitpid(-1) elsewhere in this process?)");
            }
            throw new IOException("waitpid on child " + pid + " failed: " + errors.describe(-rc));
        }
        if (rc == 0) {
            return null; // WNOHANG: no change yet
        }
        ChildState s = WaitStatus.decode(status[0]);
        if (s.kind() == ChildState.Kind.EXITED || s.kind() == ChildState.Kind.KILLED) {
            ExitedChildren.forget(pid);
        }
        return s;
    }
}
