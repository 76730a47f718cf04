package io.rusticated.macos;

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

import static io.rusticated.macos.MacAbi.*;

/**
 * Processes on macOS: the shared Unix spawn with {@code POSIX_SPAWN_CLOEXEC_DEFAULT}
 * ({@link MacSpawnPlatform}; {@code posix_spawn}, never {@code posix_spawnp}, whose macOS version
 * libuv found buggy since 10.15: the program is already resolved), the pid as the process handle
 * (macOS has no process descriptor: the kqueue driver waits for it with EVFILT_PROC), waitpid to
 * collect states ({@link ChildReaper}), kill(2) to signal. A pid can be reused only after its child
 * was collected, which happens only here, so a signal never reaches a stranger.
 */
public final class MacProcessSupport extends UnixProcessSupport {
    private static final ThreadLocal<MemorySegment> STATUS = ThreadLocal.withInitial(() -> NativeMemory.allocate(Integer.BYTES, Integer.BYTES));

    /** Read on first use only: ServiceLoader makes this provider on every OS. */
    private static final class Abi {
        static final SpawnAbi SPAWN = new SpawnAbi(POSIX_SPAWN_FILE_ACTIONS_SIZE, POSIX_SPAWNATTR_SIZE, SIGSET_SIZE,
                POSIX_SPAWN_SETPGROUP, POSIX_SPAWN_SETSIGDEF, POSIX_SPAWN_SETSIGMASK, F_DUPFD_CLOEXEC);
        static final OpenFlags OPEN = new OpenFlags(AT_FDCWD, O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND, O_CLOEXEC);
        static final ChildReaper REAPER = new ChildReaper(MacProcessSupport::waitpid, MacErrors.TABLE);
    }

    private static int waitpid(int pid, int options, int[] status) {
        MemorySegment s = STATUS.get();
        int rc = Darwin.waitpid(pid, s, options);
        status[0] = s.get(ValueLayout.JAVA_INT, 0);
        return rc;
    }

    @Override
    public boolean supportsCurrentOs() {
        return MacArch.supports(System.getProperty("os.name", ""), System.getProperty("os.arch", ""));
    }

    @Override
    protected ErrnoTable errors() {
        return MacErrors.TABLE;
    }

    @Override
    protected SpawnAbi spawnAbi() {
        return Abi.SPAWN;
    }

    @Override
    protected SpawnPlatform spawnPlatform() {
        return MacSpawnPlatform.INSTANCE;
    }

    @Override
    protected OpenFlags openFlags() {
        return Abi.OPEN;
    }

    @Override
    protected SpawnedProcess started(int pid, SpawnRequest request) {
        return new SpawnedProcess(pid, pid);
    }

    /**
     * pipe(2), both ends close-on-exec; this process's end is made O_NONBLOCK by nobody: a pipe
     * end may still be handed to a child, which must get a plain blocking end, so the kqueue driver
     * waits for readiness and reads on the pool instead (see {@link MacDescriptors}).
     */
    @Override
    public long[] pipe() throws IOException {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            MacErrors.TABLE.check(Darwin.pipe(fds), "pipe");
            int r = fds.getAtIndex(ValueLayout.JAVA_INT, 0);
            int w = fds.getAtIndex(ValueLayout.JAVA_INT, 1);
            for (int fd : new int[] {r, w}) {
                int rc = Darwin.fcntl(fd, F_SETFD, FD_CLOEXEC);
                if (rc < 0) {
                    Darwin.close(r);
                    Darwin.close(w);
                    MacErrors.TABLE.check(rc, "fcntl(F_SETFD, FD_CLOEXEC) of a new pipe");
                }
            }
            return new long[] {r, w};
        }
    }

    @Override
    public ChildState pollState(SpawnedProcess child, boolean includeStops) throws IOException {
        return Abi.REAPER.collect((int) child.pid(), includeStops);
    }

    /** The pid is the handle: nothing to release. */
    @Override
    public void release(SpawnedProcess child) {
        ExitedChildren.forget((int) child.pid());
    }

    @Override
    public boolean signal(SpawnedProcess child, int signal) throws IOException {
        int rc = Darwin.kill((int) child.pid(), signal);
        if (rc == -ESRCH) {
            return false;
        }
        MacErrors.TABLE.check(rc, "kill of child " + child.pid());
        return true;
    }
}
