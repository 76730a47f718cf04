package io.rusticated.linux;

import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverFactory;
import io.rusticated.spi.DriverUnavailableException;

/** epoll, the Linux fallback when io_uring is unavailable (old kernel, seccomp, kernel.io_uring_disabled). */
public final class EpollDriverFactory implements DriverFactory {
    @Override
    public String name() {
        return "epoll";
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean supportsCurrentOs() {
        return System.getProperty("os.name", "").startsWith("Linux");
    }

    @Override
    public Driver open(DriverContext context, String whyNotOthers) throws DriverUnavailableException {
        LinuxArch.requireSupported(System.getProperty("os.arch", ""));
        return EpollDriver.open(context, whyNotOthers);
    }
}
