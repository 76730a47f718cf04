package io.rusticated.signal;

import io.rusticated.rt.EventLoop;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Signals delivered to this process, as completions on an event loop.
 *
 * <p>The JVM owns the process's signal handlers and every thread's signal mask, so rusticated
 * does not use signalfd or sigaction: it registers with the JVM's own dispatch
 * ({@code sun.misc.Signal}, module {@code jdk.unsupported}), whose handler thread only posts each
 * delivery to the listener's loop.
 *
 * <p>Reserved, refused with {@link IllegalArgumentException}: SIGQUIT (the JVM's thread dump),
 * SIGILL, SIGFPE, SIGSEGV and SIGBUS (the JVM's own fault handling), HotSpot's thread
 * suspend/resume signal (SIGUSR2; start the JVM with the environment variable
 * {@code _JAVA_SR_SIGNUM} set to another number, say 39, to move it and free SIGUSR2), SIGKILL and
 * SIGSTOP (the OS's). Under {@code -Xrs} the JVM also refuses
 * SIGHUP, SIGINT and SIGTERM; and while one of those three is ignored (inherited from a parent
 * such as {@code nohup}) the JVM will not handle it, which fails with {@link IllegalStateException}.
 */
public final class Signals {
    private Signals() {
    }

    /** Listens for the signal on the {@link EventLoop#current() current} loop until the listener is closed. */
    public static SignalListener listen(Signal signal) {
        return listen(EventLoop.current(), signal);
    }

    /**
     * Listens for the signal on {@code loop}. The handler is installed before this returns, so a
     * signal sent afterwards is never missed.
     *
     * @throws IllegalArgumentException if the signal is reserved by the JVM or the OS
     * @throws IllegalStateException    if the process ignores SIGHUP/SIGINT/SIGTERM, which the JVM will not handle
     */
    public static SignalListener listen(EventLoop loop, Signal signal) {
        return new SignalListener(loop, signal);
    }

    /** Completes at the next SIGINT (Ctrl-C at a terminal), then restores the previous handler. */
    public static CompletionStage<Signal> ctrlC() {
        return signalWait(Signal.INT);
    }

    /** Completes at the next delivery of the signal, on the current loop, then restores the previous handler. */
    public static CompletionStage<Signal> signalWait(Signal signal) {
        return signalWait(EventLoop.current(), signal);
    }

    /**
     * Completes at the next delivery of the signal, then stops listening. Cancelling the returned
     * stage stops listening too.
     */
    public static CompletionStage<Signal> signalWait(EventLoop loop, Signal signal) {
        SignalListener listener = listen(loop, signal);
        CompletableFuture<Signal> result = new CompletableFuture<>();
        listener.next().whenComplete((s, e) -> {
            listener.close();
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(s);
            }
        });
        result.whenComplete((s, e) -> listener.close());
        return result;
    }

    /**
     * Ignores the signal (its disposition becomes SIG_IGN, which children inherit unless their
     * {@code Command} resets it) until the returned handle is closed, which restores the
     * previous disposition. A job-control shell ignores SIGTSTP, SIGTTIN and SIGTTOU this way.
     */
    public static Restorer ignore(Signal signal) {
        Runnable restore = SignalDispatch.ignore(signal);
        return restore::run;
    }

    /** Whether rusticated refuses to handle this signal (see the class comment). */
    public static boolean isReserved(Signal signal) {
        return SignalDispatch.RESERVED.contains(signal);
    }

    /** Puts a signal's previous disposition back; closing twice is harmless. */
    @FunctionalInterface
    public interface Restorer extends AutoCloseable {
        @Override
        void close();
    }
}
