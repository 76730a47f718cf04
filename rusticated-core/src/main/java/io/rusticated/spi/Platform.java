package io.rusticated.spi;

import java.util.ServiceLoader;

/** Finds the running OS's implementation of each SPI, once. */
public final class Platform {
    private Platform() {
    }

    private static final class Holder {
        static final ProcessSupport PROCESS = find(ProcessSupport.class, ProcessSupport::supportsCurrentOs);
        static final TerminalSupport TERMINAL = find(TerminalSupport.class, TerminalSupport::supportsCurrentOs);
    }

    private static final class Sockets {
        static final SocketSupport SOCKETS = find(SocketSupport.class, SocketSupport::supportsCurrentOs);
    }

    /** @throws UnsupportedOperationException when no module on the path provides sockets for this OS */
    public static SocketSupport sockets() {
        SocketSupport s = Sockets.SOCKETS;
        if (s == null) {
            throw missing("sockets");
        }
        return s;
    }

    /** @throws UnsupportedOperationException when no module on the path provides processes for this OS */
    public static ProcessSupport process() {
        ProcessSupport p = Holder.PROCESS;
        if (p == null) {
            throw missing("processes");
        }
        return p;
    }

    /**
     * Process groups and foreground terminals.
     *
     * @throws UnsupportedOperationException naming the OS where it has no job control (Windows)
     */
    public static JobControl jobControl() {
        JobControl j = process().jobControl();
        if (j == null) {
            throw new UnsupportedOperationException("process groups and terminal foreground groups do not exist on "
                    + System.getProperty("os.name") + " (job control is POSIX)");
        }
        return j;
    }

    private static final class FilesHolder {
        static final PlatformFiles FILES = find(PlatformFiles.class, PlatformFiles::supportsCurrentOs);
    }

    /**
     * The OS's rules for serving the JDK's file calls, or null where no module on the path has
     * them for this OS (the JDK plug-ins then hand every call to the JDK).
     */
    public static PlatformFiles files() {
        return FilesHolder.FILES;
    }

    private static final class DirectHolder {
        static final DirectCalls CALLS = find(DirectCalls.class, DirectCalls::supportsCurrentOs);
    }

    /**
     * The OS's system calls on the calling thread, or null where no module on the path has them
     * for this OS (the JDK plug-ins then hand their synchronous calls to the JDK).
     */
    public static DirectCalls directCalls() {
        return DirectHolder.CALLS;
    }

    /** Closes a handle this process owns, synchronously (where no loop serves it). */
    public static void closeHandle(long handle) {
        process().close(handle);
    }

    /** @throws UnsupportedOperationException when no module on the path provides terminals for this OS */
    public static TerminalSupport terminal() {
        TerminalSupport t = Holder.TERMINAL;
        if (t == null) {
            throw missing("terminals");
        }
        return t;
    }

    private static UnsupportedOperationException missing(String what) {
        return new UnsupportedOperationException("rusticated has no support for " + what + " on " + System.getProperty("os.name")
                + " " + System.getProperty("os.arch") + " on the module or class path; add rusticated-linux, -windows or -macos");
    }

    private static <T> T find(Class<T> type, java.util.function.Predicate<T> forThisOs) {
        for (T t : ServiceLoader.load(type, Platform.class.getClassLoader())) {
            if (forThisOs.test(t)) {
                return t;
            }
        }
        for (T t : ServiceLoader.load(type)) {
            if (forThisOs.test(t)) {
                return t;
            }
        }
        return null;
    }
}
