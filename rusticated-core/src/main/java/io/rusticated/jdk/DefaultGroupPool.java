package io.rusticated.jdk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The executor of the default group (socket channels opened without a group), configured by the
 * JDK's two system properties, read as the JDK's {@code sun.nio.ch.ThreadPool} reads them:
 * {@code java.nio.channels.DefaultThreadPool.threadFactory} names a {@link ThreadFactory} class
 * loaded with the system class loader (else daemon threads {@code rusticated-aio-socket-N}), and
 * {@code java.nio.channels.DefaultThreadPool.initialSize} (default: the number of processors)
 * is how many threads start with the pool and stay; more are made on demand and leave after 60 s
 * idle. A property that cannot be used is an {@link Error} when the default group is made, as on
 * the JDK.
 */
final class DefaultGroupPool {
    static final String THREAD_FACTORY = "java.nio.channels.DefaultThreadPool.threadFactory";
    static final String INITIAL_SIZE = "java.nio.channels.DefaultThreadPool.initialSize";

    private DefaultGroupPool() {
    }

    static ExecutorService create() {
        int initialSize = initialSize();
        ThreadFactory factory = threadFactory();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(initialSize, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), factory);
        pool.prestartAllCoreThreads();
        return pool;
    }

    private static int initialSize() {
        String value = System.getProperty(INITIAL_SIZE);
        if (value == null) {
            return Runtime.getRuntime().availableProcessors();
        }
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new Error("Value of property '" + INITIAL_SIZE + "' is invalid: " + e);
        }
        return n < 0 ? Runtime.getRuntime().availableProcessors() : n;
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
            return Thread.ofPlatform().daemon().name("rusticated-aio-socket-" + count.incrementAndGet()).unstarted(r);
        }
    }
}
