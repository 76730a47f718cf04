package io.rusticated.spi;

import io.rusticated.process.ExitStatus;

import java.io.IOException;
import java.nio.file.Path;

/**
 * An OS's process primitives. Every handle it creates is close-on-exec, so a child sees only the
 * descriptors a {@link SpawnRequest} maps into it.
 */
public interface ProcessSupport {
    /** Whether this implementation belongs to the running OS. */
    boolean supportsCurrentOs();

    /**
     * Starts a child as the request describes, without forking the JVM.
     *
     * @throws java.nio.file.NoSuchFileException naming the program (or working directory) when it is missing
     */
    SpawnedProcess spawn(SpawnRequest request) throws IOException;

    /** A new pipe: {@code [readEnd, writeEnd]}, both close-on-exec, both blocking. */
    long[] pipe() throws IOException;

    /** Opens a file to hand to a child as one of its descriptors; close-on-exec in this process. */
    long open(Path path, RedirectMode mode) throws IOException;

    /** Opens the OS's null device for reading and writing. */
    long openNullDevice() throws IOException;

    /** Closes a handle this process owns, synchronously. */
    void close(long handle);

    /**
     * Collects the child's next state change without blocking, or returns null if it has none.
     * With {@code includeStops} a stop or continue is reported (and consumed) as well as termination.
     */
    ExitStatus pollState(SpawnedProcess child, boolean includeStops) throws IOException;

    /** Releases what the wait handle holds, after the child's termination has been collected. */
    void release(SpawnedProcess child);

    /** Sends a signal to the child; false if it has already terminated and been collected. */
    boolean signal(SpawnedProcess child, int signal) throws IOException;

    /** Sends a signal to every process in the group. */
    void signalGroup(long processGroup, int signal) throws IOException;

    /** The process group of {@code pid} (0: this process). */
    long processGroupOf(long pid) throws IOException;

    /** Moves {@code pid} (0: this process) into group {@code processGroup} (0: a new group it leads). */
    void setProcessGroup(long pid, long processGroup) throws IOException;

    /** How a redirected file is opened. */
    enum RedirectMode {
        READ, WRITE_TRUNCATE, APPEND, READ_WRITE
    }
}
