package io.rusticated.jdk;

import java.nio.channels.CompletionHandler;
import java.nio.channels.ShutdownChannelGroupException;
import java.util.concurrent.RejectedExecutionException;

/**
 * Where and how a {@link CompletionHandler} of a socket channel runs, by the rules of the JDK's
 * {@code sun.nio.ch.Invoker}: always on one of the pooled threads of the channel's group; directly
 * on the initiating thread when the outcome is known at the call and that thread is one of the
 * group's, up to {@code sun.nio.ch.maxCompletionHandlersOnStack} (16) handlers deep; otherwise
 * handed to a pooled thread. The interrupt status is cleared after each handler, as the JDK does.
 */
final class AioHandlers {
    private static final int MAX_ON_STACK = Integer.getInteger("sun.nio.ch.maxCompletionHandlersOnStack", 16);

    /** The group whose pooled thread this is, and how many handlers are on its stack. */
    private static final ThreadLocal<Binding> BOUND = new ThreadLocal<>();

    private AioHandlers() {
    }

    private static final class Binding {
        final AioGroup group;
        /** A loop thread of a fixed pool, bound for its whole life. */
        final boolean loopThread;
        int depth;

        Binding(AioGroup group, boolean loopThread) {
            this.group = group;
            this.loopThread = loopThread;
        }
    }

    /** Marks the calling thread, for its whole life, as a pooled thread of the group: a loop thread of a fixed pool. */
    static void bindForLife(AioGroup group) {
        BOUND.set(new Binding(group, true));
    }

    /** True on a thread that drives a loop the channels use: waiting there for the loop's work would never end. */
    static boolean onLoopThread() {
        Binding b = BOUND.get();
        return b != null && b.loopThread || Proactor.onLoopThread();
    }

    /** Wraps a task for an executor's thread: it runs as one of the group's pooled threads, one handler deep. */
    static Runnable pooled(AioGroup group, Runnable task) {
        return () -> {
            Binding before = BOUND.get();
            Binding b = new Binding(group, false);
            b.depth = 1;
            BOUND.set(b);
            try {
                task.run();
            } finally {
                BOUND.set(before);
            }
        };
    }

    /**
     * An outcome known when the operation is initiated (a closed channel, an empty buffer, the end
     * of input after {@code shutdownInput}): run here if this is a pooled thread of the group with
     * room on its stack (a handler that throws then throws to the initiator, as in the JDK), else
     * on a pooled thread.
     *
     * @throws ShutdownChannelGroupException if the group has terminated and this is not one of its threads
     */
    static <V, A> void invoke(AioGroup group, CompletionHandler<V, ? super A> handler, A attachment, V value, Throwable failure) {
        Binding b = BOUND.get();
        boolean pooledThread = b != null && b.group == group;
        if (pooledThread && b.depth < MAX_ON_STACK) {
            direct(b, handler, attachment, value, failure);
            return;
        }
        try {
            group.executeOnPooledThread(() -> call(handler, attachment, value, failure));
        } catch (RejectedExecutionException e) {
            if (!pooledThread) {
                throw new ShutdownChannelGroupException();
            }
            direct(b, handler, attachment, value, failure);
        }
    }

    /**
     * An outcome the loop delivered, on the loop thread: run here when the loop thread is one of
     * the group's (a fixed pool), else on a pooled thread. A handler that throws there is reported
     * to the thread's uncaught-exception handler, as a dying pooled thread's would be, and the loop
     * goes on. A group that terminated meanwhile no longer runs handlers (neither does the JDK's).
     */
    static <V, A> void completed(AioGroup group, CompletionHandler<V, ? super A> handler, A attachment, V value, Throwable failure) {
        Binding b = BOUND.get();
        if (b != null && b.group == group) {
            try {
                direct(b, handler, attachment, value, failure);
            } catch (Throwable t) {
                reportUncaught(t);
            }
            return;
        }
        try {
            group.executeOnPooledThread(() -> call(handler, attachment, value, failure));
        } catch (RejectedExecutionException e) {
            // terminated: the handler is not invoked
        }
    }

    private static <V, A> void direct(Binding b, CompletionHandler<V, ? super A> handler, A attachment, V value, Throwable failure) {
        b.depth++;
        try {
            call(handler, attachment, value, failure);
        } finally {
            b.depth--;
        }
    }

    private static <V, A> void call(CompletionHandler<V, ? super A> handler, A attachment, V value, Throwable failure) {
        try {
            if (failure == null) {
                handler.completed(value, attachment);
            } else {
                handler.failed(failure, attachment);
            }
        } finally {
            Thread.interrupted();
        }
    }

    /** A task on a loop thread threw: tell the thread's handler (which prints it, by default) and carry on. */
    static void reportUncaught(Throwable t) {
        Thread self = Thread.currentThread();
        try {
            self.getUncaughtExceptionHandler().uncaughtException(self, t);
        } catch (Throwable ignore) {
            // as the JVM does when the handler itself throws
        }
    }
}
