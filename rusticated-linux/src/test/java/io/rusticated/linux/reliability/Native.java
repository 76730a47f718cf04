package io.rusticated.linux.reliability;

import io.rusticated.linux.Libc;
import io.rusticated.linux.LinuxAbi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** What the reliability tests read from the OS about this process, and pipes they make. */
final class Native {
    private Native() {
    }

    /** A pipe with both ends O_CLOEXEC: [read end, write end]. */
    static int[] pipe() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment fds = arena.allocate(ValueLayout.JAVA_INT, 2);
            int r = Libc.pipe2(fds, LinuxAbi.O_CLOEXEC);
            if (r < 0) {
                throw new IllegalStateException("pipe2 failed: " + -r);
            }
            return new int[] {fds.getAtIndex(ValueLayout.JAVA_INT, 0), fds.getAtIndex(ValueLayout.JAVA_INT, 1)};
        }
    }

    static void writeBytes(int fd, byte[] bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocateFrom(ValueLayout.JAVA_BYTE, bytes);
            long w = Libc.write(fd, m.address(), bytes.length);
            if (w != bytes.length) {
                throw new IllegalStateException("short pipe write: " + w);
            }
        }
    }

    /** Reads what is there (the fd must have data or be at EOF, else this blocks). */
    static byte[] readBytes(int fd, int max) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(max);
            long n = Libc.read(fd, m.address(), max);
            if (n < 0) {
                throw new IllegalStateException("read failed: " + -n);
            }
            return m.asSlice(0, n).toArray(ValueLayout.JAVA_BYTE);
        }
    }

    static int openFdCount() {
        try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
            return (int) s.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static long rssKiB() {
        return statusField("VmRSS:");
    }

    static long threads() {
        return statusField("Threads:");
    }

    private static long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(name + " not in /proc/self/status");
    }
}
