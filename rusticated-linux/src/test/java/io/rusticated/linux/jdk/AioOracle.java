package io.rusticated.linux.jdk;

import io.rusticated.jdk.RusticatedAsynchronousChannelProvider;
import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Opcode;

import java.io.IOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.CompletionHandler;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The JDK's own asynchronous channel provider as the oracle for rusticated's: a scenario runs
 * against each and writes what it observes (results, exceptions with their messages, the kind of
 * thread a handler ran on) into a transcript; the two transcripts must be equal.
 */
final class AioOracle {
    private static RusticatedAsynchronousChannelProvider ours;

    private AioOracle() {
    }

    /** A scenario, run once per provider. */
    interface Scenario {
        void run(AsynchronousChannelProvider provider, Transcript t) throws Exception;
    }

    /** rusticated serves the channels on both Linux backends: a scenario never quietly runs on the JDK's provider twice. */
    static void requireServed() {
        EventLoop shared = EventLoop.shared();
        assertThat(shared.supports(Opcode.ACCEPT)).as("sockets served by " + shared.backend().name()).isTrue();
    }

    /** The JDK's provider: the system-wide one unless rusticated's is selected, then a new one of the JDK's (with the export). */
    static AsynchronousChannelProvider jdk() throws ReflectiveOperationException {
        AsynchronousChannelProvider p = AsynchronousChannelProvider.provider();
        if (!(p instanceof RusticatedAsynchronousChannelProvider)) {
            return p;
        }
        return (AsynchronousChannelProvider) Class.forName("sun.nio.ch.DefaultAsynchronousChannelProvider").getMethod("create").invoke(null);
    }

    /** Rusticated's provider: the system-wide one when selected, else one made here. */
    static synchronized AsynchronousChannelProvider rusticated() {
        AsynchronousChannelProvider p = AsynchronousChannelProvider.provider();
        if (p instanceof RusticatedAsynchronousChannelProvider r) {
            return r;
        }
        if (ours == null) {
            ours = new RusticatedAsynchronousChannelProvider();
        }
        return ours;
    }

    /** Runs the scenario on the JDK's provider, then on rusticated's; returns the transcript, the same for both. */
    static String same(Scenario scenario) throws Exception {
        requireServed();
        Transcript jdk = new Transcript();
        scenario.run(jdk(), jdk);
        Transcript rusticated = new Transcript();
        scenario.run(rusticated(), rusticated);
        assertThat(rusticated.toString()).as("rusticated's transcript against the JDK's").isEqualTo(jdk.toString());
        return jdk.toString();
    }

    /** What a scenario observed, line by line. */
    static final class Transcript {
        private final List<String> lines = new ArrayList<>();

        synchronized void add(String line) {
            lines.add(line);
        }

        @Override
        public synchronized String toString() {
            return String.join("\n", lines);
        }
    }

    /** An exception as a transcript shows it: class and message, causes of wrappers included. */
    static String describe(Throwable e) {
        if (e instanceof ExecutionException && e.getCause() != null) {
            return "ExecutionException(" + describe(e.getCause()) + ")";
        }
        String s = e.getClass().getName();
        if (s.startsWith("java.") || s.startsWith("javax.")) {
            s = e.getClass().getSimpleName();
        }
        if (e instanceof IOException && e.getCause() != null && e.getMessage() != null && e.getMessage().equals(e.getCause().toString())) {
            return s + "(" + describe(e.getCause()) + ")";
        }
        return e.getMessage() == null ? s : s + ": " + e.getMessage();
    }

    /** What a call throws, described; "returned" if it does not. */
    static String thrown(Call call) {
        try {
            call.run();
            return "returned";
        } catch (Exception e) {
            return describe(e);
        }
    }

    interface Call {
        void run() throws Exception;
    }

    /** A handler that records its outcome and the thread it ran on. */
    static class Outcome<V> implements CompletionHandler<V, String> {
        final CompletableFuture<String> result = new CompletableFuture<>();
        volatile Thread thread;

        @Override
        public void completed(V value, String attachment) {
            thread = Thread.currentThread();
            result.complete(attachment + " completed " + value);
        }

        @Override
        public void failed(Throwable e, String attachment) {
            thread = Thread.currentThread();
            result.complete(attachment + " failed " + describe(e));
        }

        String await() throws Exception {
            return result.get(10, TimeUnit.SECONDS);
        }

        boolean isDone() {
            return result.isDone();
        }
    }

    /** Daemon threads named {@code prefix-N}, counted. */
    static final class Named implements ThreadFactory {
        final String prefix;
        final AtomicInteger made = new AtomicInteger();

        Named(String prefix) {
            this.prefix = prefix;
        }

        @Override
        public Thread newThread(Runnable r) {
            return Thread.ofPlatform().daemon().name(prefix + "-" + made.incrementAndGet()).unstarted(r);
        }

        boolean made(Thread t) {
            return t != null && t.getName().startsWith(prefix + "-");
        }
    }

    /** Shuts a group down forcefully and waits for it to terminate. */
    static void finish(AsynchronousChannelGroup group) throws Exception {
        group.shutdownNow();
        assertThat(group.awaitTermination(10, TimeUnit.SECONDS)).as("group terminated").isTrue();
    }
}
