package io.rusticated.jdk;

import io.rusticated.rt.EventLoop;
import io.rusticated.rt.OwnedHandle;
import io.rusticated.spi.HandleRole;

import java.io.IOException;
import java.net.SocketOption;
import java.nio.channels.AsynchronousChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ShutdownChannelGroupException;
import java.util.Set;

/**
 * The socket under one of the provider's channels, a listener or a connection: its handle on one
 * loop of the group, the channel's place in the group while it is open, and what both kinds do
 * alike — closing once, bracketing a synchronous call so that a close waits for it, options.
 */
final class AioSocket {
    final AioGroup group;
    final EventLoop loop;
    final OwnedHandle handle;
    /** Guards the close, and whatever state of the channel must not change once it is closing. */
    final Object stateLock = new Object();
    private volatile boolean closed;

    /** Owns {@code fd} (a listener, or a connection) for {@code channel} on the group's next loop; closes it if the group is shut down. */
    AioSocket(AioGroup group, AsynchronousChannel channel, long fd, HandleRole role) {
        this.group = group;
        this.loop = group.nextLoop();
        this.handle = new OwnedHandle(loop, fd, role);
        try {
            group.register(channel);
        } catch (ShutdownChannelGroupException e) {
            handle.close();
            throw e;
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Closes once: cancels what is pending and closes the socket once the kernel gave the
     * operations back, waiting for that as {@link AioGroup#awaitClosed} says.
     */
    void close(AsynchronousChannel channel) {
        synchronized (stateLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            group.awaitClosed(loop, handle.close());
        } finally {
            group.unregister(channel);
        }
    }

    /** The start of a synchronous call on the socket: it stays open until {@link #end()}. */
    long begin() throws ClosedChannelException {
        if (closed || !handle.acquireForCaller()) {
            throw new ClosedChannelException();
        }
        return handle.handle();
    }

    void end() {
        handle.releaseForCaller();
    }

    <T> void setOption(Set<SocketOption<?>> supported, SocketOption<T> name, T value) throws IOException {
        AioSockets.checkOption(supported, name, true, value);
        long fd = begin();
        try {
            AioSockets.os().setOption(fd, AioSockets.family(), name, value);
        } finally {
            end();
        }
    }

    <T> T getOption(Set<SocketOption<?>> supported, SocketOption<T> name) throws IOException {
        AioSockets.checkOption(supported, name, false, null);
        long fd = begin();
        try {
            return AioSockets.os().getOption(fd, AioSockets.family(), name);
        } finally {
            end();
        }
    }
}
