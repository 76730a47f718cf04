package io.rusticated.process;

import io.rusticated.signal.Signal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The children a {@link Pipeline} started, in order, and the process group they share (-1 if
 * they stayed in this process's group).
 */
public record Job(List<Child> children, long processGroup) {
    public Job {
        children = List.copyOf(children);
    }

    /** The first child's stdin pipe. @throws IllegalStateException unless its stdin was {@link Redirect#PIPE} */
    public PipeWriter stdin() {
        return children.getFirst().stdin();
    }

    /** The last child's stdout pipe. @throws IllegalStateException unless its stdout was {@link Redirect#PIPE} */
    public PipeReader stdout() {
        return children.getLast().stdout();
    }

    /** Completes when every child has terminated, with their statuses in order. */
    public CompletionStage<List<ExitStatus>> waitExit() {
        List<CompletableFuture<ExitStatus>> all = new ArrayList<>();
        for (Child c : children) {
            all.add(c.waitExit().toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new))
                .thenApply(v -> all.stream().map(CompletableFuture::join).toList());
    }

    /** Sends the signal to the job's process group, or to each child when it has none of its own. */
    public void signal(Signal signal) throws java.io.IOException {
        if (processGroup > 0) {
            Processes.signalGroup(processGroup, signal);
        } else {
            for (Child c : children) {
                c.kill(signal);
            }
        }
    }
}
