package io.rusticated.jdk;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Replaces {@code System.in}, {@code out} and {@code err} with streams served by rusticated,
 * built exactly as {@code java.lang.System} builds its own: a {@link PrintStream} with autoflush
 * over a 128-byte {@link BufferedOutputStream}, in the charset of {@code stdout.encoding} /
 * {@code stderr.encoding} (the current stream's where unset), and a {@link BufferedInputStream}
 * over standard input. So buffering, flushing and encoding are the JDK's; only the system calls
 * underneath are rusticated operations. A shutdown hook flushes both print streams at exit, so
 * bytes written without a newline (which {@code print} flushes anyway) are not lost either.
 *
 * <p>{@code java.lang.IO} (JDK 25) prints through {@code System.out} and reads through a reader
 * over {@code System.in}, so it goes through these streams too. {@link System#console()} does not:
 * it writes to the terminal itself.
 */
final class ConsoleStreams {
    private static boolean installed;

    private ConsoleStreams() {
    }

    /** Installs the streams once; runs in the system class loader's constructor, before {@code main}. */
    static synchronized void install() {
        if (installed || "jdk".equals(System.getProperty("rusticated.console"))) {
            return;
        }
        installed = true;
        PrintStream out = printStream(new StdioOutputStream(1), "stdout.encoding", System.out);
        PrintStream err = printStream(new StdioOutputStream(2), "stderr.encoding", System.err);
        System.setIn(new BufferedInputStream(new StdinInputStream()));
        System.setOut(out);
        System.setErr(err);
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("rusticated-console-flush").unstarted(() -> {
            out.flush();
            err.flush();
        }));
    }

    private static PrintStream printStream(StdioOutputStream stream, String encodingProperty, PrintStream current) {
        String enc = System.getProperty(encodingProperty);
        Charset cs = enc != null ? Charset.forName(enc, current.charset()) : current.charset();
        return new PrintStream(new BufferedOutputStream(stream, 128), true, cs);
    }
}
