package io.rusticated.jdk;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Opcode;

import java.io.IOException;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.IllegalChannelGroupException;
import java.nio.channels.spi.AsynchronousChannelProvider;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * The JDK's asynchronous socket channels on rusticated: {@code AsynchronousSocketChannel},
 * {@code AsynchronousServerSocketChannel} and their groups, selected with
 *
 * <pre>
 * -Djava.nio.channels.spi.AsynchronousChannelProvider=io.rusticated.jdk.RusticatedAsynchronousChannelProvider
 * --add-exports java.base/sun.nio.ch=io.rusticated      (ALL-UNNAMED on the class path)
 * </pre>
 *
 * (the runtime image has both in its options). Everything goes through the provider: channels
 * opened without a group, the groups of {@code AsynchronousChannelGroup.with*ThreadPool}, and
 * channels opened in them.
 *
 * <p>Groups: a fixed thread pool is that many rusticated loops on threads of its factory, with
 * handlers run on the loop thread ({@link LoopGroup}); a cached pool, an executor, and the default
 * group complete operations on rusticated's shared loop and run handlers on the executor
 * ({@link ExecutorGroup}; the default group's executor is {@link DefaultGroupPool}).
 *
 * <p>Whether rusticated serves the channels is decided once, here: if its shared loop cannot
 * start, or its backend serves no sockets, every call is handed to the JDK's own provider, for
 * the life of the process, so that each group belongs to one provider (logged at DEBUG on logger
 * {@code io.rusticated.jdk}). Reaching the JDK's provider takes the export above; without it such
 * a process gets an {@link IOException} saying so from each call.
 */
public final class RusticatedAsynchronousChannelProvider extends AsynchronousChannelProvider {
    private static final System.Logger LOG = System.getLogger("io.rusticated.jdk");

    /** The shared loop, when rusticated serves the channels; else null. */
    private final EventLoop loop;
    /** The JDK's provider, when rusticated does not serve them and it could be reached; else null. */
    private final AsynchronousChannelProvider jdk;
    /** Why neither serves, when neither does. */
    private final String unavailable;
    private volatile ExecutorGroup defaultGroup;

    public RusticatedAsynchronousChannelProvider() {
        EventLoop l = Proactor.loop();
        if (l != null && servesSockets(l)) {
            loop = l;
            jdk = null;
            unavailable = null;
            LOG.log(System.Logger.Level.DEBUG, "asynchronous socket channels served by rusticated on {0}", l.backend().name());
            return;
        }
        loop = null;
        String why = l == null ? "rusticated could not start" : "the " + l.backend().name() + " backend serves no sockets";
        AsynchronousChannelProvider found = null;
        String failure = null;
        try {
            found = (AsynchronousChannelProvider) Class.forName("sun.nio.ch.DefaultAsynchronousChannelProvider").getMethod("create").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Module m = RusticatedAsynchronousChannelProvider.class.getModule();
            failure = why + ", and the JDK's asynchronous channel provider cannot be reached (" + e
                    + "): add --add-exports java.base/sun.nio.ch=" + (m.isNamed() ? m.getName() : "ALL-UNNAMED");
        }
        jdk = found;
        unavailable = failure;
        LOG.log(System.Logger.Level.DEBUG, found != null ? why + "; asynchronous socket channels are the JDK's" : failure);
    }

    /** Whether a loop's backend serves every operation the socket channels submit. */
    static boolean servesSockets(EventLoop loop) {
        return loop.supports(Opcode.ACCEPT) && loop.supports(Opcode.CONNECT) && loop.supports(Opcode.SEND) && loop.supports(Opcode.RECV);
    }

    private void checkAvailable() throws IOException {
        if (unavailable != null) {
            throw new IOException(unavailable);
        }
    }

    @Override
    public AsynchronousChannelGroup openAsynchronousChannelGroup(int nThreads, ThreadFactory threadFactory) throws IOException {
        if (loop == null) {
            checkAvailable();
            return jdk.openAsynchronousChannelGroup(nThreads, threadFactory);
        }
        return LoopGroup.start(this, nThreads, threadFactory);
    }

    @Override
    public AsynchronousChannelGroup openAsynchronousChannelGroup(ExecutorService executor, int initialSize) throws IOException {
        if (loop == null) {
            checkAvailable();
            return jdk.openAsynchronousChannelGroup(executor, initialSize);
        }
        return new ExecutorGroup(this, loop, executor);
    }

    @Override
    public AsynchronousServerSocketChannel openAsynchronousServerSocketChannel(AsynchronousChannelGroup group) throws IOException {
        if (loop == null) {
            checkAvailable();
            return jdk.openAsynchronousServerSocketChannel(group);
        }
        return new RusticatedAsynchronousServerSocketChannel(toGroup(group));
    }

    @Override
    public AsynchronousSocketChannel openAsynchronousSocketChannel(AsynchronousChannelGroup group) throws IOException {
        if (loop == null) {
            checkAvailable();
            return jdk.openAsynchronousSocketChannel(group);
        }
        return new RusticatedAsynchronousSocketChannel(toGroup(group));
    }

    private AioGroup toGroup(AsynchronousChannelGroup group) {
        if (group == null) {
            return defaultGroup();
        }
        if (!(group instanceof AioGroup g)) {
            throw new IllegalChannelGroupException();
        }
        return g;
    }

    private ExecutorGroup defaultGroup() {
        ExecutorGroup g = defaultGroup;
        if (g == null) {
            synchronized (this) {
                g = defaultGroup;
                if (g == null) {
                    g = new ExecutorGroup(this, loop, DefaultGroupPool.create());
                    defaultGroup = g;
                }
            }
        }
        return g;
    }

    @Override
    public String toString() {
        return "RusticatedAsynchronousChannelProvider[" + (loop != null ? "rusticated on " + loop.backend().name()
                : jdk != null ? "handed to " + jdk.getClass().getName() : unavailable) + "]";
    }
}
