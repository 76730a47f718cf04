package io.rusticated.process;

import io.rusticated.spi.ProcessSupport;

import java.io.IOException;

/** One handle on the null device, opened on first use and kept for the process's life. */
final class NullDevice {
    private static volatile long handle = -1;

    private NullDevice() {
    }

    static long handle(ProcessSupport os) throws IOException {
        long h = handle;
        if (h < 0) {
            synchronized (NullDevice.class) {
                h = handle;
                if (h < 0) {
                    h = os.openNullDevice();
                    handle = h;
                }
            }
        }
        return h;
    }
}
