package io.rusticated.windows;

import io.rusticated.spi.Driver;
import io.rusticated.spi.DriverContext;
import io.rusticated.spi.DriverFactory;
import io.rusticated.spi.DriverUnavailableException;

/**
 * IOCP, the Windows backend. Answers for Windows on x64 only: every struct layout and constant
 * in {@link WindowsAbi} is the x64 one (checked against mingw-w64's headers), and no other
 * Windows CPU was ever probed. Elsewhere it says no without touching a Windows symbol.
 */
public final class IocpDriverFactory implements DriverFactory {
    @Override
    public String name() {
        return "iocp";
    }

    @Override
    public int priority() {
        return 100;
    }

    @Override
    public boolean supportsCurrentOs() {
        return onWindows();
    }

    /** Windows on x64 (os.arch {@code amd64}). */
    static boolean onWindows() {
        return System.getProperty("os.name", "").startsWith("Windows") && System.getProperty("os.arch", "").equals("amd64");
    }

    @Override
    public Driver open(DriverContext context, String whyNotOthers) throws DriverUnavailableException {
        if (!onWindows()) {
            throw new DriverUnavailableException("iocp serves Windows on x64 only, not " + System.getProperty("os.name")
                    + " " + System.getProperty("os.arch"));
        }
        return new IocpDriver(context, Win32Os.INSTANCE, System::nanoTime, whyNotOthers);
    }
}
