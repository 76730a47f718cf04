package io.rusticated.jdk;

import io.rusticated.rt.Operation;
import io.rusticated.spi.HandleRole;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.nio.channels.AcceptPendingException;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousServerSocketChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.NotYetBoundException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP {@link AsynchronousServerSocketChannel} whose accepts are rusticated ACCEPT operations on
 * one loop of its group; each accepted connection becomes a
 * {@link RusticatedAsynchronousSocketChannel} of the same group, on the group's next loop.
 *
 * <p>The JDK's rules, from {@code UnixAsynchronousServerSocketChannelImpl}: a second accept while
 * one is pending throws {@link AcceptPendingException}, an accept before {@link #bind} throws
 * {@link NotYetBoundException}; a cancelled accept's future completes at once and no accept is
 * allowed afterwards, but the accept itself stays pending, as the JDK's stays polled: the
 * connection it takes is closed, so its client sees the end of the stream instead of waiting in
 * the listen backlog. Closing fails a pending accept with {@link AsynchronousCloseException}.
 */
final class RusticatedAsynchronousServerSocketChannel extends AsynchronousServerSocketChannel {
    private final AioSocket socket;
    private volatile InetSocketAddress localAddress;
    private volatile boolean acceptKilled;
    private final AtomicBoolean accepting = new AtomicBoolean();
    private final Accept accept = new Accept();

    RusticatedAsynchronousServerSocketChannel(AioGroup group) throws IOException {
        super(group.provider());
        this.socket = new AioSocket(group, this, AioSockets.open(true), HandleRole.LISTENER);
    }

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    /** Cancels a pending accept and closes the socket, waiting for that as {@link AioGroup#awaitClosed} says. */
    @Override
    public void close() {
        socket.close(this);
    }

    @Override
    public AsynchronousServerSocketChannel bind(SocketAddress local, int backlog) throws IOException {
        InetSocketAddress isa = local == null ? new InetSocketAddress(0) : AioSockets.checkAddress(local);
        long fd = socket.begin();
        try {
            synchronized (socket.stateLock) {
                if (localAddress != null) {
                    throw new AlreadyBoundException();
                }
                AioSockets.os().bind(fd, AioSockets.forSocket(isa));
                AioSockets.os().listen(fd, backlog < 1 ? 50 : backlog);
                localAddress = AioSockets.localAddress(fd);
            }
        } finally {
            socket.end();
        }
        return this;
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        if (socket.isClosed()) {
            throw new ClosedChannelException();
        }
        return localAddress;
    }

    @Override
    public <T> AsynchronousServerSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        socket.setOption(supportedOptions(), name, value);
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return socket.getOption(supportedOptions(), name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Options.SERVER;
    }

    private static final class Options {
        static final Set<SocketOption<?>> SERVER = AioSockets.serverOptions();
    }

    @Override
    public Future<AsynchronousSocketChannel> accept() {
        return startAccept(null, null);
    }

    @Override
    public <A> void accept(A attachment, CompletionHandler<AsynchronousSocketChannel, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        startAccept(attachment, handler);
    }

    private <A> Future<AsynchronousSocketChannel> startAccept(A attachment, CompletionHandler<AsynchronousSocketChannel, ? super A> handler) {
        if (socket.isClosed()) {
            ClosedChannelException e = new ClosedChannelException();
            if (handler == null) {
                return AioFuture.settled(null, null, e);
            }
            AioHandlers.invoke(socket.group, handler, attachment, null, e);
            return null;
        }
        if (localAddress == null) {
            throw new NotYetBoundException();
        }
        if (acceptKilled) {
            throw new RuntimeException("Accept not allowed due cancellation"); // the JDK's words
        }
        if (!accepting.compareAndSet(false, true)) {
            throw new AcceptPendingException();
        }
        return accept.start(attachment, handler);
    }

    /** The listener's accept, reused: one is pending at a time. */
    private final class Accept extends Operation {
        private CompletionHandler<AsynchronousSocketChannel, Object> handler;
        private Object attachment;
        private AioFuture<AsynchronousSocketChannel> future;

        @SuppressWarnings("unchecked")
        <A> Future<AsynchronousSocketChannel> start(A attachment, CompletionHandler<AsynchronousSocketChannel, ? super A> handler) {
            this.handler = (CompletionHandler<AsynchronousSocketChannel, Object>) handler;
            this.attachment = attachment;
            // A cancelled accept stays in the kernel: what it accepts is closed below.
            AioFuture<AsynchronousSocketChannel> f = handler == null
                    ? new AioFuture<>(RusticatedAsynchronousServerSocketChannel.this, socket.loop, () -> acceptKilled = true) : null;
            this.future = f;
            prepareAccept(socket.handle.handle());
            socket.loop.submit(socket.handle, this);
            return f;
        }

        @Override
        protected void complete(long result, Throwable failure) {
            CompletionHandler<AsynchronousSocketChannel, Object> h = handler;
            Object att = attachment;
            AioFuture<AsynchronousSocketChannel> f = future;
            handler = null;
            attachment = null;
            future = null;
            AsynchronousSocketChannel child = null;
            Throwable e = null;
            if (failure == null) {
                try {
                    child = adopt(result);
                } catch (IOException x) {
                    e = x;
                }
            } else {
                e = failure instanceof AsynchronousCloseException ? failure
                        : socket.isClosed() || failure instanceof ClosedChannelException || failure instanceof CancellationException
                        ? new AsynchronousCloseException() : failure;
            }
            accepting.set(false);
            if (f != null && !f.claim()) {
                if (child != null) {
                    try {
                        child.close(); // accepted after its future was cancelled: nobody takes it
                    } catch (IOException ignore) {
                        // closed as far as it can be
                    }
                }
                return;
            }
            if (f != null) {
                f.settle(child, e);
            } else if (socket.loop.isLoopThread()) {
                AioHandlers.completed(socket.group, h, att, child, e);
            } else {
                AioHandlers.invoke(socket.group, h, att, child, e);
            }
        }
    }

    /** An accepted socket as a channel of the group; closed if that fails. */
    private AsynchronousSocketChannel adopt(long fd) throws IOException {
        InetSocketAddress remote;
        try {
            remote = (InetSocketAddress) AioSockets.os().peerAddress(fd);
        } catch (IOException e) {
            RusticatedAsynchronousSocketChannel.discard(fd); // reset before it was taken: the kernel no longer names a peer
            throw e;
        }
        return new RusticatedAsynchronousSocketChannel(socket.group, fd, remote);
    }

    @Override
    public String toString() {
        InetSocketAddress local = localAddress;
        return getClass().getName() + "[" + (socket.isClosed() ? "closed" : local == null ? "unbound" : local.toString()) + "]";
    }
}
