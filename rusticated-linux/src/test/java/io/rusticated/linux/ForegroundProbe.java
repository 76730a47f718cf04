package io.rusticated.linux;

import io.rusticated.process.Child;
import io.rusticated.process.Command;
import io.rusticated.process.ExitStatus;
import io.rusticated.process.Processes;
import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import io.rusticated.tty.Tty;

/**
 * Run by TtyTest in its own session on a pty: gives the terminal to a child's new process group,
 * observes it, stops and continues the child, takes the terminal back (SIGTTOU ignored meanwhile:
 * without that the kernel would stop this JVM), and prints what it saw.
 */
public final class ForegroundProbe {
    public static void main(String[] args) throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            Tty tty = Tty.standard(loop, 0);
            long self = Processes.currentProcessGroup();
            StringBuilder out = new StringBuilder();
            out.append("self-foreground=").append(tty.foregroundProcessGroup() == self).append(' ');
            Child sleeper = Command.of("sleep", "30").newProcessGroup().foreground(tty).spawn(loop);
            out.append("child-foreground=").append(tty.foregroundProcessGroup() == sleeper.pid()).append(' ');
            Processes.signalGroup(sleeper.pid(), Signal.TSTP);
            ExitStatus stopped = loop.blockOn(sleeper.waitChange());
            out.append("stopped=").append(stopped).append(' ');
            tty.setForegroundProcessGroup(self);
            out.append("back=").append(tty.foregroundProcessGroup() == self).append(' ');
            Processes.signalGroup(sleeper.pid(), Signal.CONT);
            out.append("continued=").append(loop.blockOn(sleeper.waitChange())).append(' ');
            sleeper.kill();
            out.append("end=").append(loop.blockOn(sleeper.waitExit()));
            System.out.print(out + " probe-done\n");
            System.out.flush();
        }
    }
}
