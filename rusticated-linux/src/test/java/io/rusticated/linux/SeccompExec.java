package io.rusticated.linux;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.util.Map;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code SeccompExec EPERM|ENOSYS program [args...]}: runs a program in which io_uring is
 * genuinely unavailable, as under Docker's default seccomp profile. It installs
 * {@link NoIoUringChild}'s filter (io_uring_setup fails with the errno) on this JVM, then
 * execve(2)s the program, which keeps the filter (seccomp filters survive exec). Used to run the
 * demo on the runtime image in that sandbox.
 */
public final class SeccompExec {
    private SeccompExec() {
    }

    public static void main(String[] args) throws Throwable {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: SeccompExec EPERM|ENOSYS program [args...]");
        }
        int errno = switch (args[0]) {
            case "EPERM" -> LinuxAbi.EPERM;
            case "ENOSYS" -> LinuxAbi.ENOSYS;
            default -> throw new IllegalArgumentException("errno must be EPERM or ENOSYS, not " + args[0]);
        };
        NoIoUringChild.denyIoUringSetup(errno, -1);
        Linker linker = Linker.nativeLinker();
        MethodHandle execve = linker.downcallHandle(linker.defaultLookup().find("execve").orElseThrow(),
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
        Arena arena = Arena.ofAuto(); // gone with the process image
        MemorySegment argv = arena.allocate(ADDRESS, args.length);
        for (int i = 1; i < args.length; i++) {
            argv.setAtIndex(ADDRESS, i - 1, arena.allocateFrom(args[i]));
        }
        argv.setAtIndex(ADDRESS, args.length - 1, MemorySegment.NULL);
        Map<String, String> env = System.getenv();
        MemorySegment envp = arena.allocate(ADDRESS, env.size() + 1L);
        int i = 0;
        for (Map.Entry<String, String> e : env.entrySet()) {
            envp.setAtIndex(ADDRESS, i++, arena.allocateFrom(e.getKey() + "=" + e.getValue()));
        }
        envp.setAtIndex(ADDRESS, i, MemorySegment.NULL);
        int r = (int) execve.invokeExact(arena.allocateFrom(args[1]), argv, envp);
        throw new IllegalStateException("execve " + args[1] + " failed: " + r);
    }
}
