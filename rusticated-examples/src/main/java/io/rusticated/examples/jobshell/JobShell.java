package io.rusticated.examples.jobshell;

import io.rusticated.io.Buffer;
import io.rusticated.process.Command;
import io.rusticated.process.ExitStatus;
import io.rusticated.process.Job;
import io.rusticated.process.Pipeline;
import io.rusticated.process.Processes;
import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import io.rusticated.signal.SignalListener;
import io.rusticated.signal.Signals;
import io.rusticated.tty.TerminalMode;
import io.rusticated.tty.Tty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * A tiny job-control shell on rusticated: {@code a | b | c} pipelines, each in its own process
 * group that gets the terminal; Ctrl-C and Ctrl-Z go to the foreground job (the terminal sends
 * them to its foreground group); {@code jobs}, {@code fg [%n]}, {@code bg [%n]}, {@code exit},
 * and a trailing {@code &}.
 *
 * <p>The shell runs on one event loop. Its main sequence reads like a blocking program
 * ({@link EventLoop#blockOn} at the top level, as Rust's {@code block_on}); everything else —
 * child state changes, SIGINT at the prompt — arrives as completions on the same loop while it
 * waits. It never reads the terminal while a job owns it.
 *
 * <p>Set {@code JOBSHELL_TRACE=1} to have it print {@code [fg <pgid>]} once a job has the
 * terminal (tests wait for it before typing Ctrl-Z).
 */
public final class JobShell {
    private static final String PROMPT = "rsh$ ";

    private final EventLoop loop;
    private final Tty in;
    private final Tty out;
    private final boolean interactive;
    private final boolean trace = "1".equals(System.getenv("JOBSHELL_TRACE"));
    private final List<ShellJob> jobs = new ArrayList<>();
    private final List<Signals.Restorer> ignored = new ArrayList<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    private long shellGroup;
    private TerminalMode shellMode;
    private SignalListener sigint;
    private int lastCode;

    private JobShell(EventLoop loop) {
        this.loop = loop;
        this.in = Tty.standard(loop, 0);
        this.out = Tty.standard(loop, 2);
        this.interactive = in.isTerminal();
    }

    public static void main(String[] args) throws Exception {
        int code;
        try (EventLoop loop = EventLoop.open()) {
            code = new JobShell(loop).run();
        }
        System.exit(code);
    }

    private int run() throws IOException {
        if (interactive) {
            takeControlOfTheTerminal();
        }
        try {
            for (;;) {
                reportFinishedJobs();
                print(PROMPT);
                String line = readLine();
                if (line == null) {
                    print("\n");
                    return lastCode;
                }
                try {
                    if (!execute(line)) {
                        return lastCode;
                    }
                } catch (IllegalArgumentException e) {
                    print("rsh: " + e.getMessage() + "\n");
                    lastCode = 2;
                }
            }
        } finally {
            hangUpJobs();
            if (sigint != null) {
                sigint.close();
            }
            ignored.forEach(Signals.Restorer::close);
        }
    }

    /** Lead a process group, make it the terminal's foreground, and ignore the keyboard's job-control signals. */
    private void takeControlOfTheTerminal() throws IOException {
        long self = Processes.currentPid();
        if (Processes.currentProcessGroup() != self) {
            Processes.setProcessGroup(0, 0);
        }
        shellGroup = self;
        in.setForegroundProcessGroup(shellGroup);
        shellMode = in.mode();
        // A shell is not stopped by Ctrl-Z nor by touching the terminal from the background; its jobs
        // get these back at their default (Command resets them for children in a process group).
        ignored.add(Signals.ignore(Signal.TSTP));
        ignored.add(Signals.ignore(Signal.TTIN));
        ignored.add(Signals.ignore(Signal.TTOU));
        sigint = Signals.listen(loop, Signal.INT);
        onCtrlCAtThePrompt();
    }

    /** Ctrl-C while the shell owns the terminal: the line discipline dropped the line; start a new one. */
    private void onCtrlCAtThePrompt() {
        sigint.next().thenAccept(s -> {
            write("\n" + PROMPT);
            onCtrlCAtThePrompt();
        });
    }

    /** Runs one line; false when the shell should exit. */
    private boolean execute(String line) throws IOException {
        CommandLine cl = CommandLine.parse(line);
        if (cl.isEmpty()) {
            return true;
        }
        List<String> first = cl.commands().getFirst();
        if (cl.commands().size() == 1) {
            switch (first.getFirst()) {
                case "exit" -> {
                    if (first.size() > 1) {
                        lastCode = Integer.parseInt(first.get(1));
                    }
                    return false;
                }
                case "jobs" -> {
                    for (ShellJob j : List.copyOf(jobs)) {
                        print(j.describe() + "\n");
                        if (j.state() == ShellJob.State.DONE) {
                            jobs.remove(j);
                        }
                    }
                    return true;
                }
                case "fg" -> {
                    ShellJob j = pick(first);
                    if (j != null) {
                        print(j.text + "\n");
                        j.setBackground(false);
                        continueJob(j);
                        foreground(j, false);
                    }
                    return true;
                }
                case "bg" -> {
                    ShellJob j = pick(first);
                    if (j != null) {
                        j.setBackground(true);
                        continueJob(j);
                        print("[" + j.id + "] " + j.text + " &\n");
                    }
                    return true;
                }
                default -> {
                }
            }
        }
        launch(cl);
        return true;
    }

    private void launch(CommandLine cl) throws IOException {
        List<Command> commands = new ArrayList<>();
        for (List<String> words : cl.commands()) {
            commands.add(Command.of(words.getFirst()).args(words.subList(1, words.size())));
        }
        Pipeline pipeline = Pipeline.of(commands);
        if (interactive) {
            pipeline.newProcessGroup();
            if (!cl.background()) {
                pipeline.foreground(in);
            }
        }
        Job job;
        try {
            job = pipeline.spawn(loop);
        } catch (NoSuchFileException e) {
            print("rsh: " + e.getFile() + ": command not found\n");
            lastCode = 127;
            return;
        }
        // As bash numbers them: one more than the highest job still listed.
        int id = jobs.stream().mapToInt(x -> x.id).max().orElse(0) + 1;
        ShellJob j = new ShellJob(id, cl.text(), job, cl.background());
        jobs.add(j);
        if (cl.background()) {
            print("[" + j.id + "] " + job.processGroup() + "\n");
        } else {
            foreground(j, true);
        }
    }

    /**
     * Gives the job the terminal (unless its first process took it when it started), waits until
     * it stops or finishes, then takes the terminal back.
     */
    private void foreground(ShellJob j, boolean hasTerminal) throws IOException {
        if (interactive) {
            if (j.savedMode != null) {
                in.setMode(j.savedMode);
            }
            if (!hasTerminal) {
                try {
                    in.setForegroundProcessGroup(j.job.processGroup());
                } catch (IOException e) {
                    // the job's group is already gone: it finished meanwhile, which settled() reports
                }
            }
            if (trace) {
                print("[fg " + j.job.processGroup() + "]\n");
            }
        }
        ShellJob.State state = loop.blockOn(j.settled());
        if (interactive) {
            in.setForegroundProcessGroup(shellGroup);
            if (state == ShellJob.State.STOPPED) {
                j.savedMode = in.mode();
            }
            in.setMode(shellMode);
        }
        if (state == ShellJob.State.STOPPED) {
            print("\n[" + j.id + "]+  Stopped    " + j.text + "\n");
            lastCode = 128 + Signal.TSTP.number();
            return;
        }
        jobs.remove(j);
        ExitStatus last = j.lastStatus();
        lastCode = last.shellCode();
        if (last instanceof ExitStatus.Killed k && k.signal() != Signal.INT && k.signal() != Signal.PIPE) {
            print(last + "\n");
        } else if (last instanceof ExitStatus.Killed) {
            print("\n");
        }
    }

    private void continueJob(ShellJob j) throws IOException {
        j.markContinued();
        j.job.signal(Signal.CONT);
    }

    /** {@code fg}/{@code bg} with no argument take the newest job; {@code %n} names one. */
    private ShellJob pick(List<String> words) throws IOException {
        if (jobs.isEmpty()) {
            print("rsh: " + words.getFirst() + ": no current job\n");
            return null;
        }
        if (words.size() < 2) {
            return jobs.getLast();
        }
        String spec = words.get(1).startsWith("%") ? words.get(1).substring(1) : words.get(1);
        for (ShellJob j : jobs) {
            if (Integer.toString(j.id).equals(spec)) {
                return j;
            }
        }
        print("rsh: " + words.getFirst() + ": " + words.get(1) + ": no such job\n");
        return null;
    }

    private void reportFinishedJobs() throws IOException {
        for (ShellJob j : List.copyOf(jobs)) {
            if (j.isBackground() && j.state() == ShellJob.State.DONE) {
                print(j.describe() + "\n");
                jobs.remove(j);
            }
        }
    }

    /** On exit, like a login shell's SIGHUP: end what is left, waking stopped jobs so they can die. */
    private void hangUpJobs() {
        for (ShellJob j : jobs) {
            try {
                j.job.signal(Signal.HUP);
                j.job.signal(Signal.CONT);
            } catch (IOException e) {
                // already gone
            }
        }
    }

    /** A line from the terminal, without its newline; null at end of input (Ctrl-D). */
    private String readLine() {
        Buffer buf = Buffer.allocate(4096);
        for (;;) {
            byte[] have = pending.toByteArray();
            for (int i = 0; i < have.length; i++) {
                if (have[i] == '\n') {
                    pending.reset();
                    pending.write(have, i + 1, have.length - i - 1);
                    return new String(have, 0, i, StandardCharsets.UTF_8);
                }
            }
            buf.clear();
            int n = loop.blockOn(in.read(buf));
            if (n == 0) {
                if (have.length == 0) {
                    return null;
                }
                pending.reset();
                return new String(have, StandardCharsets.UTF_8);
            }
            pending.writeBytes(buf.toByteArray());
        }
    }

    private void print(String text) {
        loop.blockOn(write(text));
    }

    private CompletionStage<Void> write(String text) {
        return writeAll(Buffer.of(text));
    }

    private CompletionStage<Void> writeAll(Buffer b) {
        if (b.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return out.write(b).thenCompose(n -> {
            b.discard(n);
            return writeAll(b);
        });
    }
}
