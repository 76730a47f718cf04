package io.rusticated.process;

import io.rusticated.signal.Signal;
import io.rusticated.spi.Platform;

import java.io.IOException;

/** Process-wide calls a job-control shell makes: process groups and group signals. */
public final class Processes {
    private Processes() {
    }

    /** This process's id. */
    public static long currentPid() {
        return ProcessHandle.current().pid();
    }

    /** The process group of this process. */
    public static long currentProcessGroup() throws IOException {
        return Platform.jobControl().processGroupOf(0);
    }

    /** The process group of {@code pid}. */
    public static long processGroupOf(long pid) throws IOException {
        return Platform.jobControl().processGroupOf(pid);
    }

    /** Moves {@code pid} (0: this process) into {@code pgid} (0: a new group it leads), as {@code setpgid}. */
    public static void setProcessGroup(long pid, long pgid) throws IOException {
        Platform.jobControl().setProcessGroup(pid, pgid);
    }

    /** Sends the signal to every process of the group ({@code killpg}). */
    public static void signalGroup(long pgid, Signal signal) throws IOException {
        if (pgid <= 0) {
            throw new IllegalArgumentException("process group id must be positive: " + pgid);
        }
        Platform.jobControl().signalGroup(pgid, signal.number());
    }
}
