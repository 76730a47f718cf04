package io.rusticated.windows;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Collects the warnings rusticated logs (System.Logger "io.rusticated", backed by java.util.logging), for tests that allow none. */
final class LogRecorder extends Handler implements AutoCloseable {
    private static final Logger LOGGER = Logger.getLogger("io.rusticated");
    final List<String> warnings = Collections.synchronizedList(new ArrayList<>());

    LogRecorder() {
        LOGGER.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
            warnings.add(r.getMessage());
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        LOGGER.removeHandler(this);
    }
}
