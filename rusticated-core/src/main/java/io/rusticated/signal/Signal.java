package io.rusticated.signal;

import java.util.List;
import java.util.Objects;

/**
 * A POSIX signal, named as the JVM names it ({@code "INT"}, {@code "TSTP"}). Its number is the
 * running OS's own (SIGTSTP is 20 on Linux, 18 on macOS), taken from the JVM's signal table, so
 * this class names no OS. A signal the OS lacks has no number and {@link #number()} says so.
 */
public final class Signal {
    public static final Signal HUP = named("HUP");
    public static final Signal INT = named("INT");
    public static final Signal QUIT = named("QUIT");
    public static final Signal ILL = named("ILL");
    public static final Signal TRAP = named("TRAP");
    public static final Signal ABRT = named("ABRT");
    public static final Signal BUS = named("BUS");
    public static final Signal FPE = named("FPE");
    public static final Signal KILL = named("KILL");
    public static final Signal USR1 = named("USR1");
    public static final Signal SEGV = named("SEGV");
    public static final Signal USR2 = named("USR2");
    public static final Signal PIPE = named("PIPE");
    public static final Signal ALRM = named("ALRM");
    public static final Signal TERM = named("TERM");
    public static final Signal CHLD = named("CHLD");
    public static final Signal CONT = named("CONT");
    public static final Signal STOP = named("STOP");
    public static final Signal TSTP = named("TSTP");
    public static final Signal TTIN = named("TTIN");
    public static final Signal TTOU = named("TTOU");
    public static final Signal URG = named("URG");
    public static final Signal XCPU = named("XCPU");
    public static final Signal XFSZ = named("XFSZ");
    public static final Signal VTALRM = named("VTALRM");
    public static final Signal PROF = named("PROF");
    public static final Signal WINCH = named("WINCH");
    public static final Signal IO = named("IO");
    public static final Signal SYS = named("SYS");

    private static final List<Signal> KNOWN = List.of(HUP, INT, QUIT, ILL, TRAP, ABRT, BUS, FPE, KILL, USR1, SEGV, USR2, PIPE,
            ALRM, TERM, CHLD, CONT, STOP, TSTP, TTIN, TTOU, URG, XCPU, XFSZ, VTALRM, PROF, WINCH, IO, SYS);

    private final String name;
    /** The OS's number, or -1 when this OS has no such signal. */
    private final int number;

    private Signal(String name, int number) {
        this.name = name;
        this.number = number;
    }

    private static Signal named(String name) {
        int n;
        try {
            n = new sun.misc.Signal(name).getNumber();
        } catch (IllegalArgumentException e) {
            n = -1; // unknown to this OS (SIGHUP on Windows, say)
        }
        return new Signal(name, n);
    }

    /**
     * The signal with this name, with or without the {@code SIG} prefix ({@code "TERM"},
     * {@code "SIGTERM"}).
     *
     * @throws IllegalArgumentException if the JVM knows no signal of that name on this OS
     */
    public static Signal of(String name) {
        Objects.requireNonNull(name, "name");
        String bare = name.startsWith("SIG") ? name.substring(3) : name;
        for (Signal s : KNOWN) {
            if (s.name.equals(bare) && s.number > 0) {
                return s;
            }
        }
        try {
            return new Signal(bare, new sun.misc.Signal(bare).getNumber());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("no signal named SIG" + bare + " on " + System.getProperty("os.name"), e);
        }
    }

    /** The signal with this OS number; a number without a known name is named {@code SIG<n>}. */
    public static Signal of(int number) {
        if (number <= 0) {
            throw new IllegalArgumentException("signal numbers are positive: " + number);
        }
        for (Signal s : KNOWN) {
            if (s.number == number) {
                return s;
            }
        }
        return new Signal(Integer.toString(number), number);
    }

    /** The name without the {@code SIG} prefix, as {@code sun.misc.Signal} and {@code kill -l} spell it. */
    public String name() {
        return name;
    }

    /** The OS's number for this signal. */
    public int number() {
        if (number < 0) {
            throw new UnsupportedOperationException("SIG" + name + " does not exist on " + System.getProperty("os.name"));
        }
        return number;
    }

    /** Whether the running OS has this signal. */
    public boolean exists() {
        return number > 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Signal s && s.number == number && s.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + number;
    }

    @Override
    public String toString() {
        return "SIG" + name;
    }
}
