package io.rusticated.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Every libc function rusticated calls on Linux, in one place (as the JDK's
 * {@code UnixNativeDispatcher}). Each returns the raw result, or a negated errno on failure, so
 * callers handle kernel results and io_uring completions the same way. errno is captured by the
 * linker into a per-thread segment, never read from a global.
 */
public final class Libc {
    private Libc() {
    }

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    private static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");
    private static final ThreadLocal<MemorySegment> ERRNO_SLOT = ThreadLocal.withInitial(() -> Arena.ofAuto().allocate(CAPTURE));

    private static MethodHandle downcall(String name, FunctionDescriptor fd, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsatisfiedLinkError("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, fd, options);
    }

    /** long syscall(long number, ...): all six arguments passed as longs, as glibc reads them with va_arg(long). */
    private static final MethodHandle SYSCALL = downcall("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_LONG),
            Linker.Option.firstVariadicArg(1), CAPTURE_ERRNO);
    private static final MethodHandle MMAP = downcall("mmap",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MUNMAP = downcall("munmap",
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle CLOSE = downcall("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle READ = downcall("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle WRITE = downcall("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle PREAD = downcall("pread64", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle PWRITE = downcall("pwrite64", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle EVENTFD = downcall("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle PIPE2 = downcall("pipe2", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FTRUNCATE = downcall("ftruncate", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle FSYNC = downcall("fsync", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FDATASYNC = downcall("fdatasync", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    /** int openat(int dirfd, const char *path, int flags, ...): mode is the variadic argument. */
    private static final MethodHandle OPENAT = downcall("openat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT), Linker.Option.firstVariadicArg(3), CAPTURE_ERRNO);
    private static final MethodHandle STATX = downcall("statx",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MKDIRAT = downcall("mkdirat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle UNLINKAT = downcall("unlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle RENAMEAT2 = downcall("renameat2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle SYMLINKAT = downcall("symlinkat", FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle LINKAT = downcall("linkat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);

    private static final MethodHandle EPOLL_CREATE1 = downcall("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle EPOLL_CTL = downcall("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle EPOLL_WAIT = downcall("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    /** ssize_t preadv2(int fd, const struct iovec *iov, int iovcnt, off_t offset, int flags): glibc 2.26. */
    private static final MethodHandle PREADV2 = downcall("preadv2",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle PWRITEV2 = downcall("pwritev2",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    /** int ioctl(int fd, unsigned long request, ...): the pointer argument is the variadic one. */
    private static final MethodHandle IOCTL = downcall("ioctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), Linker.Option.firstVariadicArg(2), CAPTURE_ERRNO);

    private static MemorySegment errnoSlot() {
        return ERRNO_SLOT.get();
    }

    private static long orErrno(long result, MemorySegment slot) {
        return result == -1 ? -(int) ERRNO.get(slot, 0L) : result;
    }

    public static long syscall(long number, long a1, long a2, long a3, long a4, long a5, long a6) {
        MemorySegment slot = errnoSlot();
        try {
            return orErrno((long) SYSCALL.invokeExact(slot, number, a1, a2, a3, a4, a5, a6), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** mmap returning the address, or a negated errno (MAP_FAILED is -1). */
    public static long mmap(long addr, long length, int prot, int flags, int fd, long offset) {
        MemorySegment slot = errnoSlot();
        try {
            return orErrno((long) MMAP.invokeExact(slot, addr, length, prot, flags, fd, offset), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int munmap(long addr, long length) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) MUNMAP.invokeExact(slot, addr, length), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int close(int fd) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) CLOSE.invokeExact(slot, fd), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static long read(int fd, long address, long count) {
        MemorySegment slot = errnoSlot();
        try {
            return orErrno((long) READ.invokeExact(slot, fd, address, count), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static long write(int fd, long address, long count) {
        MemorySegment slot = errnoSlot();
        try {
            return orErrno((long) WRITE.invokeExact(slot, fd, address, count), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static long pread(int fd, long address, long count, long offset) {
        MemorySegment slot = errnoSlot();
        try {
            return orErrno((long) PREAD.invokeExact(slot, fd, address, count, offset), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static long pwrite(int fd, long address, long count, long offset) {
        MemorySegment slot = errnoSlot();
        try {
            return orErrno((long) PWRITE.invokeExact(slot, fd, address, count, offset), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int eventfd(int initval, int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) EVENTFD.invokeExact(slot, initval, flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** pipe2 into {@code fds} (two ints). */
    public static int pipe2(MemorySegment fds, int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) PIPE2.invokeExact(slot, fds.address(), flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int ftruncate(int fd, long length) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) FTRUNCATE.invokeExact(slot, fd, length), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int fsync(int fd, boolean dataOnly) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno(dataOnly ? (int) FDATASYNC.invokeExact(slot, fd) : (int) FSYNC.invokeExact(slot, fd), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int openat(int dirfd, long path, int flags, int mode) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) OPENAT.invokeExact(slot, dirfd, path, flags, mode), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int statx(int dirfd, long path, int flags, int mask, long statxbuf) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) STATX.invokeExact(slot, dirfd, path, flags, mask, statxbuf), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int mkdirat(int dirfd, long path, int mode) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) MKDIRAT.invokeExact(slot, dirfd, path, mode), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int unlinkat(int dirfd, long path, int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) UNLINKAT.invokeExact(slot, dirfd, path, flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int renameat2(int olddirfd, long oldpath, int newdirfd, long newpath, int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) RENAMEAT2.invokeExact(slot, olddirfd, oldpath, newdirfd, newpath, flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int symlinkat(long target, int newdirfd, long linkpath) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) SYMLINKAT.invokeExact(slot, target, newdirfd, linkpath), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int linkat(int olddirfd, long oldpath, int newdirfd, long newpath, int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) LINKAT.invokeExact(slot, olddirfd, oldpath, newdirfd, newpath, flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static int epollCreate1(int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) EPOLL_CREATE1.invokeExact(slot, flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** epoll_ctl with {@code event} the address of one struct epoll_event (0 for EPOLL_CTL_DEL). */
    public static int epollCtl(int epfd, int op, int fd, long event) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) EPOLL_CTL.invokeExact(slot, epfd, op, fd, event), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** epoll_wait: the number of events written at {@code events}, or a negated errno. */
    public static int epollWait(int epfd, long events, int maxEvents, int timeoutMillis) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) EPOLL_WAIT.invokeExact(slot, epfd, events, maxEvents, timeoutMillis), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /**
     * epoll_pwait2(epfd, events, maxevents, timeout, NULL, 0) through syscall(2) (Linux 5.11):
     * {@code timeout} is the address of a struct __kernel_timespec, or 0 to wait without limit.
     */
    public static int epollPwait2(int epfd, long events, int maxEvents, long timeout) {
        return (int) syscall(LinuxAbi.SYS_EPOLL_PWAIT2, epfd, events, maxEvents, timeout, 0, 0);
    }

    public static long preadv2(int fd, long iov, int iovcnt, long offset, int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return orErrno((long) PREADV2.invokeExact(slot, fd, iov, iovcnt, offset, flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    public static long pwritev2(int fd, long iov, int iovcnt, long offset, int flags) {
        MemorySegment slot = errnoSlot();
        try {
            return orErrno((long) PWRITEV2.invokeExact(slot, fd, iov, iovcnt, offset, flags), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** ioctl with a pointer (or integer) argument. */
    public static int ioctl(int fd, long request, long arg) {
        MemorySegment slot = errnoSlot();
        try {
            return (int) orErrno((int) IOCTL.invokeExact(slot, fd, request, arg), slot);
        } catch (Throwable t) {
            throw new AssertionError(t);
        }
    }

    /** getdents64(fd, buf, count) through syscall(2): glibc only gained a wrapper in 2.30. */
    public static long getdents64(int fd, long address, long count) {
        return syscall(LinuxAbi.SYS_GETDENTS64, fd, address, count, 0, 0, 0);
    }
}
