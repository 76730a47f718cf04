/**
 * Linux backends for rusticated: io_uring (raw syscalls, mmapped rings), the epoll fallback (an
 * epoll poller on the shared Unix readiness layer), processes and terminals (the shared Unix
 * spawn, job control and termios on glibc, with pidfds), and sockets.
 */
module io.rusticated.linux {
    requires io.rusticated.unix;

    provides io.rusticated.spi.DriverFactory with io.rusticated.linux.IoUringDriverFactory, io.rusticated.linux.EpollDriverFactory;
    provides io.rusticated.spi.ProcessSupport with io.rusticated.linux.LinuxProcessSupport;
    provides io.rusticated.spi.TerminalSupport with io.rusticated.linux.LinuxTerminalSupport;
    provides io.rusticated.spi.SocketSupport with io.rusticated.linux.LinuxSockets;
    provides io.rusticated.spi.PlatformFiles with io.rusticated.linux.LinuxPlatformFiles;
    provides io.rusticated.spi.DirectCalls with io.rusticated.linux.LinuxDirectCalls;
}
