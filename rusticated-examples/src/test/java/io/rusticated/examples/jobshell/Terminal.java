package io.rusticated.examples.jobshell;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.linux.Libc;
import io.rusticated.linux.LinuxAbi;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;
import io.rusticated.unix.testing.TestPosix;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The test's side of a pseudo-terminal: the master, read and written on the loop, with
 * expect-style waiting for text. The slave end is what the shell gets as its terminal.
 */
final class Terminal implements AutoCloseable {
    private final EventLoop loop;
    final int master;
    final int slave;
    private final File masterFile;
    private final StringBuilder seen = new StringBuilder();
    private int consumed;

    private Terminal(EventLoop loop, int master, int slave, String name) {
        this.loop = loop;
        this.master = master;
        this.slave = slave;
        this.masterFile = File.fromHandle(loop, master, Path.of(name));
    }

    static Terminal open(EventLoop loop) {
        int m = check(TestPosix.posixOpenpt(LinuxAbi.O_RDWR | LinuxAbi.O_NOCTTY | LinuxAbi.O_CLOEXEC), "posix_openpt");
        check(TestPosix.grantpt(m), "grantpt");
        check(TestPosix.unlockpt(m), "unlockpt");
        try (Arena a = Arena.ofConfined()) {
            MemorySegment buf = a.allocate(128);
            if (TestPosix.ptsnameR(m, buf) != 0) {
                throw new IllegalStateException("ptsname_r failed");
            }
            String name = buf.getString(0);
            int s = check(Libc.openat(LinuxAbi.AT_FDCWD, a.allocateFrom(name).address(),
                    LinuxAbi.O_RDWR | LinuxAbi.O_NOCTTY | LinuxAbi.O_CLOEXEC, 0), "open " + name);
            return new Terminal(loop, m, s, name);
        }
    }

    private static int check(int rc, String what) {
        if (rc < 0) {
            throw new IllegalStateException(what + " failed: errno " + -rc);
        }
        return rc;
    }

    /** Types the text, as a user at the terminal would (control characters included). */
    void type(String text) {
        Buffer b = Buffer.of(text);
        while (!b.isEmpty()) {
            int n = loop.blockOn(masterFile.write(b));
            b.discard(n);
        }
    }

    /**
     * Waits until {@code text} appears in the output after everything earlier calls consumed, and
     * returns the output up to and including it.
     */
    String expect(String text) {
        CompletionStage<String> s = readUntil(text);
        return loop.blockOn(Time.timeout(s, Duration.ofSeconds(20)).exceptionally(e -> {
            throw new AssertionError("timed out waiting for " + printable(text) + "; the terminal showed: " + printable(seen.substring(consumed)), e);
        }));
    }

    private CompletionStage<String> readUntil(String text) {
        int at = seen.indexOf(text, consumed);
        if (at >= 0) {
            String out = seen.substring(consumed, at + text.length());
            consumed = at + text.length();
            return CompletableFuture.completedFuture(out);
        }
        Buffer b = Buffer.allocate(4096);
        return masterFile.read(b).thenCompose(n -> {
            if (n == 0) {
                return CompletableFuture.failedFuture(new IllegalStateException("terminal closed"));
            }
            seen.append(b.toString(StandardCharsets.UTF_8));
            return readUntil(text);
        });
    }

    String transcript() {
        return seen.toString();
    }

    static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\u0003", "^C").replace("\u001a", "^Z");
    }

    @Override
    public void close() {
        Libc.close(slave);
        Libc.close(master);
    }
}
