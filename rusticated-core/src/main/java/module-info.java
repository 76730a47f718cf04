/**
 * rusticated: a frugal, completion-based async I/O platform layer.
 *
 * <p>The OS backends live in their own modules and are found with {@link java.util.ServiceLoader}
 * through {@link io.rusticated.spi.DriverFactory}, {@link io.rusticated.spi.ProcessSupport},
 * {@link io.rusticated.spi.TerminalSupport}, {@link io.rusticated.spi.PlatformFiles} and
 * {@link io.rusticated.spi.DirectCalls}; this
 * module never names an OS. Its packages are
 * layered without a cycle: {@code io} (buffers), {@code path}, {@code spi} (what an OS module
 * implements: a package of its own, not part of the application API), {@code rt} (the loop), then
 * {@code fs}, {@code net}, {@code process}, {@code signal}, {@code tty}, {@code time}, {@code env}, and the JDK
 * plug-ins in {@code jdk}.
 */
module io.rusticated {
    // sun.misc.Signal: signals are received on the JVM's own dispatch, never with sigaction.
    requires jdk.unsupported;

    exports io.rusticated.env;
    exports io.rusticated.fs;
    exports io.rusticated.io;
    exports io.rusticated.jdk;
    exports io.rusticated.net;
    exports io.rusticated.path;
    exports io.rusticated.process;
    exports io.rusticated.rt;
    exports io.rusticated.signal;
    exports io.rusticated.spi;
    exports io.rusticated.time;
    exports io.rusticated.tty;

    uses io.rusticated.spi.DirectCalls;
    uses io.rusticated.spi.DriverFactory;
    uses io.rusticated.spi.PlatformFiles;
    uses io.rusticated.spi.ProcessSupport;
    uses io.rusticated.spi.SocketSupport;
    uses io.rusticated.spi.TerminalSupport;
}
