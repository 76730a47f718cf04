package io.rusticated.jdk;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where {@link java.nio.channels.CompletionHandler}s of rusticated's asynchronous file channels
 * run when the channel was opened without an executor: a cached pool of daemon threads, like the
 * JDK's default pool for asynchronous channels, created on first use.
 *
 * <p>Handlers never run on the loop thread: a handler may block (read a file, wait on a future,
 * start another operation and wait for it), and blocking the loop would stop every completion of
 * the process, including the one the handler waits for.
 */
final class HandlerPool {
    private HandlerPool() {
    }

    private static final class Holder {
        static final ExecutorService DEFAULT = Executors.newCachedThreadPool(new Factory());
    }

    static ExecutorService defaultPool() {
        return Holder.DEFAULT;
    }

    private static final class Factory implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            return Thread.ofPlatform().daemon().name("rusticated-aio-handler-" + count.incrementAndGet()).unstarted(r);
        }
    }
}
