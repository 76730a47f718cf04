package io.rusticated.macos;

import io.rusticated.unix.Downcall;
import io.rusticated.unix.Posix;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libSystem functions rusticated calls on macOS: the POSIX ones it inherits from {@link Posix}
 * (shared with Linux, as the JDK's {@code BsdNativeDispatcher} extends {@code UnixNativeDispatcher}),
 * plus macOS's own: kqueue, the 64-bit-inode stat and directory calls under this CPU's names
 * ({@link MacArch}), renameatx_np, disconnectx, and Apple's posix_spawn extension.
 * libSystem is found by the linker's default lookup (dlsym searches the JDK's own libraries'
 * dependencies, libSystem among them), never by a path: macOS 11 and later keep it only in the
 * dyld shared cache. Each function returns the raw result or a negated errno; no {@code syscall(2)},
 * which macOS deprecates.
 */
public final class Darwin extends Posix {
    private Darwin() {
    }

    /** This JVM's CPU's symbol names; read by the holder classes below, so only on a Mac. */
    private static final class Names {
        static final MacArch ARCH = MacArch.current();

        static String of(String function) {
            return ARCH.symbol(function);
        }
    }

    /** The kqueue driver's calls. */
    private static final class KqueueCalls {
        static final Downcall KQUEUE = Downcall.errno(Names.of("kqueue"), JAVA_INT);
        /** int kevent(int kq, const struct kevent *changelist, int nchanges, struct kevent *eventlist, int nevents, const struct timespec *timeout). */
        static final Downcall KEVENT = Downcall.errno(Names.of("kevent"), JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG);
    }

    /** File calls with macOS's own names or no Linux counterpart. */
    private static final class FileCalls {
        /** int fstatat(int fd, const char *path, struct stat *buf, int flag). */
        static final Downcall FSTATAT = Downcall.errno(Names.of("fstatat"), JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_INT);
        static final Downcall FSTAT = Downcall.errno(Names.of("fstat"), JAVA_INT, JAVA_INT, JAVA_LONG);
        /** DIR *fdopendir(int fd): the DIR owns the descriptor from then on. */
        static final Downcall FDOPENDIR = Downcall.pointerOrErrno(Names.of("fdopendir"), JAVA_INT);
        /** int readdir_r(DIR *, struct dirent *entry, struct dirent **result): 0 or an errno value; *result NULL at the end. */
        static final Downcall READDIR_R = Downcall.plain(Names.of("readdir_r"), JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG);
        static final Downcall CLOSEDIR = Downcall.errno(Names.of("closedir"), JAVA_INT, JAVA_LONG);
        static final Downcall FSTATFS = Downcall.errno(Names.of("fstatfs"), JAVA_INT, JAVA_INT, JAVA_LONG);
        /** int renameatx_np(int fromfd, const char *from, int tofd, const char *to, unsigned int flags): macOS 10.12. */
        static final Downcall RENAMEATX_NP = Downcall.errno(Names.of("renameatx_np"), JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT);
    }

    /** Socket calls of macOS's own. */
    private static final class SocketCalls {
        /** int disconnectx(int s, sae_associd_t aid, sae_connid_t cid): both uint32_t; macOS 10.11. */
        static final Downcall DISCONNECTX = Downcall.errno(Names.of("disconnectx"), JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT);
    }

    /** Apple's posix_spawn extension. */
    private static final class SpawnCalls {
        /** int posix_spawn_file_actions_addinherit_np(posix_spawn_file_actions_t *, int fd): an errno value. */
        static final Downcall ADDINHERIT_NP = Downcall.plain(Names.of("posix_spawn_file_actions_addinherit_np"), JAVA_INT, JAVA_LONG, JAVA_INT);
    }

    /** 0, or a negated errno. */
    public static int disconnectx(int fd, int associationId, int connectionId) {
        return (int) SocketCalls.DISCONNECTX.call(fd, associationId, connectionId);
    }

    public static int kqueue() {
        return (int) KqueueCalls.KQUEUE.call();
    }

    /** kevent with the lists' addresses and a struct timespec's (0: wait without limit): the number of events, or a negated errno. */
    public static int kevent(int kq, long changes, int nchanges, long events, int nevents, long timeout) {
        return (int) KqueueCalls.KEVENT.call(kq, changes, nchanges, events, nevents, timeout);
    }

    public static int fstatat(int fd, long path, long stat, int flags) {
        return (int) FileCalls.FSTATAT.call(fd, path, stat, flags);
    }

    public static int fstat(int fd, long stat) {
        return (int) FileCalls.FSTAT.call(fd, stat);
    }

    /** The DIR * (an address), or a negated errno. */
    public static long fdopendir(int fd) {
        return FileCalls.FDOPENDIR.call(fd);
    }

    /** 0 with the next entry in {@code entry} and its address (or 0 at the end) in {@code result}; else the errno value. */
    public static int readdirR(long dir, long entry, MemorySegment result) {
        return (int) FileCalls.READDIR_R.call(dir, entry, result.address());
    }

    public static int closedir(long dir) {
        return (int) FileCalls.CLOSEDIR.call(dir);
    }

    public static int fstatfs(int fd, long statfs) {
        return (int) FileCalls.FSTATFS.call(fd, statfs);
    }

    public static int renameatxNp(int fromDir, long from, int toDir, long to, int flags) {
        return (int) FileCalls.RENAMEATX_NP.call(fromDir, from, toDir, to, flags);
    }

    public static int posixSpawnFileActionsAddinheritNp(MemorySegment fa, int fd) {
        return (int) SpawnCalls.ADDINHERIT_NP.call(fa.address(), fd);
    }
}
