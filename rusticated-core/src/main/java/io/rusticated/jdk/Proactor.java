package io.rusticated.jdk;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.DirectCalls;
import io.rusticated.spi.Platform;
import io.rusticated.spi.PlatformFiles;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What the JDK plug-ins serve calls with: the OS's rules for the JDK's file calls
 * ({@link #files()}) and its system calls on the calling thread ({@link #calls()}), which serve
 * every synchronous call; and, for what waits on the loop (the asynchronous channel, a stream's
 * reads and writes), rusticated's {@link EventLoop#shared() shared} loop, or null where a caller
 * must serve itself with the JDK instead ({@link #whyNoLoop()} says why). The loop starts only
 * when something needs it: a program that only makes synchronous calls never starts one.
 *
 * <p>Null is the answer in three cases. On the loop's own thread, because blocking there on the
 * loop would wait for ever. When rusticated cannot start (no backend for this OS, io_uring and
 * epoll both refused, the shared loop closed), after one DEBUG log line. And while the loop is
 * starting and the caller has waited {@code rusticated.jdk.startWaitMillis} (default 5000) for it:
 * the start runs on its own short-lived thread so that a caller holding a lock the start needs
 * (a class initialisation, a {@code PrintStream}'s lock when logging goes to the console) falls
 * back to the JDK instead of dead-locking; later calls use the loop once it is up.
 *
 * <p>Nothing here runs at class initialisation: the system class loader's constructor, which
 * runs while {@link ClassLoader#getSystemClassLoader()} must not be called, may load this class.
 */
final class Proactor {
    private static final long START_WAIT_MILLIS = Long.getLong("rusticated.jdk.startWaitMillis", 5000);
    private static final Object LOCK = new Object();
    private static volatile EventLoop loop;
    private static volatile boolean failed;
    private static volatile boolean booted;
    private static CompletableFuture<EventLoop> starting;

    private Proactor() {
    }

    /** The loop to block on from this thread, or null: then do the work with the JDK. */
    static EventLoop loop() {
        EventLoop l = loop;
        if (l != null) {
            return l.isClosed() || l.isLoopThread() ? null : l;
        }
        if (failed) {
            return null;
        }
        return startOrWait();
    }

    /** True on a thread of the loop that {@link #loop()} hands out. */
    static boolean onLoopThread() {
        EventLoop l = loop;
        return l != null && l.isLoopThread();
    }

    /** Why {@link #loop()} gave null to this thread just now. */
    static HandOver whyNoLoop() {
        EventLoop l = loop;
        if (l != null) {
            return l.isClosed() ? HandOver.NO_BACKEND : HandOver.LOOP_THREAD;
        }
        if (failed) {
            return HandOver.NO_BACKEND;
        }
        if (!booted()) {
            return HandOver.BOOTING;
        }
        return isRusticatedThread() ? HandOver.LOOP_THREAD : HandOver.STARTING;
    }

    /**
     * The OS's rules for the JDK's file calls ({@link Platform#files()}), or null: while the JVM
     * boots (finding them then would ask for the system class loader), or where no module on the
     * path has them for this OS.
     */
    static PlatformFiles files() {
        return booted() ? Platform.files() : null;
    }

    /**
     * The OS's system calls on the calling thread ({@link Platform#directCalls()}), or null: while
     * the JVM boots, or where no module on the path has them for this OS.
     */
    static DirectCalls calls() {
        return booted() ? Platform.directCalls() : null;
    }

    /** Why {@link #files()} or {@link #calls()} gave null. */
    static HandOver whyNoFiles() {
        return booted() ? HandOver.NO_OS_MODULE : HandOver.BOOTING;
    }

    private static EventLoop startOrWait() {
        if (!booted()) {
            return null;
        }
        CompletableFuture<EventLoop> f;
        synchronized (LOCK) {
            if (starting == null) {
                starting = new CompletableFuture<>();
                Thread.ofPlatform().daemon().name("rusticated-jdk-start").start(Proactor::start);
            }
            f = starting;
        }
        if (isRusticatedThread()) {
            return null; // the loop's own start-up (or its blocking pool) calling back into the JDK
        }
        try {
            return f.get(START_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (TimeoutException | ExecutionException e) {
            return null;
        }
    }

    private static void start() {
        EventLoop l;
        try {
            l = EventLoop.shared();
        } catch (Throwable t) {
            failed = true;
            starting.complete(null);
            System.getLogger("io.rusticated.jdk").log(System.Logger.Level.DEBUG,
                    "rusticated could not start; the JDK plug-ins hand every call to the JDK", t);
            return;
        }
        loop = l;
        starting.complete(l);
    }

    /** The loop's thread, the blocking pool's and the starter, by the names rusticated gives them. */
    private static boolean isRusticatedThread() {
        String name = Thread.currentThread().getName();
        return name.equals("rusticated-loop") || name.startsWith("rusticated-blocking-") || name.equals("rusticated-jdk-start");
    }

    /**
     * False while the JVM is still constructing its system class loader: starting the loop then
     * would initialise the JDK's logging at the one moment it cannot initialise (it asks for the
     * system class loader), breaking it for the life of the process.
     */
    private static boolean booted() {
        if (booted) {
            return true;
        }
        try {
            ClassLoader.getSystemClassLoader();
            booted = true;
            return true;
        } catch (IllegalStateException e) {
            return false;
        }
    }

    /**
     * Waits for a stage the loop completes and returns its value. Failures come out as what they
     * are: an {@link IOException} (its stack trace refilled here, so it shows the caller), a
     * runtime exception, or {@link CancellationException}.
     */
    static <T> T await(CompletionStage<T> stage) throws IOException {
        try {
            return stage.toCompletableFuture().join();
        } catch (CompletionException e) {
            throw rethrow(e.getCause() != null ? e.getCause() : e);
        }
    }

    static IOException rethrow(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof IOException io) {
            io.fillInStackTrace();
            return io;
        }
        if (t instanceof RuntimeException r) {
            throw r;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IOException(t);
    }
}
