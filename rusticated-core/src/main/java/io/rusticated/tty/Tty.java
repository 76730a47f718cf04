package io.rusticated.tty;

import io.rusticated.io.AsyncRead;
import io.rusticated.io.AsyncWrite;
import io.rusticated.io.Buffer;
import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import io.rusticated.signal.Signals;
import io.rusticated.spi.Platform;
import io.rusticated.spi.Request;
import io.rusticated.spi.TerminalSupport;

import java.io.IOException;
import java.util.concurrent.CompletionStage;

/**
 * A terminal on one of this process's handles (usually a standard stream): asynchronous reads
 * and writes on a loop, and the synchronous terminal controls a shell needs — size, raw mode with
 * guaranteed restore, and the foreground process group.
 *
 * <p>Only the foreground process group may read a terminal: a read from a background process
 * makes the kernel stop it with SIGTTIN (or fail with EIO if SIGTTIN is ignored). A job-control
 * shell therefore has no read pending while a job owns the terminal.
 */
public final class Tty implements AsyncRead, AsyncWrite {
    private final EventLoop loop;
    private final long handle;
    private final String name;

    private Tty(EventLoop loop, long handle, String name) {
        this.loop = loop;
        this.handle = handle;
        this.name = name;
    }

    /** Standard input on the {@link EventLoop#current() current} loop. */
    public static Tty stdin() {
        return standard(EventLoop.current(), 0);
    }

    public static Tty stdout() {
        return standard(EventLoop.current(), 1);
    }

    public static Tty stderr() {
        return standard(EventLoop.current(), 2);
    }

    /** Standard stream 0, 1 or 2 on {@code loop}. */
    public static Tty standard(EventLoop loop, int index) {
        return new Tty(loop, standardHandle(index), switch (index) {
            case 0 -> "stdin";
            case 1 -> "stdout";
            default -> "stderr";
        });
    }

    /** Any handle this process has open on a terminal (a pseudo-terminal's side, {@code /dev/tty}). */
    public static Tty of(EventLoop loop, long handle) {
        if (handle < 0) {
            throw new IllegalArgumentException("negative handle: " + handle);
        }
        return new Tty(loop, handle, "handle " + handle);
    }

    /** Whether standard stream 0, 1 or 2 is a terminal (not redirected to a file or pipe). */
    public static boolean isTerminal(int standardStream) {
        return os().isTerminal(standardHandle(standardStream));
    }

    private static long standardHandle(int index) {
        if (index < 0 || index > 2) {
            throw new IllegalArgumentException("standard stream index must be 0, 1 or 2: " + index);
        }
        return Platform.process().standardHandle(index);
    }

    private static TerminalSupport os() {
        return Platform.terminal();
    }

    public long handle() {
        return handle;
    }

    public EventLoop loop() {
        return loop;
    }

    public boolean isTerminal() {
        return os().isTerminal(handle);
    }

    /** The window size in cells. @throws IOException if the handle is not a terminal */
    public WindowSize windowSize() throws IOException {
        int[] size = os().windowSize(handle);
        return new WindowSize(size[0], size[1], size[2], size[3]);
    }

    /** A snapshot of the current mode. */
    public TerminalMode mode() throws IOException {
        return new TerminalMode(os().mode(handle));
    }

    /** Puts a mode back (after pending output is written; pending input is kept). */
    public void setMode(TerminalMode mode) throws IOException {
        os().setMode(handle, mode.bytes());
    }

    /**
     * Switches to raw mode: bytes arrive as typed, one at a time, without echo, line editing or
     * signal keys (Ctrl-C is a byte, 3), and output is written as is. Close the result to
     * restore the previous mode; a JVM shutdown hook restores it if the program exits first.
     */
    public RawMode enterRawMode() throws IOException {
        TerminalMode saved = mode();
        RawMode raw = new RawMode(this, saved);
        TerminalRestorer.remember(raw);
        try {
            os().setMode(handle, os().rawMode(saved.bytes()));
        } catch (IOException | RuntimeException e) {
            TerminalRestorer.forget(raw);
            throw e;
        }
        return raw;
    }

    /** The terminal's foreground process group. */
    public long foregroundProcessGroup() throws IOException {
        return Platform.jobControl().foregroundGroup(handle);
    }

    /**
     * Gives the terminal to process group {@code pgid} (a job going to the foreground, or the
     * shell taking the terminal back). SIGTTOU, which the kernel sends a background process that
     * does this, is ignored for the duration of the call and then restored.
     */
    public void setForegroundProcessGroup(long pgid) throws IOException {
        if (pgid <= 0) {
            throw new IllegalArgumentException("process group id must be positive: " + pgid);
        }
        synchronized (Tty.class) {
            Signals.Restorer ttou = Signals.ignore(Signal.TTOU);
            try {
                Platform.jobControl().setForegroundGroup(handle, pgid);
            } finally {
                ttou.close();
            }
        }
    }

    /** Reads what the terminal has into the buffer's spare capacity (a line, in cooked mode); 0 at end of input. */
    @Override
    public CompletionStage<Integer> read(Buffer buffer) {
        return loop.read(handle, buffer, Request.CURRENT_POSITION);
    }

    @Override
    public CompletionStage<Integer> write(Buffer buffer) {
        return loop.write(handle, buffer, Request.CURRENT_POSITION);
    }

    @Override
    public String toString() {
        return "Tty[" + name + "]";
    }
}
