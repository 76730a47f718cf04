package io.rusticated.spi;

import java.io.IOException;

/**
 * POSIX job control: process groups, signals to groups, and a terminal's foreground group. Offered
 * by an OS that has them ({@link ProcessSupport#jobControl()}); Windows has none of these.
 */
public interface JobControl {
    /** Sends a signal to every process in the group. */
    void signalGroup(long processGroup, int signal) throws IOException;

    /** The process group of {@code pid} (0: this process). */
    long processGroupOf(long pid) throws IOException;

    /** Moves {@code pid} (0: this process) into group {@code processGroup} (0: a new group it leads). */
    void setProcessGroup(long pid, long processGroup) throws IOException;

    /** The foreground process group of the terminal open at {@code terminal}. */
    long foregroundGroup(long terminal) throws IOException;

    /**
     * Makes {@code processGroup} the terminal's foreground group. The caller arranges for SIGTTOU
     * to be ignored while a background process calls this.
     */
    void setForegroundGroup(long terminal, long processGroup) throws IOException;
}
