package io.rusticated.linux;

import io.rusticated.spi.DriverUnavailableException;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;
import java.util.List;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_INT_UNALIGNED;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_LONG_UNALIGNED;

/**
 * The Linux ABI values that differ between the CPUs rusticated-linux supports, x86_64 and aarch64:
 * one table each. {@link LinuxAbi} takes each of these from {@link LinuxAbi#ARCH}, the table of the
 * CPU the JVM runs on. Everything else in LinuxAbi and IoUringAbi is the same on both: errno,
 * signal, ioctl and termios-flag numbers, the fixed-size uapi structs (statx, io_uring), glibc's
 * struct termios, sigset_t, siginfo_t and posix_spawn sizes, and the syscall numbers added since
 * Linux 5.1 (pidfd, io_uring, epoll_pwait2), which every architecture shares.
 * {@code LayoutProbeTest} checks every table against that CPU's headers (gcc for x86_64,
 * aarch64-linux-gnu-gcc for aarch64), so both are checked on one machine.
 *
 * <p>Fields are named after the C symbols, as in LinuxAbi. Any other CPU is refused when a backend
 * is selected, naming the CPU: its numbers were never checked, and a wrong one is another call
 * ({@code close} is {@code io_cancel} on aarch64 under the x86_64 numbers).
 */
public final class LinuxArch {
    public static final LinuxArch X86_64 = new LinuxArch("x86_64");
    public static final LinuxArch AARCH64 = new LinuxArch("aarch64");
    public static final List<LinuxArch> ALL = List.of(X86_64, AARCH64);

    /** As the GNU target triple spells it: {@code x86_64}, {@code aarch64}. */
    public final String name;

    // <asm/unistd.h>: the calls made through syscall(2)
    public final int SYS_READ;
    public final int SYS_WRITE;
    public final int SYS_CLOSE;
    public final int SYS_MMAP;
    public final int SYS_MUNMAP;
    public final int SYS_EVENTFD2;
    public final int SYS_GETDENTS64;
    public final int SYS_PREAD64;
    public final int SYS_PWRITE64;
    public final int SYS_PREADV2;
    public final int SYS_PWRITEV2;
    public final int SYS_LSEEK;
    public final int SYS_OPENAT;
    public final int SYS_STATX;
    public final int SYS_FSYNC;
    public final int SYS_FDATASYNC;
    public final int SYS_FTRUNCATE;
    public final int SYS_MKDIRAT;
    public final int SYS_UNLINKAT;
    public final int SYS_RENAMEAT2;
    public final int SYS_SYMLINKAT;
    public final int SYS_LINKAT;
    public final int SYS_FACCESSAT;
    public final int SYS_SENDFILE;
    public final int SYS_COPY_FILE_RANGE;

    // <asm/fcntl.h>: x86_64 has the asm-generic values; aarch64 keeps 32-bit arm's
    public final int O_DIRECT;
    public final int O_DIRECTORY;
    public final int O_NOFOLLOW;

    /**
     * <sys/epoll.h>: struct epoll_event is {@code __attribute__((packed))} on x86_64 only (12 bytes,
     * data at offset 4, alignment 1, so 32-bit programs share it) and naturally aligned on aarch64
     * (16 bytes, data at 8). {@code data} is read and written as an unaligned long on both.
     */
    public final StructLayout EPOLL_EVENT;
    public final long EPOLL_EVENT_EVENTS;
    public final long EPOLL_EVENT_DATA;

    private LinuxArch(String name) {
        this.name = name;
        boolean x86 = name.equals("x86_64");
        // aarch64 has the asm-generic numbers, as every architecture added since 2012; x86_64 its own
        //                     x86_64     aarch64
        SYS_READ       = x86 ? 0        : 63;
        SYS_WRITE      = x86 ? 1        : 64;
        SYS_CLOSE      = x86 ? 3        : 57;
        SYS_MMAP       = x86 ? 9        : 222;
        SYS_MUNMAP     = x86 ? 11       : 215;
        SYS_EVENTFD2   = x86 ? 290      : 19;
        SYS_GETDENTS64 = x86 ? 217      : 61;
        SYS_PREAD64    = x86 ? 17       : 67;
        SYS_PWRITE64   = x86 ? 18       : 68;
        SYS_PREADV2    = x86 ? 327      : 286;
        SYS_PWRITEV2   = x86 ? 328      : 287;
        SYS_LSEEK      = x86 ? 8        : 62;
        SYS_OPENAT     = x86 ? 257      : 56;
        SYS_STATX      = x86 ? 332      : 291;
        SYS_FSYNC      = x86 ? 74       : 82;
        SYS_FDATASYNC  = x86 ? 75       : 83;
        SYS_FTRUNCATE  = x86 ? 77       : 46;
        SYS_MKDIRAT    = x86 ? 258      : 34;
        SYS_UNLINKAT   = x86 ? 263      : 35;
        SYS_RENAMEAT2  = x86 ? 316      : 276;
        SYS_SYMLINKAT  = x86 ? 266      : 36;
        SYS_LINKAT     = x86 ? 265      : 37;
        SYS_FACCESSAT  = x86 ? 269      : 48;
        SYS_SENDFILE   = x86 ? 40       : 71;
        SYS_COPY_FILE_RANGE = x86 ? 326 : 285;
        O_DIRECT       = x86 ? 040000   : 0200000;
        O_DIRECTORY    = x86 ? 0200000  : 040000;
        O_NOFOLLOW     = x86 ? 0400000  : 0100000;
        EPOLL_EVENT = x86
                ? MemoryLayout.structLayout(
                        JAVA_INT_UNALIGNED.withName("events"),
                        JAVA_LONG_UNALIGNED.withName("data")).withName("epoll_event")
                : MemoryLayout.structLayout(
                        JAVA_INT.withName("events"),
                        MemoryLayout.paddingLayout(4),
                        JAVA_LONG.withName("data")).withName("epoll_event");
        // not LinuxAbi.offset: LinuxAbi's initialisation reads these tables
        EPOLL_EVENT_EVENTS = EPOLL_EVENT.byteOffset(groupElement("events"));
        EPOLL_EVENT_DATA = EPOLL_EVENT.byteOffset(groupElement("data"));
    }

    /** The table for a CPU as the JDK's {@code os.arch} names it ({@code amd64} or {@code x86_64}; {@code aarch64}), or null. */
    static LinuxArch forOsArch(String osArch) {
        return switch (osArch) {
            case "amd64", "x86_64" -> X86_64;
            case "aarch64" -> AARCH64;
            default -> null;
        };
    }

    /** Whether rusticated-linux runs on this OS and CPU (for the process and terminal support). */
    static boolean supports(String osName, String osArch) {
        return osName.startsWith("Linux") && forOsArch(osArch) != null;
    }

    /** For the backend factories, before anything issues a system call. */
    static void requireSupported(String osArch) throws DriverUnavailableException {
        if (forOsArch(osArch) == null) {
            throw new DriverUnavailableException(unsupportedReason(osArch));
        }
    }

    static String unsupportedReason(String osArch) {
        return "rusticated-linux has system call numbers and struct layouts for x86_64 and aarch64 only, not for "
                + (osArch.isEmpty() ? "an unnamed CPU (os.arch is empty)" : osArch);
    }

    /** The table for this JVM's CPU. */
    static LinuxArch current() {
        String osArch = System.getProperty("os.arch", "");
        LinuxArch arch = forOsArch(osArch);
        if (arch == null) {
            // only reached by bypassing the factories, which refuse such a CPU with this reason first
            throw new UnsupportedOperationException(unsupportedReason(osArch));
        }
        return arch;
    }

    @Override
    public String toString() {
        return name;
    }
}
