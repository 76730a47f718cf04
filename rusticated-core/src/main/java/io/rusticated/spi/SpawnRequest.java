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
 * @param descriptors        which of this process's handles become which descriptors of the
 *                           child; every source is read as it is in this process at the time of
 *                           the call, so the mappings may be applied in any order. Descriptors
 *                           not listed (and not 0, 1, 2) are closed in the child.
 * @param processGroup       -1: stay in this process's group; 0: a new group the child leads;
 *                           > 0: join that group
 * @param foregroundTerminal a terminal whose foreground group the child's group becomes before it
 *                           runs, or -1
 * @param defaultSignals     signal numbers reset to their default action in the child
 */
public record SpawnRequest(Path program, List<String> argv, List<String> environment, Path workingDirectory,
                           List<FdMapping> descriptors, long processGroup, long foregroundTerminal, List<Integer> defaultSignals) {
    public SpawnRequest {
        Objects.requireNonNull(program, "program");
        argv = List.copyOf(argv);
        environment = List.copyOf(environment);
        descriptors = List.copyOf(descriptors);
        defaultSignals = List.copyOf(defaultSignals);
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
