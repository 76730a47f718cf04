package io.rusticated.process;

import io.rusticated.rt.EventLoop;
import io.rusticated.spi.Platform;
import io.rusticated.spi.ProcessSupport;
import io.rusticated.tty.Tty;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Commands connected stdout-to-stdin by pipes, as a shell's {@code a | b | c}. The first
 * command's stdin and the last one's stdout are whatever those commands say ({@link Redirect#PIPE}
 * makes them {@link Job#stdin()} and {@link Job#stdout()}); the pipes between are made here and
 * this process keeps no end of them, so each reader sees end of input when its writer exits.
 */
public final class Pipeline {
    private final List<Command> commands;
    private long processGroup = -1;
    private Tty foreground;

    private Pipeline(List<Command> commands) {
        if (commands.isEmpty()) {
            throw new IllegalArgumentException("a pipeline needs at least one command");
        }
        this.commands = List.copyOf(commands);
    }

    public static Pipeline of(Command... commands) {
        return new Pipeline(List.of(commands));
    }

    public static Pipeline of(List<Command> commands) {
        return new Pipeline(commands);
    }

    /** Runs every command in one new process group, led by the first (a shell's job). */
    public Pipeline newProcessGroup() {
        this.processGroup = 0;
        return this;
    }

    /** Runs every command in the existing group {@code pgid}. */
    public Pipeline processGroup(long pgid) {
        if (pgid <= 0) {
            throw new IllegalArgumentException("process group id must be positive: " + pgid);
        }
        this.processGroup = pgid;
        return this;
    }

    /** Makes the job's group the terminal's foreground group before its first program runs. */
    public Pipeline foreground(Tty terminal) {
        this.foreground = terminal;
        return this;
    }

    public Job spawn() throws IOException {
        return spawn(EventLoop.current());
    }

    /**
     * Starts every command. If one fails to start, those already started are killed (SIGKILL) and
     * collected in the background, and the failure is thrown.
     */
    public Job spawn(EventLoop loop) throws IOException {
        if (foreground != null && processGroup < 0) {
            throw new IllegalStateException("a pipeline can take the terminal's foreground only in its own process group");
        }
        ProcessSupport os = Platform.process();
        List<Child> children = new ArrayList<>(commands.size());
        long group = processGroup;
        long previousRead = -1;
        try {
            for (int i = 0; i < commands.size(); i++) {
                boolean last = i == commands.size() - 1;
                long[] next = last ? null : os.pipe(ProcessSupport.PipeEndUser.CHILD, ProcessSupport.PipeEndUser.CHILD);
                try {
                    Map<Integer, Redirect> overrides = new java.util.TreeMap<>();
                    if (previousRead >= 0) {
                        overrides.put(0, Redirect.handle(previousRead));
                    }
                    if (next != null) {
                        overrides.put(1, Redirect.handle(next[1]));
                    }
                    long fg = i == 0 && foreground != null ? foreground.handle() : -1;
                    Child c = commands.get(i).spawn(loop, overrides, group, fg);
                    children.add(c);
                    if (group == 0) {
                        group = c.pid(); // the others join the first one's group
                    }
                } finally {
                    if (previousRead >= 0) {
                        os.close(previousRead);
                        previousRead = -1;
                    }
                    if (next != null) {
                        os.close(next[1]);
                    }
                }
                previousRead = next == null ? -1 : next[0];
            }
        } catch (IOException | RuntimeException e) {
            if (previousRead >= 0) {
                os.close(previousRead);
            }
            for (Child c : children) {
                c.kill();
                c.waitExit();
            }
            throw e;
        }
        return new Job(children, processGroup < 0 ? -1 : group);
    }
}
