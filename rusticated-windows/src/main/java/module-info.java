/**
 * The Windows backend for rusticated: IOCP through kernel32 (one completion port per loop,
 * overlapped files, pipes and sockets, consoles on a helper thread), Winsock (sockets, AcceptEx
 * and ConnectEx), processes (CreateProcessW with an explicit handle list, exits through wait
 * registrations posting to the port) and consoles. Loads on any OS; its factory and services say
 * "not this OS" elsewhere without touching a Windows symbol.
 */
module io.rusticated.windows {
    requires io.rusticated;

    provides io.rusticated.spi.DriverFactory with io.rusticated.windows.IocpDriverFactory;
    provides io.rusticated.spi.ProcessSupport with io.rusticated.windows.WindowsProcessSupport;
    provides io.rusticated.spi.SocketSupport with io.rusticated.windows.WindowsSockets;
    provides io.rusticated.spi.TerminalSupport with io.rusticated.windows.WindowsTerminalSupport;
}
