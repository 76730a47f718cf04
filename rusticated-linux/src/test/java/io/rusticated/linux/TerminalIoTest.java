package io.rusticated.linux;

import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.rusticated.linux.NativeTestSupport.openPty;
import static io.rusticated.linux.NativeTestSupport.writeFully;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Terminals, through a pty: the slave is what a program sees as its terminal, the master what a
 * terminal emulator holds. Terminals refuse RWF_NOWAIT, so on epoll the slave goes through a
 * private O_NONBLOCK reopen and the master through readiness plus the blocking pool; either way the
 * shared file description must stay blocking, as other processes on the terminal expect.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TerminalIoTest {
    private static final Path TTY = Path.of("tty");

    @Test
    void terminalReadWaitsForALineAndLeavesTheDescriptionBlocking() {
        try (EventLoop loop = EventLoop.open(); NativeTestSupport.Pty pty = openPty()) {
            File tty = File.fromHandle(loop, pty.slave(), TTY);
            Buffer b = Buffer.allocate(64);
            CompletableFuture<Integer> read = tty.read(b).toCompletableFuture();
            loop.runNow();
            loop.runNow();
            assertThat(read).isNotDone();

            writeFully(pty.master(), "typed line\n");
            assertThat(loop.blockOn(read)).isEqualTo(11);
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("typed line\n");
            assertThat(NativeTestSupport.statusFlags(pty.slave()) & LinuxAbi.O_NONBLOCK).as("O_NONBLOCK on the shared description").isZero();
        }
    }

    @Test
    void terminalWriteReachesTheMaster() {
        try (EventLoop loop = EventLoop.open(); NativeTestSupport.Pty pty = openPty()) {
            File tty = File.fromHandle(loop, pty.slave(), TTY);
            assertThat(loop.blockOn(tty.write(Buffer.of("shown\n")))).isEqualTo(6);
            StringBuilder seen = new StringBuilder();
            while (seen.indexOf("\n") < 0) { // output processing may hand the master "shown" and "\r\n" apart
                seen.append(new String(NativeTestSupport.readSome(pty.master(), 64), StandardCharsets.UTF_8));
            }
            assertThat(seen.toString()).isEqualTo("shown\r\n"); // the line discipline's ONLCR
            assertThat(NativeTestSupport.statusFlags(pty.slave()) & LinuxAbi.O_NONBLOCK).isZero();
        }
    }

    @Test
    void cancelledTerminalReadDoesNotStealTheNextLine() throws Exception {
        try (EventLoop loop = EventLoop.open(); NativeTestSupport.Pty pty = openPty()) {
            File tty = File.fromHandle(loop, pty.slave(), TTY);
            Buffer b = Buffer.allocate(64);
            CompletableFuture<Integer> read = tty.read(b).toCompletableFuture();
            loop.runNow();
            Thread.ofPlatform().start(() -> read.cancel(true)).join();
            assertThatThrownBy(() -> loop.blockOn(read)).isInstanceOf(CancellationException.class);
            assertThat(b.length()).isZero();

            writeFully(pty.master(), "for the next reader\n");
            Buffer next = Buffer.allocate(64);
            loop.blockOn(tty.read(next));
            assertThat(next.toString(StandardCharsets.UTF_8)).isEqualTo("for the next reader\n");
        }
    }

    @Test
    void masterReadWaitsForWhatTheProgramWrites() {
        try (EventLoop loop = EventLoop.open(); NativeTestSupport.Pty pty = openPty()) {
            File master = File.fromHandle(loop, pty.master(), Path.of("ptmx"));
            Buffer b = Buffer.allocate(64);
            CompletableFuture<Integer> read = master.read(b).toCompletableFuture();
            loop.runNow();
            assertThat(read).isNotDone();
            writeFully(pty.slave(), "output\n");
            assertThat(loop.blockOn(read)).isPositive();
            while (b.get(b.length() - 1) != '\n') { // "output" and "\r\n" may arrive apart
                loop.blockOn(master.read(b));
            }
            assertThat(b.toString(StandardCharsets.UTF_8)).isEqualTo("output\r\n");
            assertThat(NativeTestSupport.statusFlags(pty.master()) & LinuxAbi.O_NONBLOCK).isZero();
        }
    }
}
