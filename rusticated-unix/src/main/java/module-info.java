/**
 * What rusticated's Unix modules share, once (as Netty's {@code transport-native-unix-common} serves
 * its epoll and kqueue transports, and the JDK's {@code UnixNativeDispatcher} its Linux and macOS
 * dispatchers): the POSIX bindings and the one-line {@link io.rusticated.unix.Downcall}, the errno
 * model, the readiness-to-completion layer an epoll or a kqueue poller drives (socket operations
 * included), the socket calls that never block, posix_spawn plans, job control and terminals. For
 * OS modules, not applications: it provides no service itself.
 */
module io.rusticated.unix {
    requires transitive io.rusticated;

    exports io.rusticated.unix;
    exports io.rusticated.unix.net;
    exports io.rusticated.unix.process;
    exports io.rusticated.unix.readiness;
    exports io.rusticated.unix.tty;
}
