package io.rusticated.examples.jobshell;

import io.rusticated.process.Child;
import io.rusticated.process.ExitStatus;
import io.rusticated.process.Job;
import io.rusticated.tty.TerminalMode;

import java.util.concurrent.CompletableFuture;

/**
 * A pipeline the shell started, as job control sees it: running, stopped (every live process
 * stopped), or done (every process terminated). Each child's state changes arrive through
 * {@link Child#waitChange()} on the shell's loop.
 */
final class ShellJob {
    enum State { RUNNING, STOPPED, DONE }

    final int id;
    final String text;
    final Job job;
    private final ExitStatus[] states;
    private CompletableFuture<State> settled;
    private boolean background;
    /** The terminal mode the job had when it stopped, given back when it returns to the foreground. */
    TerminalMode savedMode;

    ShellJob(int id, String text, Job job, boolean background) {
        this.id = id;
        this.text = text;
        this.job = job;
        this.background = background;
        this.states = new ExitStatus[job.children().size()];
        for (int i = 0; i < states.length; i++) {
            follow(i);
        }
    }

    private void follow(int i) {
        job.children().get(i).waitChange().thenAccept(s -> {
            states[i] = s;
            if (!s.isTerminated()) {
                follow(i);
            }
            State now = state();
            if (now != State.RUNNING && settled != null) {
                CompletableFuture<State> f = settled;
                settled = null;
                f.complete(now);
            }
        });
    }

    State state() {
        boolean allDone = true;
        boolean liveAllStopped = true;
        for (ExitStatus s : states) {
            boolean terminated = s != null && s.isTerminated();
            allDone &= terminated;
            if (!terminated && !(s instanceof ExitStatus.Stopped)) {
                liveAllStopped = false;
            }
        }
        return allDone ? State.DONE : liveAllStopped ? State.STOPPED : State.RUNNING;
    }

    /** Completes when the job next stops or finishes (at once if it already has). Loop thread. */
    CompletableFuture<State> settled() {
        State now = state();
        if (now != State.RUNNING) {
            return CompletableFuture.completedFuture(now);
        }
        if (settled == null) {
            settled = new CompletableFuture<>();
        }
        return settled;
    }

    /** About to send SIGCONT: the stopped processes count as running from now on. */
    void markContinued() {
        for (int i = 0; i < states.length; i++) {
            if (states[i] instanceof ExitStatus.Stopped) {
                states[i] = new ExitStatus.Continued();
            }
        }
    }

    boolean isBackground() {
        return background;
    }

    void setBackground(boolean background) {
        this.background = background;
    }

    /** The last process's status, as a shell's {@code $?}. */
    ExitStatus lastStatus() {
        return states[states.length - 1];
    }

    String describe() {
        return "[" + id + "]  " + switch (state()) {
            case RUNNING -> "Running";
            case STOPPED -> "Stopped";
            case DONE -> "Done";
        } + "    " + text;
    }
}
