package io.rusticated.linux;

import io.rusticated.io.NativeMemory;

import io.rusticated.signal.Signal;
import io.rusticated.signal.Signals;
import io.rusticated.spi.ChildState;
import io.rusticated.spi.JobControl;
import io.rusticated.spi.ProcessSupport;
import io.rusticated.spi.SpawnRequest;
import io.rusticated.spi.SpawnedProcess;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * Processes on Linux: {@code posix_spawn} (glibc clones with CLONE_VFORK and execs; the JVM is
 * never forked), a pidfd per child as its process handle (readable once the child exits, which
 * both drivers wait for as WAIT_CHILD, and a signal target no recycled pid can hijack), and
 * {@code waitid(P_PIDFD, ..., WNOHANG)} to collect states without blocking.
 */
public final class LinuxProcessSupport implements ProcessSupport {
    private static final ThreadLocal<MemorySegment> SIGINFO = ThreadLocal.withInitial(() -> NativeMemory.allocate(SIGINFO_SIZE, 8));

    @Override
    public boolean supportsCurrentOs() {
        return LinuxArch.supports(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    @Override
    public SpawnedProcess spawn(SpawnRequest request) throws IOException {
        int pid;
        try (Arena arena = Arena.ofConfined(); SpawnPlan plan = SpawnPlan.of(arena, request)) {
            MemorySegment pidOut = arena.allocate(ValueLayout.JAVA_INT);
            MemorySegment path = arena.allocateFrom(request.program().toString());
            int rc = Libc.posixSpawn(pidOut, path, plan.fileActions(), plan.attributes(),
                    stringArray(arena, request.argv()), stringArray(arena, request.environment()));
            if (rc != 0) {
                throw spawnFailure(rc, request);
            }
            pid = pidOut.get(ValueLayout.JAVA_INT, 0);
            if (request.foregroundTerminal() >= 0 && !Libc.hasPosixSpawnFileActionsAddTcsetpgrp()) {
                // glibc < 2.35: hand the terminal over from here; the child may already have been stopped by SIGTTIN.
                giveTerminal((int) request.foregroundTerminal(), request.processGroup() == 0 ? pid : (int) request.processGroup());
            }
        }
        int pidfd = Libc.pidfdOpen(pid, 0);
        if (pidfd < 0) {
            // Without a wait handle the child cannot be waited for asynchronously: end it rather than leak it.
            Libc.kill(pid, SIGKILL);
            try (Arena arena = Arena.ofConfined()) {
                Libc.waitid(P_PID, pid, arena.allocate(SIGINFO_SIZE, 8), WEXITED);
            }
            throw new IOException("pidfd_open for child " + pid + " (" + request.program() + ") failed: " + LinuxErrors.message(-pidfd)
                    + "; the child was killed (pidfd_open needs Linux 5.3; waiting for a child, waitid(P_PIDFD), needs 5.4)");
        }
        return new SpawnedProcess(pid, pidfd);
    }

    private static void giveTerminal(int tty, int pgid) throws IOException {
        Signals.Restorer ttou = Signals.ignore(Signal.TTOU);
        try {
            check(Libc.tcsetpgrp(tty, pgid), "tcsetpgrp");
        } finally {
            ttou.close();
        }
    }

    private static IOException spawnFailure(int errno, SpawnRequest r) {
        String program = r.program().toString();
        String dir = r.workingDirectory() == null ? "" : " (working directory " + r.workingDirectory() + ")";
        return switch (errno) {
            case ENOENT -> new NoSuchFileException(program, null, "cannot run: no such file or directory" + dir);
            case EACCES, EPERM -> new AccessDeniedException(program, null, "cannot run: " + LinuxErrors.message(errno) + dir);
            case ENOEXEC -> new FileSystemException(program, null, "cannot run: not an executable format the kernel knows (Exec format error)");
            default -> new FileSystemException(program, null, "posix_spawn failed: " + LinuxErrors.name(errno) + " ("
                    + LinuxErrors.message(errno) + ")" + dir);
        };
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
    public long[] pipe() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            check(Libc.pipe2(fds, O_CLOEXEC), "pipe2");
            return new long[]{fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }

    @Override
    public long open(Path path, RedirectMode mode) throws IOException {
        int flags = O_CLOEXEC | switch (mode) {
            case READ -> O_RDONLY;
            case WRITE_TRUNCATE -> O_WRONLY | O_CREAT | O_TRUNC;
            case APPEND -> O_WRONLY | O_CREAT | O_APPEND;
            case READ_WRITE -> O_RDWR | O_CREAT;
        };
        try (Arena arena = Arena.ofConfined()) {
            int fd = Libc.openat(AT_FDCWD, arena.allocateFrom(path.toString()).address(), flags, 0666);
            if (fd < 0) {
                throw LinuxErrors.of(-fd).toException(path.toString(), null);
            }
            return fd;
        }
    }

    @Override
    public long openNullDevice() throws IOException {
        return open(Path.of("/dev/null"), RedirectMode.READ_WRITE);
    }

    @Override
    public void close(long handle) {
        Libc.close((int) handle);
    }

    @Override
    public ChildState pollState(SpawnedProcess child, boolean includeStops) throws IOException {
        MemorySegment si = SIGINFO.get();
        si.fill((byte) 0);
        int options = WEXITED | WNOHANG | (includeStops ? WSTOPPED | WCONTINUED : 0);
        int rc;
        do {
            rc = Libc.waitid(P_PIDFD, (int) child.processHandle(), si, options);
        } while (rc == -EINTR);
        if (rc < 0) {
            if (-rc == ECHILD) {
                throw new IOException("child " + child.pid() + " was already collected by someone else (a waitpid(-1) elsewhere in this process?)");
            }
            throw new IOException("waitid on child " + child.pid() + " failed: " + LinuxErrors.name(-rc) + " (" + LinuxErrors.message(-rc) + ")");
        }
        if (si.get(ValueLayout.JAVA_INT, SIGINFO_PID) == 0) {
            return null; // WNOHANG: no change yet
        }
        int status = si.get(ValueLayout.JAVA_INT, SIGINFO_STATUS);
        return switch (si.get(ValueLayout.JAVA_INT, SIGINFO_CODE)) {
            case CLD_EXITED -> ChildState.exited(status);
            case CLD_KILLED -> ChildState.killed(status, false);
            case CLD_DUMPED -> ChildState.killed(status, true);
            case CLD_STOPPED, CLD_TRAPPED -> ChildState.stopped(status);
            case CLD_CONTINUED -> ChildState.continued();
            default -> throw new IOException("waitid on child " + child.pid() + " gave an unknown si_code " + si.get(ValueLayout.JAVA_INT, SIGINFO_CODE));
        };
    }

    @Override
    public void release(SpawnedProcess child) {
        Libc.close((int) child.processHandle());
    }

    @Override
    public boolean signal(SpawnedProcess child, int signal) throws IOException {
        int rc = Libc.pidfdSendSignal((int) child.processHandle(), signal);
        if (rc == -ESRCH) {
            return false;
        }
        check(rc, "pidfd_send_signal to child " + child.pid());
        return true;
    }

    @Override
    public JobControl jobControl() {
        return LinuxJobControl.INSTANCE;
    }

    /** The JVM's command line from {@code /proc/self/cmdline}: NUL-separated, exactly as exec received it. */
    @Override
    public List<String> commandLine() {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc/self/cmdline"));
            List<String> out = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < raw.length; i++) {
                if (raw[i] == 0) {
                    out.add(new String(raw, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            return List.copyOf(out);
        } catch (IOException e) {
            return null; // no /proc mounted: core falls back to the JDK's view
        }
    }

    static void check(int rc, String call) throws IOException {
        if (rc < 0) {
            throw new IOException(call + " failed: " + LinuxErrors.name(-rc) + " (" + LinuxErrors.message(-rc) + ")");
        }
    }
}
