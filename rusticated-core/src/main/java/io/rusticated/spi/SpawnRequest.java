package io.rusticated.spi;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Everything needed to start a child in one call.
 *
 * @param program            the executable, an absolute path (already searched on PATH)
 * @param argv               the arguments, {@code argv[0]} included
 * @param environment        {@code NAME=value} entries, the child's whole environment
 * @param workingDirectory   the child's working directory, or null for this process's
 * @param stdin              this process's handle that becomes the child's standard input, or
 *                           {@link #INHERIT} for this process's own (likewise {@code stdout},
 *                           {@code stderr}). The child gets exactly its three standard handles
 *                           and the extra descriptors, nothing else.
 * @param extraDescriptors   POSIX only: which of this process's handles become which further
 *                           descriptors (3 and up) of the child; an OS without descriptors
 *                           refuses a non-empty list
 * @param processGroup       -1: stay in this process's group; 0: a new group the child leads
 *                           (a new console process group on Windows); > 0: join that group (POSIX)
 * @param foregroundTerminal POSIX only: a terminal whose foreground group the child's group
 *                           becomes before it runs, or -1
 * @param defaultSignals     POSIX only: signal numbers reset to their default action in the child
 */
public record SpawnRequest(Path program, List<String> argv, List<String> environment, Path workingDirectory,
                           long stdin, long stdout, long stderr, List<FdMapping> extraDescriptors,
                           long processGroup, long foregroundTerminal, List<Integer> defaultSignals) {
    /** A standard handle of the child that is this process's own. */
    public static final long INHERIT = -1;

    public SpawnRequest {
        Objects.requireNonNull(program, "program");
        argv = List.copyOf(argv);
        environment = List.copyOf(environment);
        extraDescriptors = List.copyOf(extraDescriptors);
        defaultSignals = List.copyOf(defaultSignals);
        for (FdMapping m : extraDescriptors) {
            if (m.target() <= 2) {
                throw new IllegalArgumentException("descriptor " + m.target() + " is a standard handle: give it as stdin, stdout or stderr");
            }
        }
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("argv must hold at least argv[0]");
        }
        if (processGroup < -1) {
            throw new IllegalArgumentException("process group must be -1, 0 or a group id: " + processGroup);
        }
        if (foregroundTerminal >= 0 && processGroup < 0) {
            throw new IllegalArgumentException("a child can take a terminal's foreground only in its own or a given process group");
        }
    }

    /**
     * POSIX: every descriptor mapping to apply, the standard ones that are not inherited first;
     * each source is read as it is in this process at the time of the call, so the mappings may
     * be applied in any order. Descriptors not listed (and not 0, 1, 2) are closed in the child.
     */
    public List<FdMapping> descriptors() {
        List<FdMapping> all = new java.util.ArrayList<>(3 + extraDescriptors.size());
        long[] standard = {stdin, stdout, stderr};
        for (int fd = 0; fd < 3; fd++) {
            if (standard[fd] != INHERIT) {
                all.add(new FdMapping(fd, standard[fd]));
            }
        }
        all.addAll(extraDescriptors);
        return all;
    }

    /** The child's descriptor {@code target} is this process's {@code source}. */
    public record FdMapping(int target, long source) {
        public FdMapping {
            if (target < 0) {
                throw new IllegalArgumentException("negative child descriptor: " + target);
            }
            if (source < 0) {
                throw new IllegalArgumentException("negative source handle: " + source);
            }
        }
    }
}
