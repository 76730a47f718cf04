package io.rusticated.jdk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@link java.nio.channels.CompletionHandler}s of rusticated's asynchronous file channels
 * run when the channel was opened without an executor: as the JDK's default pool for asynchronous
 * channels, a cached pool created on first use, whose threads come from the factory the system
 * property {@code java.nio.channels.DefaultThreadPool.threadFactory} names (a class with a public
 * no-argument constructor, loaded by the system class loader; a class that cannot be made is an
 * {@link Error}, as in the JDK), else daemon threads {@code rusticated-aio-handler-N}.
 *
 * <p>Handlers never run on the loop thread: a handler may block (read a file, wait on a future,
 * start another operation and wait for it), and blocking the loop would stop every completion of
 * the process, including the one the handler waits for.
 */
final class HandlerPool {
    static final String THREAD_FACTORY = "java.nio.channels.DefaultThreadPool.threadFactory";

    private HandlerPool() {
    }

    private static final class Holder {
        static final ExecutorService DEFAULT = Executors.newCachedThreadPool(threadFactory());
    }

    static ExecutorService defaultPool() {
        return Holder.DEFAULT;
    }

    private static ThreadFactory threadFactory() {
        String name = System.getProperty(THREAD_FACTORY);
        if (name == null) {
            return new Daemons();
        }
        try {
            return (ThreadFactory) Class.forName(name, true, ClassLoader.getSystemClassLoader()).getConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new Error(e);
        }
    }

    private static final class Daemons implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            return Thread.ofPlatform().daemon().name("rusticated-aio-handler-" + count.incrementAndGet()).unstarted(r);
        }
    }
}
