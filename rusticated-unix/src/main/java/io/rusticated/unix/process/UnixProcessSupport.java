package io.rusticated.unix.process;

import io.rusticated.signal.Signal;
import io.rusticated.signal.Signals;
import io.rusticated.spi.ErrorKind;
import io.rusticated.spi.JobControl;
import io.rusticated.spi.ProcessSupport;
import io.rusticated.spi.SpawnRequest;
import io.rusticated.spi.SpawnedProcess;
import io.rusticated.unix.Errno;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.Posix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * Processes on a Unix: {@code posix_spawn} (the JVM is never forked) from a {@link SpawnPlan}, the
 * files a child's standard handles are redirected to, and job control. The OS module adds how a
 * child is waited for and signalled (a pidfd on Linux, the pid and EVFILT_PROC on macOS), pipes,
 * and its ABI; everything it gives is read only when first needed, so merely instantiating this
 * provider (as {@link java.util.ServiceLoader} does on every OS) touches no OS table.
 */
public abstract class UnixProcessSupport implements ProcessSupport {
    private volatile JobControl jobControl;

    /** The OS's errno values. */
    protected abstract ErrnoTable errors();

    protected abstract SpawnAbi spawnAbi();

    protected abstract SpawnPlatform spawnPlatform();

    protected abstract OpenFlags openFlags();

    /** What the caller gets for a child that started as {@code pid}: its wait handle made (or the child ended, if none can be). */
    protected abstract SpawnedProcess started(int pid, SpawnRequest request) throws IOException;

    @Override
    public final SpawnedProcess spawn(SpawnRequest request) throws IOException {
        int pid;
        try (Arena arena = Arena.ofConfined(); SpawnPlan plan = SpawnPlan.of(arena, request, spawnAbi(), spawnPlatform(), errors())) {
            MemorySegment pidOut = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment path = arena.allocateFrom(request.program().toString());
            int rc = Posix.posixSpawn(pidOut, path, plan.fileActions(), plan.attributes(),
                    stringArray(arena, request.argv()), stringArray(arena, request.environment()));
            if (rc != 0) {
                throw spawnFailure(rc, request);
            }
            pid = pidOut.get(ValueLayout.JAVA_INT, 0);
            if (request.foregroundTerminal() >= 0 && !plan.foregroundInChild()) {
                // The C library cannot do it in the child: hand the terminal over from here; the
                // child may already have been stopped by SIGTTIN, which the group's SIGCONT from a shell ends.
                giveTerminal((int) request.foregroundTerminal(), request.processGroup() == 0 ? pid : (int) request.processGroup());
            }
        }
        return started(pid, request);
    }

    /** tcsetpgrp from this process, with SIGTTOU ignored meanwhile (a background process would be stopped by it). */
    private void giveTerminal(int tty, int pgid) throws IOException {
        Signals.Restorer ttou = Signals.ignore(Signal.TTOU);
        try {
            errors().check(Posix.tcsetpgrp(tty, pgid), "tcsetpgrp");
        } finally {
            ttou.close();
        }
    }

    private IOException spawnFailure(int errno, SpawnRequest r) {
        String program = r.program().toString();
        String dir = r.workingDirectory() == null ? "" : " (working directory " + r.workingDirectory() + ")";
        ErrnoTable errors = errors();
        ErrorKind kind = errors.lookup(errno).kind();
        if (kind == ErrorKind.NOT_FOUND) {
            return new NoSuchFileException(program, null, "cannot run: no such file or directory" + dir);
        }
        if (kind == ErrorKind.ACCESS_DENIED || kind == ErrorKind.NOT_PERMITTED) {
            return new AccessDeniedException(program, null, "cannot run: " + errors.message(errno) + dir);
        }
        if (errno == errors.code(Errno.ENOEXEC)) {
            return new FileSystemException(program, null, "cannot run: not an executable format the kernel knows (Exec format error)");
        }
        return new FileSystemException(program, null, "posix_spawn failed: " + errors.describe(errno) + dir);
    }

    /** A NULL-terminated char *[] of NUL-terminated UTF-8 strings. */
    private static MemorySegment stringArray(Arena arena, List<String> strings) {
        MemorySegment array = arena.allocate(ValueLayout.ADDRESS, strings.size() + 1L);
        for (int i = 0; i < strings.size(); i++) {
            array.setAtIndex(ValueLayout.ADDRESS, i, arena.allocateFrom(strings.get(i)));
        }
        array.setAtIndex(ValueLayout.ADDRESS, strings.size(), MemorySegment.NULL);
        return array;
    }

    @Override
    public final long open(Path path, RedirectMode mode) throws IOException {
        OpenFlags o = openFlags();
        int flags = o.cloexec() | switch (mode) {
            case READ -> o.rdonly();
            case WRITE_TRUNCATE -> o.wronly() | o.creat() | o.trunc();
            case APPEND -> o.wronly() | o.creat() | o.append();
            case READ_WRITE -> o.rdwr() | o.creat();
        };
        try (Arena arena = Arena.ofConfined()) {
            int fd = Posix.openat(o.atFdcwd(), arena.allocateFrom(path.toString()).address(), flags, 0666);
            if (fd < 0) {
                throw errors().lookup(-fd).toException(path.toString(), null);
            }
            return fd;
        }
    }

    @Override
    public final long openNullDevice() throws IOException {
        return open(Path.of("/dev/null"), RedirectMode.READ_WRITE);
    }

    @Override
    public void close(long handle) {
        Posix.close((int) handle);
    }

    @Override
    public final JobControl jobControl() {
        JobControl j = jobControl;
        if (j == null) {
            j = new UnixJobControl(errors());
            jobControl = j;
        }
        return j;
    }
}
