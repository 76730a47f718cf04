package io.rusticated.conformance;

import io.rusticated.rt.EventLoop;
import io.rusticated.signal.Signal;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Platform;
import io.rusticated.spi.SocketSupport;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * What a conformance case needs beyond files, timers and a loop, which every platform has. Each
 * feature has a probe where the platform can be asked ({@link EventLoop#supports}, the SPI, the
 * JDK); {@link #THREADS} has none, so only a module's declaration says it is absent (see
 * {@link Needs}).
 */
public enum Feature {
    /** Anonymous OS pipes whose ends the loop reads and writes ({@code io.rusticated.process.Pipe}). */
    PIPES(Feature::hasProcessSupport),
    /** Spawning children and waiting for them with {@link Opcode#WAIT_CHILD} ({@code Command}, {@code Child}). */
    PROCESSES(() -> hasProcessSupport() && loopSupports(Opcode.WAIT_CHILD)),
    /** POSIX signals sent to children: TERM, KILL, QUIT, STOP, CONT, TSTP. */
    POSIX_SIGNALS(() -> Signal.TERM.exists() && Signal.STOP.exists() && Signal.CONT.exists() && Signal.TSTP.exists()),
    /** Process groups ({@code Command.newProcessGroup}, {@code Processes.signalGroup}). */
    JOB_CONTROL(() -> hasProcessSupport() && Platform.process().jobControl() != null),
    /** {@code /bin/sh} and the POSIX utilities children run here (printf, tr, wc, cat, sleep, env, mkfifo). */
    POSIX_SHELL(() -> Files.isExecutable(Path.of("/bin/sh"))),
    /** Permission bits, owners, inode numbers and link counts ({@code Metadata.posix()}, the JDK's "unix" view). */
    POSIX_FILES(() -> FileSystems.getDefault().supportedFileAttributeViews().contains("unix")),
    /** Symbolic links ({@link Opcode#SYMLINK}). */
    SYMLINKS(() -> loopSupports(Opcode.SYMLINK)),
    /** Hard links ({@link Opcode#LINK}). */
    HARD_LINKS(() -> loopSupports(Opcode.LINK)),
    /** Waiting for a stream handle to be readable or writable ({@link Opcode#POLL}). */
    POLL(() -> loopSupports(Opcode.POLL)),
    /**
     * TCP and UDP sockets on loopback served by the loop ({@code io.rusticated.net}): accept,
     * connect, send, receive, and datagrams to and from an address.
     */
    SOCKETS(() -> loopSupports(Opcode.ACCEPT) && loopSupports(Opcode.CONNECT) && loopSupports(Opcode.SEND) && loopSupports(Opcode.RECV)
            && loopSupports(Opcode.SEND_TO) && loopSupports(Opcode.RECV_FROM)),
    /**
     * Unix-domain stream and datagram sockets at a path ({@code UnixListener}, {@code UnixStream},
     * {@code UnixDatagram}); Linux's abstract names are that OS's own and tested there.
     */
    UNIX_SOCKETS(() -> SOCKETS.presentHere() && canOpenUnixSockets()),
    /** The process's open descriptors can be listed ({@code /dev/fd}), for the cases that prove nothing leaked. */
    OPEN_DESCRIPTORS(() -> Files.isDirectory(Path.of("/dev/fd"))),
    /** Threads besides the one running the test: dedicated loops, submissions and cancels from other threads. */
    THREADS(null);

    /** Null where the platform cannot be asked. */
    private final BooleanSupplier probe;

    Feature(BooleanSupplier probe) {
        this.probe = probe;
    }

    /** Whether the platform can be asked about this feature. */
    boolean probed() {
        return probe != null;
    }

    /** What the platform says; only for {@link #probed()} features. */
    boolean presentHere() {
        return probe.getAsBoolean();
    }

    /** Asks a loop of this run's backend, opened for the question on the calling thread. */
    private static boolean loopSupports(Opcode opcode) {
        try (EventLoop loop = EventLoop.open()) {
            return loop.supports(opcode);
        }
    }

    private static boolean canOpenUnixSockets() {
        try {
            for (SocketSupport.SocketType type : SocketSupport.SocketType.values()) {
                Platform.closeHandle(Platform.sockets().socket(SocketSupport.SocketFamily.UNIX, type));
            }
            return true;
        } catch (java.io.IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static boolean hasProcessSupport() {
        try {
            Platform.process();
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
