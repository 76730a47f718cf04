package io.rusticated.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A known deviation, held to its exact shape: the JDK's Unix-domain socket channels work on the
 * stock JDK and not on the image, because {@code java.net.UnixDomainSocketAddress} accepts only
 * paths of a default file system whose class is in {@code java.base}, and
 * {@code sun.nio.ch.UnixDomainSockets} needs the JDK's own provider (docs/targets/linux.md,
 * "Unix-domain socket channels"). If a JDK ever lifts that, this test fails and the document
 * needs rewriting.
 */
class UnixDomainIT {
    @TempDir
    Path work;

    private Launch.Result run(Path java, String dir) throws Exception {
        Path d = Files.createDirectory(work.resolve(dir));
        return Launch.of(List.of(java.toString(), "-cp", Runtimes.programClasses().toString(), "jdkprograms.UnixDomain", d.toString())).in(d).run();
    }

    @Test
    void theStockJdkServesThem() throws Exception {
        Launch.Result r = run(Runtimes.stockJava(), "stock");
        assertThat(r).isEqualTo(new Launch.Result(0, """
                address for a path: ok a.sock
                address for a string: ok a.sock
                open a channel: ok
                exchange a message: ok over a Unix socket
                bind a server to an automatic name: ok true
                bind a client to an automatic name: ok
                """, ""));
    }

    @Test
    void theImageCannotBuildTheirAddresses() throws Exception {
        Launch.Result r = run(Runtimes.imageJava(), "image");
        assertThat(r).isEqualTo(new Launch.Result(0, """
                address for a path: java.lang.IllegalArgumentException
                address for a string: java.lang.IllegalArgumentException
                open a channel: ok
                exchange a message: java.lang.IllegalArgumentException
                bind a server to an automatic name: java.lang.UnsupportedOperationException: Unix Domain Sockets not supported on non-default file system
                bind a client to an automatic name: java.lang.ExceptionInInitializerError caused by java.lang.IllegalArgumentException
                """, ""));
    }
}
