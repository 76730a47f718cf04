package io.rusticated.linux;

import io.rusticated.io.NativeMemory;
import io.rusticated.spi.ChildState;
import io.rusticated.spi.SpawnRequest;
import io.rusticated.spi.SpawnedProcess;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.process.OpenFlags;
import io.rusticated.unix.process.SpawnAbi;
import io.rusticated.unix.process.SpawnPlatform;
import io.rusticated.unix.process.UnixProcessSupport;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * Processes on Linux: the shared Unix spawn ({@code posix_spawn}: glibc clones with CLONE_VFORK
 * and execs; the JVM is never forked), a pidfd per child as its process handle (readable once the
 * child exits, which both drivers wait for as WAIT_CHILD, and a signal target no recycled pid can
 * hijack), and {@code waitid(P_PIDFD, ..., WNOHANG)} to collect states without blocking.
 */
public final class LinuxProcessSupport extends UnixProcessSupport {
    private static final ThreadLocal<MemorySegment> SIGINFO = ThreadLocal.withInitial(() -> NativeMemory.allocate(SIGINFO_SIZE, 8));

    /** Read on first use only: LinuxAbi refuses a CPU it has no table for, and ServiceLoader makes this provider on every OS. */
    private static final class Abi {
        static final SpawnAbi SPAWN = new SpawnAbi(POSIX_SPAWN_FILE_ACTIONS_SIZE, POSIX_SPAWNATTR_SIZE, SIGSET_SIZE,
                POSIX_SPAWN_SETPGROUP, POSIX_SPAWN_SETSIGDEF, POSIX_SPAWN_SETSIGMASK, F_DUPFD_CLOEXEC);
        static final OpenFlags OPEN = new OpenFlags(AT_FDCWD, O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_CLOEXEC);
    }

    @Override
    public boolean supportsCurrentOs() {
        return LinuxArch.supports(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    @Override
    protected ErrnoTable errors() {
        return LinuxErrors.TABLE;
    }

    @Override
    protected SpawnAbi spawnAbi() {
        return Abi.SPAWN;
    }

    @Override
    protected SpawnPlatform spawnPlatform() {
        return LinuxSpawnPlatform.INSTANCE;
    }

    @Override
    protected OpenFlags openFlags() {
        return Abi.OPEN;
    }

    @Override
    protected SpawnedProcess started(int pid, SpawnRequest request) throws IOException {
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

    @Override
    public long[] pipe() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            LinuxErrors.TABLE.check(Libc.pipe2(fds, O_CLOEXEC), "pipe2");
            return new long[]{fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
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
        LinuxErrors.TABLE.check(rc, "pidfd_send_signal to child " + child.pid());
        return true;
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
}
