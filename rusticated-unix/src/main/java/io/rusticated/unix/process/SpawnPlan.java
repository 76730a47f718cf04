package io.rusticated.unix.process;

import io.rusticated.spi.SpawnRequest;
import io.rusticated.spi.SpawnRequest.FdMapping;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.Posix;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A spawn request as the C library's {@code posix_spawn_file_actions_t} and {@code posix_spawnattr_t}.
 *
 * <p>Descriptors: each mapping is a dup2 in the child, which clears close-on-exec on the target.
 * A source that could be overwritten by an earlier dup2 (one at or below the highest target) is
 * first duplicated above the targets here, so the mappings can run in any order and each reads
 * this process's descriptor as it is now. Every other descriptor is then kept from the child
 * ({@link SpawnPlatform#closeOthers}), so the child sees exactly 0-2 and what it asked for, even
 * if some library in the JVM opened a descriptor without close-on-exec.
 *
 * <p>Attributes: the child's signal mask is emptied (JVM threads block some signals) and the
 * requested signals are reset to their default action; the process group, and where the C
 * library can, the terminal's foreground group are set before the program runs.
 */
public final class SpawnPlan implements AutoCloseable {
    private final SpawnAbi abi;
    private final ErrnoTable errors;
    private final MemorySegment fileActions;
    private final MemorySegment attributes;
    private final List<Integer> temporaries = new ArrayList<>();
    private boolean actionsReady;
    private boolean attributesReady;
    private boolean foregroundInChild;

    private SpawnPlan(Arena arena, SpawnAbi abi, ErrnoTable errors) {
        this.abi = abi;
        this.errors = errors;
        this.fileActions = arena.allocate(abi.fileActionsSize(), 16);
        this.attributes = arena.allocate(abi.attributesSize(), 16);
    }

    /** The plan for {@code r}; its memory lives in {@code arena}, which must outlive the plan. */
    public static SpawnPlan of(Arena arena, SpawnRequest r, SpawnAbi abi, SpawnPlatform platform, ErrnoTable errors) throws IOException {
        SpawnPlan plan = new SpawnPlan(arena, abi, errors);
        try {
            plan.build(arena, r, platform);
        } catch (IOException | RuntimeException e) {
            plan.close();
            throw e;
        }
        return plan;
    }

    public MemorySegment fileActions() {
        return fileActions;
    }

    public MemorySegment attributes() {
        return attributes;
    }

    /** Whether the child takes the terminal's foreground itself; if not, the parent hands it over after the spawn. */
    public boolean foregroundInChild() {
        return foregroundInChild;
    }

    private void build(Arena arena, SpawnRequest r, SpawnPlatform platform) throws IOException {
        errors.checkValue(Posix.posixSpawnFileActionsInit(fileActions), "posix_spawn_file_actions_init");
        actionsReady = true;
        errors.checkValue(Posix.posixSpawnattrInit(attributes), "posix_spawnattr_init");
        attributesReady = true;

        if (r.foregroundTerminal() >= 0) {
            // First, while the terminal handle still means this process's.
            foregroundInChild = platform.foregroundInChild(fileActions, (int) r.foregroundTerminal());
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
                int copy = Posix.fcntl(source, abi.dupfdCloexec(), maxTarget + 1);
                if (copy < 0) {
                    throw new IOException("handle " + source + " given to the child as descriptor " + m.target() + " is not usable: "
                            + errors.message(-copy));
                }
                temporaries.add(copy);
                source = copy;
            }
            errors.checkValue(Posix.posixSpawnFileActionsAddDup2(fileActions, source, m.target()), "posix_spawn_file_actions_adddup2");
        }
        for (int fd = 0; fd <= 2; fd++) {
            if (!targets.contains(fd)) {
                platform.inherit(fileActions, fd);
            }
        }
        platform.closeOthers(fileActions, targets, maxTarget);
        if (r.workingDirectory() != null) {
            if (!Posix.hasPosixSpawnFileActionsAddChdir()) {
                throw new UnsupportedOperationException(System.getProperty("os.name") + ": a working directory for a child needs"
                        + " posix_spawn_file_actions_addchdir_np (glibc 2.29, macOS 10.15)");
            }
            errors.checkValue(Posix.posixSpawnFileActionsAddChdir(fileActions, arena.allocateFrom(r.workingDirectory().toString())),
                    "posix_spawn_file_actions_addchdir_np");
        }

        MemorySegment empty = arena.allocate(abi.sigsetSize(), 8);
        Posix.sigemptyset(empty);
        MemorySegment defaults = arena.allocate(abi.sigsetSize(), 8);
        Posix.sigemptyset(defaults);
        for (int sig : r.defaultSignals()) {
            if (Posix.sigaddset(defaults, sig) < 0) {
                throw new IllegalArgumentException("not a signal number: " + sig);
            }
        }
        int flags = abi.setSigmask() | abi.setSigdef() | platform.extraSpawnFlags();
        errors.checkValue(Posix.posixSpawnattrSetsigmask(attributes, empty), "posix_spawnattr_setsigmask");
        errors.checkValue(Posix.posixSpawnattrSetsigdefault(attributes, defaults), "posix_spawnattr_setsigdefault");
        if (r.processGroup() >= 0) {
            flags |= abi.setPgroup();
            errors.checkValue(Posix.posixSpawnattrSetpgroup(attributes, (int) r.processGroup()), "posix_spawnattr_setpgroup");
        }
        errors.checkValue(Posix.posixSpawnattrSetflags(attributes, (short) flags), "posix_spawnattr_setflags");
    }

    @Override
    public void close() {
        if (actionsReady) {
            Posix.posixSpawnFileActionsDestroy(fileActions);
            actionsReady = false;
        }
        if (attributesReady) {
            Posix.posixSpawnattrDestroy(attributes);
            attributesReady = false;
        }
        for (int fd : temporaries) {
            Posix.close(fd);
        }
        temporaries.clear();
    }
}
