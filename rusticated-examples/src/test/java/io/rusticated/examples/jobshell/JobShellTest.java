package io.rusticated.examples.jobshell;

import io.rusticated.process.Child;
import io.rusticated.process.Command;
import io.rusticated.process.ExitStatus;
import io.rusticated.process.Processes;
import io.rusticated.process.Redirect;
import io.rusticated.rt.EventLoop;
import io.rusticated.time.Time;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Drives the shell in its own JVM and session, on a pseudo-terminal, the way a user would. */
class JobShellTest {
    private static final String PROMPT = "rsh$ ";

    private EventLoop loop;
    private Terminal tty;
    private Child shell;

    @BeforeEach
    void start() throws IOException {
        loop = EventLoop.open();
        tty = Terminal.open(loop);
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // setsid -c: a new session whose controlling terminal is the pty, as a terminal emulator gives a login shell.
        shell = Command.of("setsid", "-c", java, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
                        "-cp", cp, JobShell.class.getName())
                .env("JOBSHELL_TRACE", "1")
                .stdin(Redirect.handle(tty.slave)).stdout(Redirect.handle(tty.slave)).stderr(Redirect.handle(tty.slave))
                .spawn(loop);
    }

    @AfterEach
    void stop() {
        if (shell.exitStatus().isEmpty()) {
            shell.kill();
            loop.blockOn(shell.waitExit());
        }
        tty.close();
        loop.close();
    }

    @Test
    void pipelinesCtrlZBgFgAndCtrlC() throws IOException {
        tty.expect(PROMPT);

        // A three-stage pipeline in its own process group, given the terminal.
        tty.type("printf 'one\\ntwo\\nthree\\n' | tr a-z A-Z | wc -l\n");
        // (the job may finish before the shell's trace line: order-independent checks)
        assertThat(tty.expect(PROMPT)).contains("[fg ", "3\r\n");

        tty.type("printf 'one\\ntwo\\n' | tr a-z A-Z\n");
        // the shell's trace line may land between the job's lines
        assertThat(tty.expect(PROMPT).replaceAll("\\[fg \\d+]\r\n", "")).contains("ONE\r\nTWO\r\n");

        // Ctrl-Z stops the foreground job; the shell takes the terminal back.
        tty.type("sleep 30\n");
        long jobGroup = Long.parseLong(tty.expect("]").replaceAll("(?s).*\\[fg (\\d+)]", "$1"));
        assertThat(Processes.processGroupOf(jobGroup)).as("the job leads its own group").isEqualTo(jobGroup);
        assertThat(jobGroup).isNotEqualTo(shell.pid());
        tty.type("\u001a");
        assertThat(tty.expect(PROMPT)).contains("[1]+  Stopped    sleep 30");
        assertThat(processState(jobGroup)).isEqualTo('T');

        tty.type("jobs\n");
        assertThat(tty.expect(PROMPT)).contains("[1]  Stopped    sleep 30");

        // bg continues it in the background.
        tty.type("bg\n");
        assertThat(tty.expect(PROMPT)).contains("[1] sleep 30 &");
        tty.type("jobs\n");
        assertThat(tty.expect(PROMPT)).contains("[1]  Running    sleep 30");
        assertThat(processState(jobGroup)).isIn('S', 'R');

        // fg brings it back; Ctrl-C then goes to the job, not to the shell.
        tty.type("fg\n");
        assertThat(tty.expect("[fg " + jobGroup + "]")).contains("sleep 30");
        tty.type("\u0003");
        tty.expect(PROMPT);
        tty.type("jobs\n");
        assertThat(tty.expect(PROMPT)).doesNotContain("sleep 30");

        // Ctrl-C at the prompt is the shell's: a fresh prompt, the shell lives on.
        tty.type("half a line\u0003");
        tty.expect(PROMPT);
        tty.type("echo still here\n");
        assertThat(tty.expect(PROMPT)).contains("still here\r\n");

        tty.type("exit 5\n");
        ExitStatus end = loop.blockOn(Time.timeout(shell.waitExit(), Duration.ofSeconds(20)));
        assertThat(end).isEqualTo(new ExitStatus.Exited(5));
    }

    @Test
    void unknownCommandIsReported() {
        tty.expect(PROMPT);
        tty.type("rusticated-no-such-command arg\n");
        assertThat(tty.expect(PROMPT)).contains("rsh: rusticated-no-such-command: command not found");
        tty.type("\u0004"); // Ctrl-D: end of input
        ExitStatus end = loop.blockOn(Time.timeout(shell.waitExit(), Duration.ofSeconds(20)));
        assertThat(end).isEqualTo(new ExitStatus.Exited(127));
    }

    /** The state letter of /proc/<pid>/stat: T stopped, S sleeping, R running. */
    private static char processState(long pid) throws IOException {
        String stat = java.nio.file.Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
