package io.rusticated.linux;

import io.rusticated.spi.SpawnRequest;
import io.rusticated.spi.SpawnRequest.FdMapping;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.rusticated.linux.LinuxAbi.*;

/**
 * A spawn request as glibc's {@code posix_spawn_file_actions_t} and {@code posix_spawnattr_t}.
 *
 * <p>Descriptors: each mapping is a dup2 in the child, which clears close-on-exec on the target.
 * A source that could be overwritten by an earlier dup2 (one at or below the highest target) is
 * first duplicated above the targets here, so the mappings can run in any order and each reads
 * this process's descriptor as it is now. Then every other descriptor from 3 up is closed in the
 * child (closefrom, glibc 2.34+; else one close per descriptor listed in /proc/self/fd), so the
 * child sees exactly 0-2 and what it asked for, even if some library in the JVM opened a
 * descriptor without O_CLOEXEC.
 *
 * <p>Attributes: the child's signal mask is emptied (JVM threads block some signals) and the
 * requested signals are reset to their default action; the process group and the terminal's
 * foreground group are set before the program runs.
 */
final class SpawnPlan implements AutoCloseable {
    private final MemorySegment fileActions;
    private final MemorySegment attributes;
    private final List<Integer> temporaries = new ArrayList<>();
    private boolean actionsReady;
    private boolean attributesReady;

    private SpawnPlan(Arena arena) {
        this.fileActions = arena.allocate(POSIX_SPAWN_FILE_ACTIONS_SIZE, 16);
        this.attributes = arena.allocate(POSIX_SPAWNATTR_SIZE, 16);
    }

    static SpawnPlan of(Arena arena, SpawnRequest r) throws IOException {
        SpawnPlan plan = new SpawnPlan(arena);
        try {
            plan.build(arena, r);
        } catch (IOException | RuntimeException e) {
            plan.close();
            throw e;
        }
        return plan;
    }

    MemorySegment fileActions() {
        return fileActions;
    }

    MemorySegment attributes() {
        return attributes;
    }

    private void build(Arena arena, SpawnRequest r) throws IOException {
        ok(Libc.posixSpawnFileActionsInit(fileActions), "posix_spawn_file_actions_init");
        actionsReady = true;
        ok(Libc.posixSpawnattrInit(attributes), "posix_spawnattr_init");
        attributesReady = true;

        if (r.foregroundTerminal() >= 0 && Libc.hasPosixSpawnFileActionsAddTcsetpgrp()) {
            // First, while the terminal handle still means this process's; the child runs it with
            // every signal blocked (glibc), so its tcsetpgrp from the background is not stopped by SIGTTOU.
            ok(Libc.posixSpawnFileActionsAddTcsetpgrp(fileActions, (int) r.foregroundTerminal()), "posix_spawn_file_actions_addtcsetpgrp_np");
        }

        int maxTarget = 2;
        Set<Integer> targets = new HashSet<>();
        for (FdMapping m : r.descriptors()) {
            maxTarget = Math.max(maxTarget, m.target());
            targets.add(m.target());
        }
        for (FdMapping m : r.descriptors()) {
            int source = (int) m.source();
            if (source <= maxTarget) {
                int copy = Libc.fcntl(source, F_DUPFD_CLOEXEC, maxTarget + 1);
                if (copy < 0) {
                    throw new IOException("handle " + source + " given to the child as descriptor " + m.target() + " is not usable: "
                            + LinuxErrors.message(-copy));
                }
                temporaries.add(copy);
                source = copy;
            }
            ok(Libc.posixSpawnFileActionsAddDup2(fileActions, source, m.target()), "posix_spawn_file_actions_adddup2");
        }
        for (int fd = 3; fd <= maxTarget; fd++) {
            if (!targets.contains(fd)) {
                ok(Libc.posixSpawnFileActionsAddClose(fileActions, fd), "posix_spawn_file_actions_addclose");
            }
        }
        if (Libc.hasPosixSpawnFileActionsAddClosefrom()) {
            ok(Libc.posixSpawnFileActionsAddClosefrom(fileActions, maxTarget + 1), "posix_spawn_file_actions_addclosefrom_np");
        } else {
            for (int fd : openDescriptorsFrom(maxTarget + 1)) {
                ok(Libc.posixSpawnFileActionsAddClose(fileActions, fd), "posix_spawn_file_actions_addclose");
            }
        }
        if (r.workingDirectory() != null) {
            if (!Libc.hasPosixSpawnFileActionsAddChdir()) {
                throw new UnsupportedOperationException("Linux: a working directory for a child needs glibc 2.29 or later"
                        + " (posix_spawn_file_actions_addchdir_np)");
            }
            ok(Libc.posixSpawnFileActionsAddChdir(fileActions, arena.allocateFrom(r.workingDirectory().toString())),
                    "posix_spawn_file_actions_addchdir_np");
        }

        MemorySegment empty = arena.allocate(SIGSET_SIZE, 8);
        Libc.sigemptyset(empty);
        MemorySegment defaults = arena.allocate(SIGSET_SIZE, 8);
        Libc.sigemptyset(defaults);
        for (int sig : r.defaultSignals()) {
            if (Libc.sigaddset(defaults, sig) < 0) {
                throw new IllegalArgumentException("not a signal number: " + sig);
            }
        }
        int flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF;
        ok(Libc.posixSpawnattrSetsigmask(attributes, empty), "posix_spawnattr_setsigmask");
        ok(Libc.posixSpawnattrSetsigdefault(attributes, defaults), "posix_spawnattr_setsigdefault");
        if (r.processGroup() >= 0) {
            flags |= POSIX_SPAWN_SETPGROUP;
            ok(Libc.posixSpawnattrSetpgroup(attributes, (int) r.processGroup()), "posix_spawnattr_setpgroup");
        }
        ok(Libc.posixSpawnattrSetflags(attributes, (short) flags), "posix_spawnattr_setflags");
    }

    /** Descriptors of this process from {@code from} up (for glibc without closefrom). */
    private static List<Integer> openDescriptorsFrom(int from) {
        List<Integer> out = new ArrayList<>();
        String[] names = new java.io.File("/proc/self/fd").list();
        if (names != null) {
            for (String n : names) {
                int fd = Integer.parseInt(n);
                if (fd >= from) {
                    out.add(fd);
                }
            }
        }
        return out;
    }

    private static void ok(int errnoValue, String call) throws IOException {
        if (errnoValue != 0) {
            throw new IOException(call + " failed: " + LinuxErrors.name(errnoValue) + " (" + LinuxErrors.message(errnoValue) + ")");
        }
    }

    @Override
    public void close() {
        if (actionsReady) {
            Libc.posixSpawnFileActionsDestroy(fileActions);
            actionsReady = false;
        }
        if (attributesReady) {
            Libc.posixSpawnattrDestroy(attributes);
            attributesReady = false;
        }
        for (int fd : temporaries) {
            Libc.close(fd);
        }
        temporaries.clear();
    }
}
