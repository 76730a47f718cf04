package io.rusticated.unix.process;

import io.rusticated.spi.JobControl;
import io.rusticated.unix.Errno;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.Posix;
import io.rusticated.unix.tty.UnixTerminalSupport;

import java.io.IOException;

/** POSIX job control, the same calls on every Unix: killpg, getpgid/setpgid, tcgetpgrp/tcsetpgrp. */
public final class UnixJobControl implements JobControl {
    private final ErrnoTable errors;

    public UnixJobControl(ErrnoTable errors) {
        this.errors = errors;
    }

    @Override
    public void signalGroup(long processGroup, int signal) throws IOException {
        errors.check(Posix.killpg((int) processGroup, signal), "killpg " + processGroup);
    }

    @Override
    public long processGroupOf(long pid) throws IOException {
        int rc = Posix.getpgid((int) pid);
        errors.check(rc, "getpgid " + pid);
        return rc;
    }

    @Override
    public void setProcessGroup(long pid, long processGroup) throws IOException {
        errors.check(Posix.setpgid((int) pid, (int) processGroup), "setpgid " + pid + " " + processGroup);
    }

    @Override
    public long foregroundGroup(long terminal) throws IOException {
        int rc = Posix.tcgetpgrp((int) terminal);
        UnixTerminalSupport.check(errors, rc, "tcgetpgrp", terminal);
        return rc;
    }

    @Override
    public void setForegroundGroup(long terminal, long processGroup) throws IOException {
        int eintr = errors.code(Errno.EINTR);
        int rc;
        do {
            rc = Posix.tcsetpgrp((int) terminal, (int) processGroup);
        } while (rc == -eintr);
        UnixTerminalSupport.check(errors, rc, "tcsetpgrp to group " + processGroup, terminal);
    }
}
