package io.rusticated.linux;

import io.rusticated.conformance.LoopPerTest;
import io.rusticated.conformance.Await;
import io.rusticated.fs.File;
import io.rusticated.io.Buffer;
import io.rusticated.process.Child;
import io.rusticated.process.ExitStatus;
import io.rusticated.process.Pipe;
import io.rusticated.process.Redirect;
import io.rusticated.rt.EventLoop;
import io.rusticated.tty.RawMode;
import io.rusticated.tty.TerminalMode;
import io.rusticated.tty.Tty;
import io.rusticated.tty.WindowSize;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static io.rusticated.linux.LinuxAbi.ECHO;
import static io.rusticated.linux.LinuxAbi.ICANON;
import static io.rusticated.linux.LinuxAbi.ISIG;
import static io.rusticated.linux.LinuxAbi.OPOST;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(LoopPerTest.class)
class TtyTest {
    private EventLoop loop; // LoopPerTest's, for the running test
    private Pty pty;

    @BeforeEach
    void open() {
        pty = Pty.open();
    }

    @AfterEach
    void close() {
        pty.close();
    }

    private <T> T await(CompletionStage<T> stage) {
        return Await.on(loop, stage);
    }

    @Test
    void aPtyIsATerminalAndAPipeIsNot() throws IOException {
        assertThat(Tty.of(loop, pty.slave).isTerminal()).isTrue();
        Pipe p = Pipe.open(loop);
        assertThat(Tty.of(loop, p.reader().handle()).isTerminal()).isFalse();
        assertThatThrownBy(() -> Tty.of(loop, p.reader().handle()).windowSize())
                .isInstanceOf(IOException.class).hasMessageContaining("not a terminal");
        p.reader().close();
        p.writer().close();
    }

    @Test
    void windowSizeRoundTrips() throws IOException {
        pty.setWindowSize(132, 43);
        assertThat(Tty.of(loop, pty.slave).windowSize()).isEqualTo(new WindowSize(132, 43));
        pty.setWindowSize(80, 24);
        assertThat(Tty.of(loop, pty.slave).windowSize()).isEqualTo(new WindowSize(80, 24));
    }

    @Test
    void rawModeIsEnteredAndRestored() throws IOException {
        Tty tty = Tty.of(loop, pty.slave);
        TerminalMode cooked = tty.mode();
        assertThat(pty.localFlags() & (ICANON | ECHO | ISIG)).isEqualTo(ICANON | ECHO | ISIG);
        try (RawMode raw = tty.enterRawMode()) {
            assertThat(raw.saved()).isEqualTo(cooked);
            assertThat(pty.localFlags() & (ICANON | ECHO | ISIG)).isZero();
            assertThat(pty.outputFlags() & OPOST).isZero();
            assertThat(tty.mode()).isNotEqualTo(cooked);
        }
        assertThat(tty.mode()).isEqualTo(cooked);
        assertThat(pty.localFlags() & (ICANON | ECHO | ISIG)).isEqualTo(ICANON | ECHO | ISIG);
    }

    @Test
    void rawModeIsRestoredWhenTheBlockThrows() throws IOException {
        Tty tty = Tty.of(loop, pty.slave);
        TerminalMode cooked = tty.mode();
        assertThatThrownBy(() -> {
            try (RawMode raw = tty.enterRawMode()) {
                throw new IllegalStateException("boom in raw mode");
            }
        }).hasMessage("boom in raw mode");
        assertThat(tty.mode()).isEqualTo(cooked);
    }

    @Test
    void rawModeIsRestoredByTheShutdownHookWhenTheJvmExits() throws IOException {
        int before = pty.localFlags();
        Child jvm = TestJvm.inNewSession(RawModeThenExit.class)
                .stdin(Redirect.handle(pty.slave)).stdout(Redirect.handle(pty.slave)).stderr(Redirect.handle(pty.slave))
                .spawn(loop);
        File master = File.fromHandle(loop, pty.master, Path.of(pty.slaveName));
        String seen = await(readUntil(master, "raw-entered", new StringBuilder()));
        assertThat(seen).contains("raw-entered");
        assertThat(await(jvm.waitExit())).isEqualTo(new ExitStatus.Exited(3));
        assertThat(pty.localFlags()).isEqualTo(before);
    }

    @Test
    void foregroundGroupIsGivenToAJobAndTakenBack() throws IOException {
        Child jvm = TestJvm.inNewSession(ForegroundProbe.class)
                .stdin(Redirect.handle(pty.slave)).stdout(Redirect.handle(pty.slave)).stderr(Redirect.handle(pty.slave))
                .spawn(loop);
        File master = File.fromHandle(loop, pty.master, Path.of(pty.slaveName));
        String seen = await(readUntil(master, "probe-done", new StringBuilder()));
        assertThat(await(jvm.waitExit())).isEqualTo(new ExitStatus.Exited(0));
        assertThat(seen).contains("self-foreground=true", "child-foreground=true", "stopped=stopped by SIGTSTP", "back=true",
                "continued=continued", "end=killed by SIGKILL");
    }

    @Test
    void ttyReadsAndWritesOnTheLoop() throws IOException {
        Tty tty = Tty.of(loop, pty.slave);
        File master = File.fromHandle(loop, pty.master, Path.of(pty.slaveName));
        try (RawMode raw = tty.enterRawMode()) {
            assertThat(await(tty.write(Buffer.of("to the terminal")))).isEqualTo(15);
            assertThat(await(readUntil(master, "terminal", new StringBuilder()))).isEqualTo("to the terminal");
            await(master.write(Buffer.of("typed\u0003")));
            Buffer in = Buffer.allocate(64);
            StringBuilder got = new StringBuilder();
            while (got.length() < 6) {
                in.clear();
                await(tty.read(in));
                got.append(in.toString(StandardCharsets.UTF_8));
            }
            assertThat(got.toString()).as("raw: Ctrl-C arrives as byte 3, not as SIGINT").isEqualTo("typed\u0003");
        }
    }

    /** Reads the pty master until the text contains {@code marker}. */
    static CompletionStage<String> readUntil(File master, String marker, StringBuilder acc) {
        if (acc.indexOf(marker) >= 0) {
            return CompletableFuture.completedFuture(acc.toString());
        }
        Buffer b = Buffer.allocate(4096);
        return master.read(b).thenCompose(n -> {
            if (n == 0) {
                return CompletableFuture.completedFuture(acc.toString());
            }
            acc.append(b.toString(StandardCharsets.UTF_8));
            return readUntil(master, marker, acc);
        });
    }
}
