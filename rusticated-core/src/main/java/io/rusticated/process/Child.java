package io.rusticated.process;

import io.rusticated.rt.EventLoop;
import io.rusticated.rt.Operation;
import io.rusticated.signal.Signal;
import io.rusticated.spi.ChildState;
import io.rusticated.spi.ProcessSupport;
import io.rusticated.spi.SpawnedProcess;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A running child process, spawned by a {@link Command}.
 *
 * <p>Waiting costs no thread: the loop waits on the child's process handle with one
 * {@link io.rusticated.spi.Opcode#WAIT_CHILD} operation (a pidfd on Linux, {@code EVFILT_PROC} on
 * macOS, the process handle on Windows), then collects the status without blocking. Stops and
 * continues, which that wait does not report, are noticed on SIGCHLD (received through the
 * JVM's signal dispatch) while someone waits for them with {@link #waitChange()}.
 *
 * <p>Like Rust's {@code std::process::Child}, a child nobody waits for stays a zombie until this
 * process exits. ({@code wait()} is {@link Object#wait()}'s name in Java, hence
 * {@link #waitExit()} and {@link #waitChange()}.)
 */
public final class Child {
    private final EventLoop loop;
    private final ProcessSupport os;
    private final SpawnedProcess process;
    private final String program;
    private final long processGroup;
    private final PipeWriter stdin;
    private final PipeReader stdout;
    private final PipeReader stderr;

    // Loop thread only.
    private final List<CompletableFuture<ExitStatus>> changeWaiters = new ArrayList<>();
    private final List<CompletableFuture<ExitStatus>> exitWaiters = new ArrayList<>();
    private ExitPoll poll;
    private ExitStatus lastState;
    private volatile ExitStatus terminal;
    /** The wait handle is closed (after termination was collected); guarded by this. */
    private boolean released;

    Child(EventLoop loop, ProcessSupport os, SpawnedProcess process, String program, long processGroup,
          PipeWriter stdin, PipeReader stdout, PipeReader stderr) {
        this.loop = loop;
        this.os = os;
        this.process = process;
        this.program = program;
        this.processGroup = processGroup;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    public long pid() {
        return process.pid();
    }

    /** The program as the command named it. */
    public String program() {
        return program;
    }

    /** The loop its waits and pipes complete on. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * The process group the child was spawned into (its own pid for a new group), or -1 when it
     * shares this process's group.
     */
    public long processGroup() {
        return processGroup;
    }

    /** The write end of the child's stdin pipe. @throws IllegalStateException unless stdin was {@link Redirect#PIPE} */
    public PipeWriter stdin() {
        return piped(stdin, "stdin");
    }

    /** The read end of the child's stdout pipe. @throws IllegalStateException unless stdout was {@link Redirect#PIPE} */
    public PipeReader stdout() {
        return piped(stdout, "stdout");
    }

    /** The read end of the child's stderr pipe. @throws IllegalStateException unless stderr was {@link Redirect#PIPE} */
    public PipeReader stderr() {
        return piped(stderr, "stderr");
    }

    private <T> T piped(T end, String name) {
        if (end == null) {
            throw new IllegalStateException(name + " of " + this + " is not a pipe; spawn with Redirect.PIPE");
        }
        return end;
    }

    /** The termination, once collected. */
    public java.util.Optional<ExitStatus> exitStatus() {
        return java.util.Optional.ofNullable(terminal);
    }

    /**
     * Completes (on the loop) when the child terminates, with its exit code or killing signal.
     * Stops and continues are skipped. Every call after termination gives the same status.
     */
    public CompletionStage<ExitStatus> waitExit() {
        ExitStatus t = terminal;
        if (t != null) {
            return CompletableFuture.completedFuture(t);
        }
        CompletableFuture<ExitStatus> f = new CompletableFuture<>();
        onLoop(() -> {
            exitWaiters.add(f);
            startWaiting();
        });
        return f;
    }

    /**
     * Completes (on the loop) at the child's next state change: stopped, continued or terminated
     * (as {@code waitpid} with WUNTRACED and WCONTINUED). A stop that happened before the call
     * and was not yet reported is reported at once. After termination, gives the termination.
     */
    public CompletionStage<ExitStatus> waitChange() {
        ExitStatus t = terminal;
        if (t != null) {
            return CompletableFuture.completedFuture(t);
        }
        CompletableFuture<ExitStatus> f = new CompletableFuture<>();
        onLoop(() -> {
            changeWaiters.add(f);
            ChildWatch.of(loop).watch(this);
            startWaiting();
        });
        return f;
    }

    /** The state last reported to a waiter (null before any). Loop thread. */
    ExitStatus lastState() {
        return lastState;
    }

    /**
     * Sends the signal to the child.
     *
     * @return false if the child already terminated and was collected, so there is no one to signal
     */
    public boolean kill(Signal signal) {
        synchronized (this) {
            if (released) {
                return false;
            }
            try {
                return os.signal(process, signal.number());
            } catch (IOException e) {
                throw new UncheckedIOException("sending " + signal + " to " + this + " failed", e);
            }
        }
    }

    /**
     * Ends the child at once: SIGKILL on POSIX, TerminateProcess on Windows (which has no SIGKILL).
     *
     * @return false if the child already terminated and was collected
     */
    public boolean kill() {
        synchronized (this) {
            if (released) {
                return false;
            }
            try {
                return os.kill(process);
            } catch (IOException e) {
                throw new UncheckedIOException("killing " + this + " failed", e);
            }
        }
    }

    // ---- the loop's side ----

    private void onLoop(Runnable r) {
        if (loop.isLoopThread()) {
            r.run();
        } else {
            loop.execute(r);
        }
    }

    private void startWaiting() {
        if (terminal != null) {
            settle(terminal);
            return;
        }
        check();
        poll();
    }

    /** Arms the exit poll if someone waits and it is not armed yet. */
    private void poll() {
        if (poll != null || terminal != null || (changeWaiters.isEmpty() && exitWaiters.isEmpty())) {
            return;
        }
        ExitPoll p = new ExitPoll();
        p.prepareWaitChild(process.processHandle());
        poll = p;
        loop.submit(p);
    }

    /** Collects a pending state change, if any, and hands it out. Loop thread; also called on SIGCHLD. */
    void check() {
        if (terminal != null || (changeWaiters.isEmpty() && exitWaiters.isEmpty())) {
            return;
        }
        ChildState s;
        try {
            s = os.pollState(process, !changeWaiters.isEmpty());
        } catch (IOException e) {
            fail(e);
            return;
        }
        if (s != null) {
            settle(ExitStatus.of(s));
        }
    }

    private void settle(ExitStatus s) {
        lastState = s;
        if (s.isTerminated()) {
            terminal = s;
            ChildWatch.of(loop).unwatch(this);
            completeAll(changeWaiters, s);
            completeAll(exitWaiters, s);
            if (poll != null) {
                poll.cancel(); // the handle is released when the poll's own completion arrives
            } else {
                release();
            }
            return;
        }
        completeAll(changeWaiters, s);
        ChildWatch.of(loop).unwatch(this);
    }

    private void fail(Throwable e) {
        List<CompletableFuture<ExitStatus>> all = new ArrayList<>(changeWaiters);
        all.addAll(exitWaiters);
        changeWaiters.clear();
        exitWaiters.clear();
        ChildWatch.of(loop).unwatch(this);
        for (CompletableFuture<ExitStatus> f : all) {
            f.completeExceptionally(e);
        }
    }

    private static void completeAll(List<CompletableFuture<ExitStatus>> waiters, ExitStatus s) {
        List<CompletableFuture<ExitStatus>> copy = new ArrayList<>(waiters);
        waiters.clear();
        for (CompletableFuture<ExitStatus> f : copy) {
            f.complete(s);
        }
    }

    private void release() {
        synchronized (this) {
            if (released) {
                return;
            }
            released = true;
        }
        os.release(process);
    }

    private void pollDone(Throwable failure) {
        poll = null;
        if (terminal != null) {
            release();
            return;
        }
        if (failure != null && !(failure instanceof CancellationException)) {
            fail(failure);
            return;
        }
        check();
        poll();
    }

    /** The wait on the process handle: the child terminated. */
    private final class ExitPoll extends Operation {
        @Override
        protected void complete(long result, Throwable failure) {
            pollDone(failure);
        }
    }

    @Override
    public String toString() {
        ExitStatus t = terminal;
        return "Child[" + program + ", pid " + process.pid() + (t != null ? ", " + t : "") + "]";
    }
}
