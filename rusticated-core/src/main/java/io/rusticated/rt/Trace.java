package io.rusticated.rt;

import io.rusticated.spi.Opcode;
import io.rusticated.spi.OsErrorException;
import io.rusticated.spi.Backend;
import io.rusticated.spi.ErrorTable;
import io.rusticated.io.Buffer;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;

/**
 * A line per completed operation, appended to the file named by {@code -Drusticated.trace=<file>}:
 * {@code READ handle=5 offset=1023 length=1 -> 1}, {@code STAT path=/x -> ok},
 * {@code OPEN path=/x -> 7}, {@code UNLINK path=/x -> failed NoSuchFileException} (or the OS's
 * name for the error, {@code failed ENOENT}, where the caller translates it itself), after a line
 * {@code # loop on <backend>} for each loop that opens; and notes of the JDK plug-ins, such as
 * {@code # jdk: copy handed to the JDK (OPTIONS)}. It shows which work went through a proactor,
 * and which one, for tests and for people checking a deployment.
 *
 * <p>Off unless the property is set at start-up; {@link #ON} is a constant, so when off the JIT
 * removes the call. The file is written with {@link FileOutputStream}, which no file system
 * provider and no replaced {@code System.out} can intercept, one unbuffered write per line so
 * nothing is lost when the process exits.
 */
public final class Trace {
    static final String PROPERTY = "rusticated.trace";
    static final boolean ON = !System.getProperty(PROPERTY, "").isEmpty();

    private static OutputStream out;
    private static volatile boolean broken;

    private Trace() {
    }

    /** A loop opened on this backend: {@code # loop on epoll (<features>): <why>}. */
    static void loopOpened(Backend backend) {
        try {
            write(("# loop on " + backend + "\n").getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            broken = true;
        }
    }

    /** Whether the trace is on ({@code -Drusticated.trace=FILE} at start-up). */
    public static boolean isOn() {
        return ON;
    }

    /** Appends {@code # <text>}, when the trace is on. */
    public static void note(String text) {
        if (ON) {
            try {
                write(("# " + text + "\n").getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                broken = true;
            }
        }
    }

    /**
     * A system call the calling thread made itself ({@code io.rusticated.spi.DirectCalls}),
     * described as the loop's operations are: {@code STAT path=/x -> ok}, {@code READ handle=5
     * offset=-1 length=8192 -> 15}, {@code OPEN path=/x -> failed ENOENT}; a copy inside the OS,
     * which has no opcode, as {@code COPY handle=3 to=4 offset=-1 length=65536 -> 65536}.
     * {@code length} < 0: not a transfer. Callers check {@link #isOn()} first.
     */
    public static void called(String call, long handle, Object path, Object path2, long offset, long length, long raw, ErrorTable errors) {
        try {
            StringBuilder line = new StringBuilder(96).append(call);
            if (handle >= 0) {
                line.append(" handle=").append(handle);
            }
            if (path != null) {
                line.append(" path=").append(path);
            }
            if (path2 != null) {
                line.append(call.equals("COPY") ? " to=" : " path2=").append(path2);
            }
            if (length >= 0) {
                line.append(" offset=").append(offset).append(" length=").append(length);
            }
            line.append(" -> ");
            if (raw < 0) {
                line.append("failed ").append(errors.lookup((int) -raw).name());
            } else if (length >= 0 || call.equals("OPEN")) {
                line.append(raw);
            } else {
                line.append("ok");
            }
            write(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            broken = true;
        }
    }

    /** Loop thread, just before the operation's outcome is handed back (its buffer and paths still attached). */
    static void completed(Operation op, long result, Throwable failure) {
        try {
            write(describe(op, result, failure));
        } catch (RuntimeException e) {
            broken = true; // a trace must never disturb the I/O it describes
        }
    }

    private static byte[] describe(Operation op, long result, Throwable failure) {
        StringBuilder line = new StringBuilder(96).append(op.opcode());
        if (op.handle() >= 0) {
            line.append(" handle=").append(op.handle());
        }
        if (op.path() != null) {
            line.append(" path=").append(op.path());
        }
        if (op.path2() != null) {
            line.append(" path2=").append(op.path2());
        }
        Buffer b = op.buffer();
        if (b != null) {
            boolean fills = op.opcode() == Opcode.READ || op.opcode() == Opcode.RECV || op.opcode() == Opcode.RECV_FROM;
            int length = fills ? b.capacity() - b.lengthWhileLent() : b.lengthWhileLent();
            line.append(" offset=").append(op.offset()).append(" length=").append(length);
        }
        line.append(" -> ");
        if (failure instanceof CancellationException) {
            line.append("cancelled");
        } else if (failure instanceof OsErrorException e) {
            line.append("failed ").append(e.error().name());
        } else if (failure != null) {
            line.append("failed ").append(failure.getClass().getSimpleName());
        } else {
            switch (op.opcode()) {
                case READ, WRITE, OPEN, RECV, SEND, RECV_FROM, SEND_TO, ACCEPT -> line.append(result);
                default -> line.append("ok");
            }
        }
        return line.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    private static synchronized void write(byte[] bytes) {
        if (broken) {
            return;
        }
        try {
            if (out == null) {
                out = new FileOutputStream(System.getProperty(PROPERTY), true);
            }
            out.write(bytes);
        } catch (IOException | RuntimeException e) {
            broken = true; // a trace must never disturb the I/O it describes
        }
    }
}
