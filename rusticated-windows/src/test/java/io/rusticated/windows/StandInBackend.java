package io.rusticated.windows;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverFactory;
import io.rusticated.spi.DriverUnavailableException;

import java.util.function.Supplier;

/**
 * Tests only: the real {@link IocpDriver} on a {@link StandInWindows}, as a backend named
 * {@code iocp-standin}, so the driver runs under a real {@link EventLoop} on any OS. A test
 * chooses the stand-in with {@link #openLoop} (or {@link #startLoop}), which forces this backend
 * for that loop only.
 */
public final class StandInBackend implements DriverFactory {
    static final String NAME = "iocp-standin";
    private static volatile StandInWindows windows;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return -100;
    }

    @Override
    public boolean supportsCurrentOs() {
        return true;
    }

    @Override
    public Driver open(DriverContext context, String whyNotOthers) throws DriverUnavailableException {
        return new IocpDriver(context, current(), System::nanoTime, "the tests' stand-in for Windows");
    }

    /** The stand-in the last loop was opened on (the stand-in's SocketSupport and handle closing serve it). */
    static StandInWindows current() {
        StandInWindows w = windows;
        return w != null ? w : Unchosen.WINDOWS;
    }

    /** The stand-in of a run where no test chooses one (the kit's cases, which open their own loops). */
    private static final class Unchosen {
        static final StandInWindows WINDOWS = new StandInWindows();
    }

    /** Makes {@code w} the stand-in of loops opened from now on with the default backend (the JDK plug-ins' shared loop). */
    static void choose(StandInWindows w) {
        windows = w;
    }

    /** A loop on the calling thread, driven by {@link EventLoop#blockOn}. */
    static EventLoop openLoop(StandInWindows w) {
        return with(w, EventLoop::open);
    }

    /** A loop on a thread of its own. */
    static EventLoop startLoop(StandInWindows w, String name) {
        return with(w, () -> EventLoop.startThread(name));
    }

    private static synchronized EventLoop with(StandInWindows w, Supplier<EventLoop> open) {
        windows = w;
        String before = System.setProperty("rusticated.backend", NAME);
        try {
            return open.get();
        } finally {
            if (before == null) {
                System.clearProperty("rusticated.backend");
            } else {
                System.setProperty("rusticated.backend", before);
            }
        }
    }
}
