package io.rusticated.linux;

import io.rusticated.unix.process.SpawnPlatform;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * posix_spawn on glibc: the child loses every descriptor from 3 up that it was not given by
 * closing them (closefrom, glibc 2.34+; else one close per descriptor listed in /proc/self/fd),
 * and takes a terminal's foreground itself where glibc 2.35's addtcsetpgrp_np exists (glibc runs
 * it with every signal blocked, so its tcsetpgrp from the background is not stopped by SIGTTOU).
 */
final class LinuxSpawnPlatform implements SpawnPlatform {
    static final LinuxSpawnPlatform INSTANCE = new LinuxSpawnPlatform();

    private LinuxSpawnPlatform() {
    }

    @Override
    public int extraSpawnFlags() {
        return 0;
    }

    @Override
    public void closeOthers(MemorySegment fileActions, Set<Integer> targets, int maxTarget) throws IOException {
        for (int fd = 3; fd <= maxTarget; fd++) {
            if (!targets.contains(fd)) {
                LinuxErrors.TABLE.checkValue(Libc.posixSpawnFileActionsAddClose(fileActions, fd), "posix_spawn_file_actions_addclose");
            }
        }
        if (Libc.hasPosixSpawnFileActionsAddClosefrom()) {
            LinuxErrors.TABLE.checkValue(Libc.posixSpawnFileActionsAddClosefrom(fileActions, maxTarget + 1), "posix_spawn_file_actions_addclosefrom_np");
        } else {
            for (int fd : openDescriptorsFrom(maxTarget + 1)) {
                LinuxErrors.TABLE.checkValue(Libc.posixSpawnFileActionsAddClose(fileActions, fd), "posix_spawn_file_actions_addclose");
            }
        }
    }

    /** Descriptors 0-2 that are not redirected stay open across exec: nothing to do. */
    @Override
    public void inherit(MemorySegment fileActions, int fd) {
    }

    @Override
    public boolean foregroundInChild(MemorySegment fileActions, int terminal) throws IOException {
        if (!Libc.hasPosixSpawnFileActionsAddTcsetpgrp()) {
            return false;
        }
        LinuxErrors.TABLE.checkValue(Libc.posixSpawnFileActionsAddTcsetpgrp(fileActions, terminal), "posix_spawn_file_actions_addtcsetpgrp_np");
        return true;
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
}
