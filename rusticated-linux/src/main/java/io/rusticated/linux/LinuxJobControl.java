package io.rusticated.linux;

import io.rusticated.spi.JobControl;

import java.io.IOException;

import static io.rusticated.linux.LinuxAbi.*;

/** POSIX job control on Linux: killpg, getpgid/setpgid, tcgetpgrp/tcsetpgrp. */
final class LinuxJobControl implements JobControl {
    static final LinuxJobControl INSTANCE = new LinuxJobControl();

    private LinuxJobControl() {
    }

    @Override
    public void signalGroup(long processGroup, int signal) throws IOException {
        LinuxProcessSupport.check(Libc.killpg((int) processGroup, signal), "killpg " + processGroup);
    }

    @Override
    public long processGroupOf(long pid) throws IOException {
        int rc = Libc.getpgid((int) pid);
        LinuxProcessSupport.check(rc, "getpgid " + pid);
        return rc;
    }

    @Override
    public void setProcessGroup(long pid, long processGroup) throws IOException {
        LinuxProcessSupport.check(Libc.setpgid((int) pid, (int) processGroup), "setpgid " + pid + " " + processGroup);
    }

    @Override
    public long foregroundGroup(long terminal) throws IOException {
        int rc = Libc.tcgetpgrp((int) terminal);
        LinuxTerminalSupport.check(rc, "tcgetpgrp", terminal);
        return rc;
    }

    @Override
    public void setForegroundGroup(long terminal, long processGroup) throws IOException {
        int rc;
        do {
            rc = Libc.tcsetpgrp((int) terminal, (int) processGroup);
        } while (rc == -EINTR);
        LinuxTerminalSupport.check(rc, "tcsetpgrp to group " + processGroup, terminal);
    }
}
