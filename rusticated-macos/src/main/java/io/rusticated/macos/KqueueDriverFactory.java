package io.rusticated.macos;

import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverFactory;
import io.rusticated.spi.DriverUnavailableException;
import io.rusticated.unix.ScratchPool;
import io.rusticated.unix.readiness.PosixSocketSyscalls;

/** The kqueue backend, macOS's only one. */
public final class KqueueDriverFactory implements DriverFactory {
    @Override
    public String name() {
        return "kqueue";
    }

    @Override
    public int priority() {
        return 50;
    }

    @Override
    public boolean supportsCurrentOs() {
        return MacArch.isMac(System.getProperty("os.name", ""));
    }

    @Override
    public Driver open(DriverContext context, String whyNotOthers) throws DriverUnavailableException {
        MacArch.requireSupported(System.getProperty("os.arch", ""));
        Kqueue kq = Kqueue.open();
        DirStreams dirs = new DirStreams();
        return new KqueueDriver(context, kq, new MacDescriptors(), new PosixSocketSyscalls(), MacErrors.TABLE, MacFileOps.blocking(context, dirs),
                new ScratchPool(MacFileOps::scratchSize), MacFileOps::payload, whyNotOthers);
    }
}
