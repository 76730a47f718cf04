package io.rusticated.linux.net;

import io.rusticated.conformance.netfuzz.UnixStreamFuzz;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** The kit's Unix-stream fuzz with rusticated's listener at a Linux abstract name (the kit runs it at paths on every OS). */
class AbstractNameFuzzTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void unixStreamsAtAnAbstractNameAgreeWithTheJdksChannels() throws Exception {
        UnixStreamFuzz.run(dir, true);
    }
}
