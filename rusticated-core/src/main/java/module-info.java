/**
 * rusticated: a frugal, completion-based async I/O platform layer.
 *
 * <p>The OS backends live in their own modules and are found with {@link java.util.ServiceLoader}
 * through {@link io.rusticated.rt.DriverFactory}; this module never names an OS.
 */
module io.rusticated {
    exports io.rusticated.abi;
    exports io.rusticated.env;
    exports io.rusticated.fs;
    exports io.rusticated.io;
    exports io.rusticated.jdk;
    exports io.rusticated.path;
    exports io.rusticated.rt;
    exports io.rusticated.time;

    uses io.rusticated.rt.DriverFactory;
}
