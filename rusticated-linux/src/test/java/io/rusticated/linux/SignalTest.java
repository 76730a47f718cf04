package io.rusticated.linux;

import io.rusticated.conformance.LoopPerTest;
import io.rusticated.conformance.Await;
import io.rusticated.process.Command;
import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import io.rusticated.signal.SignalListener;
import io.rusticated.signal.Signals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(LoopPerTest.class)
class SignalTest {
    private static final int SELF = (int) ProcessHandle.current().pid();
    private EventLoop loop; // LoopPerTest's, for the running test

    private <T> T await(CompletionStage<T> stage) {
        return Await.on(loop, stage);
    }

    /** One bit per signal of a /proc/self/status mask line (SigCgt: caught, SigIgn: ignored). */
    private static boolean inMask(String field, Signal s) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                long mask = Long.parseUnsignedLong(line.substring(field.length() + 1).trim(), 16);
                return (mask & (1L << (s.number() - 1))) != 0;
            }
        }
        throw new IllegalStateException("no " + field + " in /proc/self/status");
    }

    @Test
    void usr1IsReceivedTwiceAndTheDefaultComesBack() throws IOException {
        assertThat(inMask("SigCgt", Signal.USR1)).as("SIGUSR1 has no handler before").isFalse();
        try (SignalListener l = Signals.listen(loop, Signal.USR1)) {
            assertThat(inMask("SigCgt", Signal.USR1)).isTrue();
            // once from another process, once from this one
            assertThat(await(Command.of("kill", "-USR1", Integer.toString(SELF)).status()).success()).isTrue();
            assertThat(await(l.next())).isEqualTo(Signal.USR1);
            Libc.kill(SELF, LinuxAbi.SIGUSR1);
            assertThat(await(l.next())).isEqualTo(Signal.USR1);
        }
        assertThat(inMask("SigCgt", Signal.USR1)).as("closing the listener restores SIG_DFL").isFalse();
    }

    @Test
    void winchIsReceivedTwice() throws IOException {
        try (SignalListener l = Signals.listen(loop, Signal.WINCH)) {
            for (int i = 0; i < 2; i++) {
                CompletionStage<Signal> next = l.next();
                Libc.kill(SELF, LinuxAbi.SIGWINCH);
                assertThat(await(next)).isEqualTo(Signal.WINCH);
            }
        }
        assertThat(inMask("SigCgt", Signal.WINCH)).isFalse();
    }

    @Test
    void ctrlCIsReceivedTwiceUnlessTheProcessIgnoresSigint() throws IOException {
        if (inMask("SigIgn", Signal.INT)) {
            // Started with SIGINT ignored (a background job of a non-interactive shell): the JVM will not handle it, and says so.
            assertThatThrownBy(() -> Signals.listen(loop, Signal.INT))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SIGINT is ignored");
            return;
        }
        for (int i = 0; i < 2; i++) {
            CompletionStage<Signal> ctrlC = Signals.ctrlC();
            Libc.kill(SELF, LinuxAbi.SIGINT);
            assertThat(await(ctrlC)).isEqualTo(Signal.INT);
        }
        // The JVM's own SIGINT handler (shutdown hooks) is back: caught, not by us.
        assertThat(inMask("SigCgt", Signal.INT)).isTrue();
        try (SignalListener l = Signals.listen(loop, Signal.INT)) {
            Libc.kill(SELF, LinuxAbi.SIGINT);
            assertThat(await(l.next())).isEqualTo(Signal.INT);
            Libc.kill(SELF, LinuxAbi.SIGINT);
            assertThat(await(l.next())).isEqualTo(Signal.INT);
        }
    }

    @Test
    void deliveriesBeforeNextAreKept() throws IOException {
        try (SignalListener l = Signals.listen(loop, Signal.USR1)) {
            Libc.kill(SELF, LinuxAbi.SIGUSR1);
            // The delivery reaches the loop as a task; next() afterwards still gets it.
            assertThat(await(l.next())).isEqualTo(Signal.USR1);
        }
    }

    @Test
    void twoListenersBothReceiveAndTheHandlerStaysUntilTheLastCloses() throws IOException {
        SignalListener a = Signals.listen(loop, Signal.USR1);
        SignalListener b = Signals.listen(loop, Signal.USR1);
        CompletionStage<Signal> na = a.next();
        CompletionStage<Signal> nb = b.next();
        Libc.kill(SELF, LinuxAbi.SIGUSR1);
        assertThat(await(na)).isEqualTo(Signal.USR1);
        assertThat(await(nb)).isEqualTo(Signal.USR1);
        a.close();
        assertThat(inMask("SigCgt", Signal.USR1)).isTrue();
        nb = b.next();
        Libc.kill(SELF, LinuxAbi.SIGUSR1);
        assertThat(await(nb)).isEqualTo(Signal.USR1);
        b.close();
        assertThat(inMask("SigCgt", Signal.USR1)).isFalse();
    }

    @Test
    void listenerOnAnotherLoopThreadReceives() throws Exception {
        EventLoop other = EventLoop.startThread("signal-test-loop");
        try (SignalListener l = Signals.listen(other, Signal.USR1)) {
            CompletionStage<Signal> next = l.next();
            Libc.kill(SELF, LinuxAbi.SIGUSR1);
            assertThat(next.toCompletableFuture().get(20, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Signal.USR1);
        } finally {
            other.close();
        }
    }

    @Test
    void closingFailsAWaitingNext() {
        SignalListener l = Signals.listen(loop, Signal.USR1);
        CompletionStage<Signal> next = l.next();
        l.close();
        assertThatThrownBy(() -> await(next)).hasCauseInstanceOf(java.util.concurrent.CancellationException.class);
        assertThatThrownBy(l::next).isInstanceOf(IllegalStateException.class);
    }

    /** SIGUSR2 is HotSpot's thread suspend/resume signal unless _JAVA_SR_SIGNUM moves it; then it is the program's. */
    @Test
    void usr2IsReceivedTwiceOnceHotSpotSuspendsWithAnotherSignal() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(NativeTestSupport.javaCommand(Usr2Child.class));
        pb.environment().put("_JAVA_SR_SIGNUM", "39");
        pb.redirectErrorStream(true);
        Process child = pb.start();
        child.getOutputStream().close();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor()).as(out).isZero();
        assertThat(out.trim()).isEqualTo("SIGUSR2 SIGUSR2 reserved: SIGUSR2=false SIG39=true");
    }

    @Test
    void reservedSignalsAreRefusedClearly() {
        for (Signal s : new Signal[]{Signal.USR2, Signal.QUIT, Signal.SEGV, Signal.BUS, Signal.FPE, Signal.ILL, Signal.KILL, Signal.STOP}) {
            assertThat(Signals.isReserved(s)).isTrue();
            assertThatThrownBy(() -> Signals.listen(loop, s))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(s + " is reserved");
        }
        assertThat(Signals.isReserved(Signal.WINCH)).isFalse();
    }

    @Test
    void ignoreSetsSigIgnAndRestores() throws IOException {
        assertThat(inMask("SigIgn", Signal.TTOU)).isFalse();
        try (Signals.Restorer r = Signals.ignore(Signal.TTOU)) {
            assertThat(inMask("SigIgn", Signal.TTOU)).isTrue();
            try (Signals.Restorer nested = Signals.ignore(Signal.TTOU)) {
                assertThat(inMask("SigIgn", Signal.TTOU)).isTrue();
            }
            assertThat(inMask("SigIgn", Signal.TTOU)).as("the nested restore goes back to ignored").isTrue();
        }
        assertThat(inMask("SigIgn", Signal.TTOU)).isFalse();
    }

    @Test
    void signalsByNameAndNumber() {
        assertThat(Signal.of("SIGTERM")).isSameAs(Signal.TERM);
        assertThat(Signal.of("WINCH").number()).isEqualTo(LinuxAbi.SIGWINCH);
        assertThat(Signal.of(LinuxAbi.SIGTSTP)).isSameAs(Signal.TSTP);
        assertThat(Signal.of(40).toString()).isEqualTo("SIG40");
        assertThatThrownBy(() -> Signal.of("NOPE")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIGNOPE");
    }
}
