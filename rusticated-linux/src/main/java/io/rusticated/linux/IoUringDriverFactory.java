package io.rusticated.linux;

import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverFactory;
import io.rusticated.spi.DriverUnavailableException;

/** io_uring, tried first on Linux. */
public final class IoUringDriverFactory implements DriverFactory {
    @Override
    public String name() {
        return "io_uring";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean supportsCurrentOs() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    @Override
    public Driver open(DriverContext context, String whyNotOthers) throws DriverUnavailableException {
        LinuxArch.requireSupported(System.getProperty("os.arch", ""));
        return IoUringDriver.open(context, whyNotOthers);
    }
}
