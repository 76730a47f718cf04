package io.rusticated.conformance;

import io.rusticated.io.Buffer;
import io.rusticated.process.Child;
import io.rusticated.process.Command;
import io.rusticated.process.ExitStatus;
import io.rusticated.process.Job;
import io.rusticated.process.Output;
import io.rusticated.process.Pipe;
import io.rusticated.process.PipeReader;
import io.rusticated.process.PipeWriter;
import io.rusticated.process.Pipeline;
import io.rusticated.process.Processes;
import io.rusticated.process.Redirect;
import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Children spawned, awaited and connected through pipes, running the POSIX utilities. */
@ExtendWith(LoopPerTest.class)
@Needs({Feature.PROCESSES, Feature.POSIX_SHELL})
class ProcessTest {
    @TempDir
    Path dir;

    private EventLoop loop; // LoopPerTest's, for the running test

    private <T> T await(CompletionStage<T> stage) {
        return Await.on(loop, stage);
    }

    @Test
    @Needs(Feature.POSIX_SIGNALS)
    void exitCodeIsReported() throws IOException {
        Child c = Command.of("/bin/sh", "-c", "exit 7").spawn(loop);
        ExitStatus s = await(c.waitExit());
        assertThat(s).isEqualTo(new ExitStatus.Exited(7));
        assertThat(s.success()).isFalse();
        assertThat(s.shellCode()).isEqualTo(7);
        assertThat(await(c.waitExit())).as("every wait after termination gives the same status").isEqualTo(s);
        assertThat(c.kill(Signal.TERM)).as("a collected child cannot be signalled").isFalse();
    }

    @Test
    void programIsFoundOnPath() throws IOException {
        Output out = await(Command.of("echo", "found", "on", "PATH").output(loop));
        assertThat(out.status().success()).isTrue();
        assertThat(out.stdoutText()).isEqualTo("found on PATH\n");
    }

    @Test
    @Needs(Feature.POSIX_SIGNALS)
    void killWithTermIsReportedAsKilledByTerm() throws IOException {
        Child c = Command.of("sleep", "30").spawn(loop);
        assertThat(c.kill(Signal.TERM)).isTrue();
        ExitStatus s = await(c.waitExit());
        assertThat(s).isEqualTo(new ExitStatus.Killed(Signal.TERM, false));
        assertThat(s.shellCode()).isEqualTo(128 + 15);
    }

    @Test
    @Needs(Feature.POSIX_SIGNALS)
    void coreDumpIsReported() throws IOException {
        // SIGQUIT's default action dumps core; with `ulimit -c 0` the kernel may not write one, so only the signal is checked strictly.
        Child c = Command.of("/bin/sh", "-c", "kill -QUIT $$").spawn(loop);
        ExitStatus s = await(c.waitExit());
        assertThat(s).isInstanceOf(ExitStatus.Killed.class);
        assertThat(((ExitStatus.Killed) s).signal()).isEqualTo(Signal.QUIT);
    }

    @Test
    @Needs({Feature.POSIX_SIGNALS, Feature.JOB_CONTROL})
    void stopAndContinueAreObserved() throws IOException {
        // In a process group of its own, whose parent (this JVM) is outside it: the kernel drops
        // SIGTSTP sent to a process of an orphaned group, and this JVM's group is orphaned when the
        // build runs detached from the shell that started it (e.g. `./mvnw verify &` in a script that then exits).
        Child c = Command.of("sleep", "30").newProcessGroup().spawn(loop);
        c.kill(Signal.STOP);
        assertThat(await(c.waitChange())).isEqualTo(new ExitStatus.Stopped(Signal.STOP));
        c.kill(Signal.CONT);
        assertThat(await(c.waitChange())).isEqualTo(new ExitStatus.Continued());
        // A stop that happens while nobody waits is reported by the next waitChange.
        c.kill(Signal.TSTP);
        assertThat(await(c.waitChange())).isEqualTo(new ExitStatus.Stopped(Signal.TSTP));
        c.kill(Signal.KILL);
        assertThat(await(c.waitExit())).isEqualTo(new ExitStatus.Killed(Signal.KILL, false));
    }

    @Test
    @Needs(Feature.POSIX_SIGNALS)
    void waitExitSkipsStops() throws IOException {
        Child c = Command.of("sleep", "30").spawn(loop);
        CompletionStage<ExitStatus> exit = c.waitExit();
        c.kill(Signal.STOP);
        CompletionStage<ExitStatus> change = c.waitChange();
        assertThat(await(change)).isEqualTo(new ExitStatus.Stopped(Signal.STOP));
        assertThat(exit.toCompletableFuture()).isNotDone();
        c.kill(Signal.KILL);
        assertThat(await(exit)).isEqualTo(new ExitStatus.Killed(Signal.KILL, false));
    }

    @Test
    @Needs(Feature.PIPES)
    void threeStagePipelineThroughRusticatedPipes() throws IOException {
        Job job = Pipeline.of(
                Command.of("printf", "%s", "hello, rusticated pipes"),
                Command.of("tr", "a-z", "A-Z"),
                Command.of("wc", "-c").stdout(Redirect.PIPE)).spawn(loop);
        assertThat(job.children()).hasSize(3);
        String count = new String(await(job.stdout().readAll()), StandardCharsets.UTF_8).trim();
        assertThat(count).isEqualTo(Integer.toString("hello, rusticated pipes".length()));
        assertThat(await(job.waitExit())).allMatch(ExitStatus::success);
    }

    @Test
    @Needs({Feature.PIPES, Feature.JOB_CONTROL})
    void pipelineCarriesTheBytes() throws IOException {
        Job job = Pipeline.of(
                Command.of("printf", "%s", "hello, rusticated pipes"),
                Command.of("tr", "a-z", "A-Z").stdout(Redirect.PIPE)).newProcessGroup().spawn(loop);
        assertThat(new String(await(job.stdout().readAll()), StandardCharsets.UTF_8)).isEqualTo("HELLO, RUSTICATED PIPES");
        assertThat(job.processGroup()).isEqualTo(job.children().getFirst().pid());
        assertThat(await(job.waitExit())).allMatch(ExitStatus::success);
    }

    @Test
    @Needs(Feature.PIPES)
    void oneChildsStdoutBecomesAnothersStdin() throws IOException {
        Child echo = Command.of("echo", "chained").stdout(Redirect.PIPE).spawn(loop);
        Child tr = Command.of("tr", "a-z", "A-Z").stdin(Redirect.from(echo.stdout())).stdout(Redirect.PIPE).spawn(loop);
        assertThat(echo.stdout().isOpen()).as("the reader moved to the second child").isFalse();
        assertThat(new String(await(tr.stdout().readAll()), StandardCharsets.UTF_8)).isEqualTo("CHAINED\n");
        assertThat(await(echo.waitExit()).success()).isTrue();
        assertThat(await(tr.waitExit()).success()).isTrue();
    }

    @Test
    @Needs(Feature.PIPES)
    void sixtyFourMebibytesThroughCatWithoutDeadlock() throws IOException {
        int total = 64 << 20;
        Child cat = Command.of("cat").stdin(Redirect.PIPE).stdout(Redirect.PIPE).spawn(loop);
        CRC32 sent = new CRC32();
        CRC32 received = new CRC32();
        CompletableFuture<Void> writing = writeLoop(cat.stdin(), total, 0, sent).toCompletableFuture()
                .thenCompose(v -> cat.stdin().close().toCompletableFuture());
        Buffer in = Buffer.allocate(1 << 20);
        long got = await(readLoop(cat.stdout(), in, 0, received));
        await(writing);
        assertThat(got).isEqualTo(total);
        assertThat(received.getValue()).isEqualTo(sent.getValue());
        assertThat(await(cat.waitExit()).success()).isTrue();
    }

    private static CompletionStage<Void> writeLoop(PipeWriter w, int total, int done, CRC32 crc) {
        if (done == total) {
            return CompletableFuture.completedFuture(null);
        }
        int n = Math.min(1 << 20, total - done);
        byte[] chunk = new byte[n];
        for (int i = 0; i < n; i++) {
            chunk[i] = (byte) ((done + i) * 31 + ((done + i) >>> 11));
        }
        crc.update(chunk);
        return w.writeAll(Buffer.of(chunk)).thenCompose(v -> writeLoop(w, total, done + n, crc));
    }

    private static CompletionStage<Long> readLoop(PipeReader r, Buffer buf, long done, CRC32 crc) {
        buf.clear();
        return r.read(buf).thenCompose(n -> {
            if (n == 0) {
                return CompletableFuture.completedFuture(done);
            }
            crc.update(buf.asByteBuffer());
            return readLoop(r, buf, done + n, crc);
        });
    }

    @Test
    void twoHundredChildrenSpawnedAndAwaitedConcurrently() throws IOException {
        List<CompletableFuture<ExitStatus>> waits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Child c = Command.of("/bin/sh", "-c", "exit " + (i % 100)).spawn(loop);
            waits.add(c.waitExit().toCompletableFuture());
        }
        await(CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)));
        for (int i = 0; i < 200; i++) {
            assertThat(waits.get(i).join()).isEqualTo(new ExitStatus.Exited(i % 100));
        }
    }

    @Test
    void environmentAndWorkingDirectoryAreHonoured() throws IOException {
        Output out = await(Command.of("/bin/sh", "-c", "printf '%s|%s|%s' \"$RUSTICATED_TEST\" \"$(pwd -P)\" \"${HOME-unset}\"")
                .env("RUSTICATED_TEST", "set by the command")
                .envRemove("HOME")
                .cwd(dir)
                .output(loop));
        assertThat(out.stdoutText()).isEqualTo("set by the command|" + dir.toRealPath() + "|unset");
    }

    @Test
    void clearedEnvironmentHoldsOnlyWhatWasSet() throws IOException {
        Output out = await(Command.of("/usr/bin/env").envClear().env("ONLY", "this").output(loop));
        assertThat(out.stdoutText()).isEqualTo("ONLY=this\n");
    }

    @Test
    void missingProgramIsNoSuchFileNamingIt() {
        assertThatThrownBy(() -> Command.of("rusticated-no-such-program", "x").spawn(loop))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("rusticated-no-such-program")
                .satisfies(e -> assertThat(((NoSuchFileException) e).getFile()).isEqualTo("rusticated-no-such-program"));
        assertThatThrownBy(() -> Command.of(dir.resolve("absent").toString()).spawn(loop))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining(dir.resolve("absent").toString());
        assertThatThrownBy(() -> Command.of("true").cwd(dir.resolve("no-dir")).spawn(loop))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no-dir");
    }

    @Test
    @Needs(Feature.POSIX_FILES)
    void nonExecutableFileIsRefused() throws IOException {
        Path script = Files.writeString(dir.resolve("not-executable"), "#!/bin/sh\nexit 0\n");
        assertThatThrownBy(() -> Command.of(script.toString()).spawn(loop))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no such executable file");
    }

    @Test
    @Needs(Feature.PIPES)
    void redirectsToAndFromFiles() throws IOException {
        Path in = Files.writeString(dir.resolve("in.txt"), "from a file\n");
        Path out = dir.resolve("out.txt");
        ExitStatus s = await(Command.of("tr", "a-z", "A-Z").stdin(Redirect.read(in)).stdout(Redirect.write(out)).spawn(loop).waitExit());
        assertThat(s.success()).isTrue();
        await(Command.of("echo", "appended").stdout(Redirect.append(out)).spawn(loop).waitExit());
        assertThat(Files.readString(out)).isEqualTo("FROM A FILE\nappended\n");
        // stderr onto stdout's pipe, as a shell's 2>&1
        Pipe p = Pipe.open(loop);
        Child c = Command.of("/bin/sh", "-c", "echo out; echo err >&2")
                .stdout(Redirect.handle(p.writer().handle())).stderr(Redirect.to(p.writer())).spawn(loop);
        assertThat(new String(await(p.reader().readAll()), StandardCharsets.UTF_8)).isEqualTo("out\nerr\n");
        await(c.waitExit());
        p.reader().close();
    }

    @Test
    @Needs({Feature.POSIX_SIGNALS, Feature.JOB_CONTROL})
    void newProcessGroupIsLedByTheChildAndSignalledAsAGroup() throws IOException {
        Child c = Command.of("sleep", "30").newProcessGroup().spawn(loop);
        assertThat(c.processGroup()).isEqualTo(c.pid());
        assertThat(Processes.processGroupOf(c.pid())).isEqualTo(c.pid());
        assertThat(Processes.processGroupOf(c.pid())).isNotEqualTo(Processes.currentProcessGroup());
        Child joined = Command.of("sleep", "30").processGroup(c.pid()).spawn(loop);
        assertThat(Processes.processGroupOf(joined.pid())).isEqualTo(c.pid());
        Processes.signalGroup(c.pid(), Signal.TERM);
        assertThat(await(c.waitExit())).isEqualTo(new ExitStatus.Killed(Signal.TERM, false));
        assertThat(await(joined.waitExit())).isEqualTo(new ExitStatus.Killed(Signal.TERM, false));
    }

    @Test
    @Needs(Feature.PIPES)
    void writingToAChildThatExitedIsABrokenPipeNotADeadJvm() throws IOException {
        Child c = Command.of("true").stdin(Redirect.PIPE).spawn(loop);
        await(c.waitExit());
        assertThatThrownBy(() -> await(c.stdin().write(Buffer.of("nobody reads this"))))
                .hasRootCauseInstanceOf(IOException.class)
                .hasStackTraceContaining("Broken pipe");
        c.stdin().close();
    }
}
