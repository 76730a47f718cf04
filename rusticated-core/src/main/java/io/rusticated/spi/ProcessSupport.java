package io.rusticated.spi;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * An OS's process primitives. Every handle it creates is close-on-exec (not inheritable), so a
 * child sees only the handles a {@link SpawnRequest} gives it.
 */
public interface ProcessSupport {
    /** Whether this implementation belongs to the running OS. */
    boolean supportsCurrentOs();

    /**
     * Starts a child as the request describes, without forking the JVM.
     *
     * @throws java.nio.file.NoSuchFileException naming the program (or working directory) when it is missing
     * @throws UnsupportedOperationException naming the OS for a part of the request it cannot honour
     *         (extra descriptors, a foreground terminal, on Windows)
     */
    SpawnedProcess spawn(SpawnRequest request) throws IOException;

    /**
     * A new pipe: {@code [readEnd, writeEnd]}, neither inheritable. Either end may be handed to a
     * child (which then gets a plain blocking end) or used on a loop by this process (the OS module
     * makes this process's ends servable by its driver, an overlapped named pipe on Windows).
     */
    long[] pipe() throws IOException;

    /** Who uses one end of a pipe. */
    enum PipeEndUser {
        /** This process, through its loops. */
        THIS_PROCESS,
        /** A child, as one of its standard handles. */
        CHILD
    }

    /**
     * A new pipe {@code [readEnd, writeEnd]}, neither inheritable, whose ends are made for their
     * users: an end for a child is a plain blocking handle, an end for this process one its driver
     * serves. Where one kind of handle serves both (POSIX), this is {@link #pipe()}; on Windows a
     * child given an overlapped pipe end misreads it (ReadFile without an OVERLAPPED on an
     * overlapped handle may report completion early), so the two differ there.
     */
    default long[] pipe(PipeEndUser readEnd, PipeEndUser writeEnd) throws IOException {
        return pipe();
    }

    /** Opens a file to hand to a child as one of its standard handles; not inheritable in this process. */
    long open(Path path, RedirectMode mode) throws IOException;

    /** Opens the OS's null device for reading and writing. */
    long openNullDevice() throws IOException;

    /** Closes a handle this process owns, synchronously. */
    void close(long handle);

    /**
     * Collects the child's next state change without blocking, or returns null if it has none.
     * With {@code includeStops} a stop or continue is reported (and consumed) as well as termination.
     */
    ChildState pollState(SpawnedProcess child, boolean includeStops) throws IOException;

    /** Releases what the wait handle holds, after the child's termination has been collected. */
    void release(SpawnedProcess child);

    /**
     * Sends a signal to the child; false if it has already terminated and been collected. Where
     * the OS has no signals, {@code SIGKILL} and {@code SIGTERM} terminate the child and any other
     * signal throws {@link UnsupportedOperationException}.
     */
    boolean signal(SpawnedProcess child, int signal) throws IOException;

    /**
     * Ends the child at once; false if it has already terminated and been collected. SIGKILL (9
     * wherever POSIX signals exist) by default; an OS without signals terminates it its own way.
     */
    default boolean kill(SpawnedProcess child) throws IOException {
        return signal(child, SIGKILL);
    }

    /** SIGKILL's number, the same on every POSIX system (XSI fixes it for {@code kill -9}). */
    int SIGKILL = 9;

    /** The OS handle of this process's standard input (0), output (1) or error (2). */
    default long standardHandle(int index) {
        return index;
    }

    /** This process's arguments as the OS recorded them (the JVM's own command line), or null where it cannot tell. */
    default List<String> commandLine() {
        return null;
    }

    /** Process groups and terminal foreground groups, or null where the OS has none (Windows). */
    default JobControl jobControl() {
        return null;
    }

    /** How a redirected file is opened. */
    enum RedirectMode {
        READ, WRITE_TRUNCATE, APPEND, READ_WRITE
    }
}
