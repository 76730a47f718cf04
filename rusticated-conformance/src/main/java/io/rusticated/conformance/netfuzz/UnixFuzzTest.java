package io.rusticated.conformance.netfuzz;

import io.rusticated.conformance.Feature;
import io.rusticated.conformance.Needs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** {@link UnixStreamFuzz} at paths: rusticated's Unix-domain streams against the JDK's UNIX channels. */
@Needs({Feature.SOCKETS, Feature.UNIX_SOCKETS, Feature.THREADS})
class UnixFuzzTest {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    void unixStreamsAtAPathAgreeWithTheJdksChannels() throws Exception {
        UnixStreamFuzz.run(dir, false);
    }
}
