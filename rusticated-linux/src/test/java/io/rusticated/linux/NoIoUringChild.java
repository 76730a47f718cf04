package io.rusticated.linux;

import io.rusticated.fs.DirEntry;
import io.rusticated.fs.File;
import io.rusticated.fs.Fs;
import io.rusticated.fs.OpenOptions;
import io.rusticated.io.Buffer;
import io.rusticated.process.Stdio;
import io.rusticated.rt.EventLoop;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A JVM in which io_uring is genuinely unavailable, as in Docker's default seccomp profile: it
 * installs a seccomp filter on every thread that makes io_uring_setup fail with a chosen errno,
 * then opens an {@link EventLoop} without forcing a backend and reports what it got, one
 * {@code key=value} line each, for {@link NoIoUringTest} to check.
 *
 * <p>Arguments: {@code errno=N} (every io_uring_setup fails with N) or {@code enomem-above=N}
 * (rings of more than N entries fail with ENOMEM, smaller ones are allowed); then the options
 * {@code no-epoll_pwait2} (that call fails with ENOSYS, as before Linux 5.11) and {@code io}
 * (exercise files, pipes, the console and a timer on the chosen backend).
 */
public final class NoIoUringChild {
    // <sys/prctl.h>, <linux/seccomp.h>, <linux/filter.h>, <linux/audit.h>, <asm/unistd.h>:
    // test-only values, checked with gcc and aarch64-linux-gnu-gcc against their headers when written.
    private static final boolean X86_64 = LinuxAbi.ARCH == LinuxArch.X86_64;
    static final int SYS_PRCTL = X86_64 ? 157 : 167;
    static final int SYS_SECCOMP = X86_64 ? 317 : 277;
    static final int PR_SET_NO_NEW_PRIVS = 38;
    static final int SECCOMP_SET_MODE_FILTER = 1;
    static final int SECCOMP_FILTER_FLAG_TSYNC = 1;
    static final int SECCOMP_RET_ALLOW = 0x7fff0000;
    static final int SECCOMP_RET_ERRNO = 0x00050000;
    /** AUDIT_ARCH_X86_64, AUDIT_ARCH_AARCH64: the filter applies to this CPU's system call table only. */
    static final int AUDIT_ARCH = X86_64 ? 0xC000003E : 0xC00000B7;
    static final short BPF_LD_W_ABS = 0x20;
    static final short BPF_JMP_JEQ_K = 0x15;
    static final short BPF_JMP_JGT_K = 0x25;
    static final short BPF_RET_K = 0x06;
    /** struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6]. */
    static final int SECCOMP_DATA_NR = 0;
    static final int SECCOMP_DATA_ARCH = 4;
    static final int SECCOMP_DATA_ARG0 = 16;
    /** struct sock_filter { __u16 code; __u8 jt; __u8 jf; __u32 k; }. */
    static final int SOCK_FILTER_SIZE = 8;

    private NoIoUringChild() {
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        int errno;
        long aboveEntries;
        if (mode.startsWith("errno=")) {
            errno = Integer.parseInt(mode.substring("errno=".length()));
            aboveEntries = -1;
        } else if (mode.startsWith("enomem-above=")) {
            errno = LinuxAbi.ENOMEM;
            aboveEntries = Long.parseLong(mode.substring("enomem-above=".length()));
        } else {
            throw new IllegalArgumentException("mode errno=N or enomem-above=N expected: " + mode);
        }
        denyIoUringSetup(errno, aboveEntries);
        List<String> options = List.of(args).subList(1, args.length);
        if (options.contains("no-epoll_pwait2")) {
            installFilter(LinuxAbi.SYS_EPOLL_PWAIT2, LinuxAbi.ENOSYS, -1); // a kernel before 5.11
        }
        report("filter", "installed");

        EventLoop loop;
        try {
            loop = EventLoop.open();
        } catch (IllegalStateException e) {
            report("open-failed", e.getMessage());
            return;
        }
        try (loop) {
            report("backend", loop.backend().name());
            report("features", loop.backend().features());
            report("reason", loop.backend().reason());
            if (options.contains("io")) {
                files(loop);
                pipe(loop);
                console(loop);
                timer(loop);
            }
        }
        report("done", "true");
    }

    /**
     * PR_SET_NO_NEW_PRIVS (so an unprivileged process may filter), then a classic BPF program:
     * foreign architectures and every other system call pass; io_uring_setup (425), when its first
     * argument (the entry count) is above {@code aboveEntries}, returns {@code -errno}. TSYNC puts
     * the filter on every thread of the JVM, which has many by now.
     */
    static void denyIoUringSetup(int errno, long aboveEntries) {
        long r = Libc.syscall(SYS_PRCTL, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
        if (r != 0) {
            throw new IllegalStateException("prctl(PR_SET_NO_NEW_PRIVS) failed: " + LinuxErrors.name((int) -r));
        }
        installFilter(LinuxAbi.SYS_IO_URING_SETUP, errno, aboveEntries);
    }

    /**
     * One more filter (filters stack): system call {@code nr} fails with {@code errno} when its
     * first argument is above {@code aboveFirstArg} (-1: always).
     */
    static void installFilter(int nr, int errno, long aboveFirstArg) {
        long r;
        boolean bySize = aboveFirstArg >= 0;
        try (Arena arena = Arena.ofConfined()) {
            int n = bySize ? 8 : 6;
            int allow = n - 1;
            MemorySegment prog = arena.allocate((long) SOCK_FILTER_SIZE * n, 8);
            int i = 0;
            put(prog, i++, BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_ARCH);
            put(prog, i, BPF_JMP_JEQ_K, 0, allow - (i + 1), AUDIT_ARCH);
            i++;
            put(prog, i++, BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_NR);
            put(prog, i, BPF_JMP_JEQ_K, 0, allow - (i + 1), nr);
            i++;
            if (bySize) {
                put(prog, i++, BPF_LD_W_ABS, 0, 0, SECCOMP_DATA_ARG0);
                put(prog, i, BPF_JMP_JGT_K, 0, allow - (i + 1), (int) aboveFirstArg);
                i++;
            }
            put(prog, i++, BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | (errno & 0xffff));
            put(prog, i, BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW);

            // struct sock_fprog { unsigned short len; struct sock_filter *filter; }
            MemorySegment fprog = arena.allocate(16, 8);
            fprog.set(ValueLayout.JAVA_SHORT, 0, (short) n);
            fprog.set(ValueLayout.JAVA_LONG, 8, prog.address());
            r = Libc.syscall(SYS_SECCOMP, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC, fprog.address(), 0, 0, 0);
            if (r != 0) {
                throw new IllegalStateException("seccomp(SET_MODE_FILTER, TSYNC) failed: " + (r < 0 ? LinuxErrors.name((int) -r) : "thread " + r + " could not sync"));
            }
        }
    }

    private static void put(MemorySegment prog, int index, short code, int jt, int jf, int k) {
        long at = (long) index * SOCK_FILTER_SIZE;
        prog.set(ValueLayout.JAVA_SHORT, at, code);
        prog.set(ValueLayout.JAVA_BYTE, at + 2, (byte) jt);
        prog.set(ValueLayout.JAVA_BYTE, at + 3, (byte) jf);
        prog.set(ValueLayout.JAVA_INT, at + 4, k);
    }

    private static void files(EventLoop loop) throws Exception {
        Path dir = Files.createTempDirectory("rusticated-no-io_uring");
        Path p = dir.resolve("note.txt");
        File f = loop.blockOn(File.open(p, OpenOptions.createTruncate().withRead(true)));
        loop.blockOn(f.writeAllAt(Buffer.of("written without io_uring"), 0));
        Buffer back = Buffer.allocate(100);
        loop.blockOn(f.readAt(back, 0));
        report("file-read", back.toString(StandardCharsets.UTF_8));
        report("file-size", String.valueOf(loop.blockOn(f.metadata()).size()));
        loop.blockOn(f.close());
        List<DirEntry> entries = loop.blockOn(Fs.readDir(dir).thenCompose(d -> d.collect()));
        report("dir", String.join(",", entries.stream().map(DirEntry::name).toList()));
        loop.blockOn(Fs.removeFile(p));
        Files.delete(dir);
    }

    private static void pipe(EventLoop loop) {
        NativeTestSupport.Pipe fds = NativeTestSupport.pipe();
        try {
            File in = File.fromHandle(loop, fds.readFd(), Path.of("pipe"));
            File out = File.fromHandle(loop, fds.writeFd(), Path.of("pipe"));
            Buffer got = Buffer.allocate(64);
            CompletableFuture<Integer> read = in.read(got).toCompletableFuture();
            loop.runNow(); // the read now waits for data
            report("pipe-read-waited", String.valueOf(!read.isDone()));
            loop.blockOn(out.writeAll(Buffer.of("through a pipe")));
            loop.blockOn(read);
            report("pipe", got.toString(StandardCharsets.UTF_8));
        } finally {
            fds.close();
        }
    }

    private static void console(EventLoop loop) {
        loop.blockOn(Stdio.of(loop, 1).write(Buffer.of("console=written by Stdio\n")));
        Buffer line = Buffer.allocate(256);
        Stdio stdin = Stdio.of(loop, 0);
        while (line.length() == 0 || line.get(line.length() - 1) != '\n') {
            if (loop.blockOn(stdin.read(line)) == 0) {
                break;
            }
        }
        report("stdin", line.toString(StandardCharsets.UTF_8).strip());
    }

    private static void timer(EventLoop loop) {
        long start = System.nanoTime();
        loop.blockOn(io.rusticated.time.Time.sleep(java.time.Duration.ofNanos(2_500_000)));
        report("slept-at-least-2500us", String.valueOf(System.nanoTime() - start >= 2_500_000));
    }

    private static void report(String key, String value) {
        System.out.println(key + "=" + value);
        System.out.flush();
    }
}
