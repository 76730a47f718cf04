package io.rusticated.linux;

import io.rusticated.io.Buffer;
import io.rusticated.process.Stdio;
import io.rusticated.rt.EventLoop;

import java.nio.charset.StandardCharsets;

/**
 * The child process of {@link StdioTest}: greets on standard output, then echoes one line of
 * standard input back, all through the loop, then writes a note to standard error.
 */
public final class StdioChild {
    private StdioChild() {
    }

    public static void main(String[] args) {
        try (EventLoop loop = EventLoop.open()) {
            Buffer hello = Buffer.of("hello\n");
            int n = loop.blockOn(Stdio.stdout().write(hello));
            if (n != 6) {
                throw new IllegalStateException("short write to stdout: " + n);
            }
            Buffer line = Buffer.allocate(256);
            while (line.length() == 0 || line.get(line.length() - 1) != '\n') {
                int r = loop.blockOn(Stdio.stdin().read(line));
                if (r == 0 || line.spare() == 0) {
                    break;
                }
            }
            String got = line.toString(StandardCharsets.UTF_8);
            loop.blockOn(Stdio.stdout().write(Buffer.of("got: " + got)));
            loop.blockOn(Stdio.stderr().write(Buffer.of("on stderr\n")));
        }
    }
}
