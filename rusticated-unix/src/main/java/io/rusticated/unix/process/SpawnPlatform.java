package io.rusticated.unix.process;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Set;

/**
 * Where one Unix's posix_spawn differs, behind a small hook: how the child is kept from inheriting
 * descriptors nobody gave it (closefrom on Linux, {@code POSIX_SPAWN_CLOEXEC_DEFAULT} on macOS),
 * and whether the child can take a terminal's foreground itself.
 */
public interface SpawnPlatform {
    /** Flags this OS adds to every spawn's attributes ({@code POSIX_SPAWN_CLOEXEC_DEFAULT} on macOS). */
    int extraSpawnFlags();

    /**
     * Arranges that the child's descriptors are exactly 0-2 and {@code targets}, whatever this
     * process has open without close-on-exec; {@code maxTarget} is the highest of those (at
     * least 2). Called after every mapping's dup2 was added.
     */
    void closeOthers(MemorySegment fileActions, Set<Integer> targets, int maxTarget) throws IOException;

    /** Keeps this process's own standard descriptor {@code fd} (0-2) as the child's. */
    void inherit(MemorySegment fileActions, int fd) throws IOException;

    /**
     * Makes the child's group the terminal's foreground group before the program runs, if the
     * C library can (glibc 2.35's {@code posix_spawn_file_actions_addtcsetpgrp_np}); false when
     * the parent must hand the terminal over after the spawn instead.
     */
    boolean foregroundInChild(MemorySegment fileActions, int terminal) throws IOException;
}
