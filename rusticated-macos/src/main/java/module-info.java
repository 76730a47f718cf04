/**
 * macOS backend for rusticated (Apple silicon and Intel): a kqueue poller on the shared Unix
 * readiness layer, libSystem bindings through the linker's default lookup, processes and
 * terminals through the shared Unix spawn, job control and termios, sockets through the shared Unix
 * socket calls and the readiness layer.
 */
module io.rusticated.macos {
    requires io.rusticated.unix;

    provides io.rusticated.spi.DriverFactory with io.rusticated.macos.KqueueDriverFactory;
    provides io.rusticated.spi.ProcessSupport with io.rusticated.macos.MacProcessSupport;
    provides io.rusticated.spi.TerminalSupport with io.rusticated.macos.MacTerminalSupport;
    provides io.rusticated.spi.SocketSupport with io.rusticated.macos.MacSockets;
}
