package io.rusticated.unix.testing;

import io.rusticated.unix.Downcall;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * C library calls only tests make (opening ptys, leaking a descriptor on purpose), for the tests of
 * every Unix module: linked here, not in the production bindings. POSIX, in glibc and libSystem.
 */
public final class TestPosix {
    private TestPosix() {
    }

    private static final class Calls {
        static final Downcall POSIX_OPENPT = Downcall.errno("posix_openpt", JAVA_INT, JAVA_INT);
        static final Downcall GRANTPT = Downcall.errno("grantpt", JAVA_INT, JAVA_INT);
        static final Downcall UNLOCKPT = Downcall.errno("unlockpt", JAVA_INT, JAVA_INT);
        /** int ptsname_r(int fd, char *buf, size_t buflen): returns an errno value. */
        static final Downcall PTSNAME_R = Downcall.plain("ptsname_r", JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG);
        static final Downcall DUP = Downcall.errno("dup", JAVA_INT, JAVA_INT);
    }

    public static int posixOpenpt(int flags) {
        return (int) Calls.POSIX_OPENPT.call(flags);
    }

    public static int grantpt(int fd) {
        return (int) Calls.GRANTPT.call(fd);
    }

    public static int unlockpt(int fd) {
        return (int) Calls.UNLOCKPT.call(fd);
    }

    /** ptsname_r: 0, or the errno value. */
    public static int ptsnameR(int fd, MemorySegment buffer) {
        return (int) Calls.PTSNAME_R.call(fd, buffer.address(), buffer.byteSize());
    }

    /** dup: a new descriptor without close-on-exec. */
    public static int dup(int fd) {
        return (int) Calls.DUP.call(fd);
    }
}
