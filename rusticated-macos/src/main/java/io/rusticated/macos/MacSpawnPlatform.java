package io.rusticated.macos;

import io.rusticated.unix.process.SpawnPlatform;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.Set;

import static io.rusticated.macos.MacAbi.*;

/**
 * posix_spawn on macOS: {@code POSIX_SPAWN_CLOEXEC_DEFAULT} makes every descriptor close-on-exec
 * in the child unless a file action names it, so nothing is closed one by one; each dup2 target is
 * named by its dup2, and a standard descriptor the child keeps as this process's needs
 * {@code posix_spawn_file_actions_addinherit_np} (libuv's {@code uv__spawn_set_posix_spawn_file_actions}).
 * macOS has no {@code addtcsetpgrp_np}: the parent hands the terminal over after the spawn.
 */
final class MacSpawnPlatform implements SpawnPlatform {
    static final MacSpawnPlatform INSTANCE = new MacSpawnPlatform();

    private MacSpawnPlatform() {
    }

    @Override
    public int extraSpawnFlags() {
        return POSIX_SPAWN_CLOEXEC_DEFAULT;
    }

    @Override
    public void closeOthers(MemorySegment fileActions, Set<Integer> targets, int maxTarget) {
        // POSIX_SPAWN_CLOEXEC_DEFAULT closes whatever no file action names
    }

    @Override
    public void inherit(MemorySegment fileActions, int fd) throws IOException {
        MacErrors.TABLE.checkValue(Darwin.posixSpawnFileActionsAddinheritNp(fileActions, fd), "posix_spawn_file_actions_addinherit_np");
    }

    @Override
    public boolean foregroundInChild(MemorySegment fileActions, int terminal) {
        return false;
    }
}
