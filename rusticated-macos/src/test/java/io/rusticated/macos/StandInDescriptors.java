package io.rusticated.macos;

import io.rusticated.spi.Request;
import io.rusticated.unix.IoBuffers;
import io.rusticated.unix.readiness.DescriptorOps;
import io.rusticated.unix.readiness.Strategy;

import java.util.ArrayList;
import java.util.List;

import static io.rusticated.macos.MacAbi.*;
import static io.rusticated.unix.FileModes.*;

/**
 * {@link MacDescriptors}'s decisions on the stand-in's descriptors: the same {@code pollableType}
 * and {@code strategyFor}, with the stand-in answering what fstat, fcntl(F_GETFL), isatty and
 * TIOCPTYGNAME would; reads and writes go to its pipes.
 */
final class StandInDescriptors implements DescriptorOps {
    private final KqueueStandIn kernel;
    final List<String> reopened = new ArrayList<>();

    StandInDescriptors(KqueueStandIn kernel) {
        this.kernel = kernel;
    }

    @Override
    public int pollable(int fd) {
        KqueueStandIn.File f = kernel.file(fd);
        if (f == null) {
            return -EBADF;
        }
        int mode = switch (f.kind) {
            case "file" -> S_IFREG | 0644;
            case "tcp", "tcp-listener", "udp" -> S_IFSOCK | 0777;
            case "tty" -> S_IFCHR | 0620;
            default -> S_IFIFO | 0600;
        };
        return MacDescriptors.pollableType(mode);
    }

    @Override
    public Strategy firstStrategy(int fd) {
        KqueueStandIn.File f = kernel.file(fd);
        return MacDescriptors.strategyFor(f.nonBlocking ? O_NONBLOCK | O_RDWR : O_RDWR, isReopenableTerminal(fd));
    }

    @Override
    public long transfer(Request op, boolean write, int fd, boolean nowait) {
        return write
                ? kernel.write(fd, op.buffer().memory(), IoBuffers.writeLength(op.buffer()))
                : kernel.read(fd, op.buffer().memory(), op.buffer().lengthWhileLent(), IoBuffers.readLength(op.buffer()));
    }

    @Override
    public boolean isReopenableTerminal(int fd) {
        KqueueStandIn.File f = kernel.file(fd);
        return f != null && f.kind.equals("tty") && !f.ptyMaster;
    }

    /** The stand-in's terminal reopened: the same buffer, a description of its own. */
    @Override
    public int reopenNonBlocking(int fd, boolean write) {
        reopened.add(fd + (write ? " for writing" : " for reading"));
        return fd; // the stand-in's tty answers EAGAIN whatever the description
    }

    @Override
    public void closePrivate(int fd) {
    }
}
