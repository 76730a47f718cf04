package io.rusticated.wasm.jdk;

import io.rusticated.wasm.abi.Host;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The standard streams of a guest on rusticated. rusticated's TeaVM plug-in makes
 * {@code System.in()}, {@code out()}, {@code err()}, {@code setOut} and {@code setErr} call these,
 * in place of TeaVM's console (which writes through console.log, one character per host call,
 * and whose System.in only throws).
 */
public final class Console {
    private static InputStream in;
    private static PrintStream out;
    private static PrintStream err;

    private Console() {
    }

    public static InputStream in() {
        if (in == null) {
            in = new ConsoleInputStream();
        }
        return in;
    }

    public static PrintStream out() {
        if (out == null) {
            out = new PrintStream(new ConsoleOutputStream(Host.STDOUT, "<stdout>"), true, StandardCharsets.UTF_8);
        }
        return out;
    }

    public static PrintStream err() {
        if (err == null) {
            err = new PrintStream(new ConsoleOutputStream(Host.STDERR, "<stderr>"), true, StandardCharsets.UTF_8);
        }
        return err;
    }

    public static void setOut(PrintStream stream) {
        out = stream;
    }

    public static void setErr(PrintStream stream) {
        err = stream;
    }

    /** System.exit: the host ends the program; output was written (and waited for) already. */
    public static void exit(int status) {
        Host.exit(status);
        // The host does not come back; should one, the program must not carry on past exit.
        throw new IllegalStateException("rusticated host returned from exit(" + status + ")");
    }
}
