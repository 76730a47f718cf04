/** Linux backends for rusticated: io_uring (raw syscalls, mmapped rings) and the epoll fallback. */
module io.rusticated.linux {
    requires io.rusticated;

    provides io.rusticated.rt.DriverFactory with io.rusticated.linux.IoUringDriverFactory, io.rusticated.linux.EpollDriverFactory;
}
