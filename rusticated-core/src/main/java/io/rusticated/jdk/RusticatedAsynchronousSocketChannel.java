package io.rusticated.jdk;

import io.rusticated.io.Buffer;
import io.rusticated.rt.Operation;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Platform;
import io.rusticated.time.Time;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketOption;
import java.nio.ByteBuffer;
import java.nio.channels.AlreadyBoundException;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.CompletionHandler;
import java.nio.channels.ConnectionPendingException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.NotYetConnectedException;
import java.nio.channels.ReadPendingException;
import java.nio.channels.ShutdownChannelGroupException;
import java.nio.channels.WritePendingException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A TCP {@link AsynchronousSocketChannel} whose connect, reads and writes are rusticated
 * operations (CONNECT, RECV, SEND; on io_uring one SQE each, no readiness step) on one loop of
 * its group. The caller's thread submits and returns; data is copied between the caller's
 * {@link ByteBuffer}s and a pooled off-heap buffer on the loop thread ({@link SocketBuffers}): a
 * read receives at most {@value #MAX_READ} bytes, a write sends at most {@value #MAX_WRITE}, and
 * either may be short, as the JDK's may.
 *
 * <p>The JDK's rules, from {@code sun.nio.ch.AsynchronousSocketChannelImpl} and
 * {@code UnixAsynchronousSocketChannelImpl}: a second read (write) while one is pending throws
 * {@link ReadPendingException} ({@link WritePendingException}) at the call; a read with no room
 * completes with 0 and one after {@link #shutdownInput} with -1, at once; a timeout fails the
 * operation with {@link InterruptedByTimeoutException} and kills reading (writing): later calls
 * throw {@link IllegalStateException}, as does any call after a {@link Future#cancel}. Here a
 * timeout cancels the operation in the kernel and is reported once the cancel settled, so data
 * that won the race is delivered instead of lost; a cancelled future completes at once and the
 * operation's late data, in its own pooled buffer, is discarded. Closing cancels what is pending
 * ({@link AsynchronousCloseException}); a failed connect closes the channel. Handlers run as
 * {@link AioHandlers} says.
 */
final class RusticatedAsynchronousSocketChannel extends AsynchronousSocketChannel {
    /** Bytes one read receives at most: bounds the pooled memory a pending read holds. */
    static final int MAX_READ = 64 * 1024;
    /** Bytes one write sends at most. */
    static final int MAX_WRITE = 1 << 20;

    private static final int UNCONNECTED = 0;
    private static final int PENDING = 1;
    private static final int CONNECTED = 2;

    private final AioSocket socket;
    private int state; // guarded by socket.stateLock
    private InetSocketAddress pendingRemote; // guarded by socket.stateLock
    private volatile InetSocketAddress localAddress;
    private volatile InetSocketAddress remoteAddress;

    private final Object readLock = new Object();
    private boolean reading; // guarded by readLock
    private boolean readShutdown;
    private boolean readKilled;
    private final Object writeLock = new Object();
    private boolean writing; // guarded by writeLock
    private boolean writeShutdown;
    private boolean writeKilled;

    private final Transfer reader = new Transfer(true);
    private final Transfer writer = new Transfer(false);

    /** A new unconnected channel in the group. */
    RusticatedAsynchronousSocketChannel(AioGroup group) throws IOException {
        super(group.provider());
        this.socket = new AioSocket(group, this, AioSockets.open(false), HandleRole.STREAM_SOCKET);
    }

    /** A connection a listener of the group accepted: its socket is owned from now on. */
    RusticatedAsynchronousSocketChannel(AioGroup group, long fd, InetSocketAddress remote) throws IOException {
        super(group.provider());
        this.state = CONNECTED;
        this.remoteAddress = remote;
        try {
            this.socket = new AioSocket(group, this, fd, HandleRole.STREAM_SOCKET);
        } catch (ShutdownChannelGroupException e) {
            throw new IOException(e); // the JDK wraps the shutdown so
        }
        try {
            this.localAddress = AioSockets.localAddress(fd);
        } catch (IOException e) {
            socket.close(this);
            throw e;
        }
    }

    // ---- life ----

    @Override
    public boolean isOpen() {
        return !socket.isClosed();
    }

    /**
     * Cancels what is pending (it fails with {@link AsynchronousCloseException}) and closes the
     * socket once the kernel gave the operations back; waits for that as {@link AioGroup#awaitClosed} says.
     */
    @Override
    public void close() {
        socket.close(this);
    }

    // ---- binding, options, addresses, shutdown ----

    @Override
    public AsynchronousSocketChannel bind(SocketAddress local) throws IOException {
        long fd = socket.begin();
        try {
            synchronized (socket.stateLock) {
                if (state == PENDING) {
                    throw new ConnectionPendingException();
                }
                if (localAddress != null) {
                    throw new AlreadyBoundException();
                }
                InetSocketAddress isa = local == null ? new InetSocketAddress(0) : AioSockets.checkAddress(local);
                AioSockets.os().bind(fd, AioSockets.forSocket(isa));
                localAddress = AioSockets.localAddress(fd);
            }
        } finally {
            socket.end();
        }
        return this;
    }

    @Override
    public <T> AsynchronousSocketChannel setOption(SocketOption<T> name, T value) throws IOException {
        AioSockets.checkOption(supportedOptions(), name, true, value);
        long fd = socket.begin();
        try {
            synchronized (writeLock) {
                if (writeShutdown) {
                    throw new IOException("Connection has been shutdown for writing");
                }
            }
            AioSockets.os().setOption(fd, AioSockets.family(), name, value);
        } finally {
            socket.end();
        }
        return this;
    }

    @Override
    public <T> T getOption(SocketOption<T> name) throws IOException {
        return socket.getOption(supportedOptions(), name);
    }

    @Override
    public Set<SocketOption<?>> supportedOptions() {
        return Options.CLIENT;
    }

    private static final class Options {
        static final Set<SocketOption<?>> CLIENT = AioSockets.clientOptions();
    }

    @Override
    public SocketAddress getLocalAddress() throws IOException {
        if (socket.isClosed()) {
            throw new ClosedChannelException();
        }
        return localAddress;
    }

    @Override
    public SocketAddress getRemoteAddress() throws IOException {
        if (socket.isClosed()) {
            throw new ClosedChannelException();
        }
        return remoteAddress;
    }

    @Override
    public AsynchronousSocketChannel shutdownInput() throws IOException {
        long fd = socket.begin();
        try {
            if (remoteAddress == null) {
                throw new NotYetConnectedException();
            }
            synchronized (readLock) {
                if (!readShutdown) {
                    AioSockets.os().shutdown(fd, true, false);
                    readShutdown = true;
                }
            }
        } finally {
            socket.end();
        }
        return this;
    }

    @Override
    public AsynchronousSocketChannel shutdownOutput() throws IOException {
        long fd = socket.begin();
        try {
            if (remoteAddress == null) {
                throw new NotYetConnectedException();
            }
            synchronized (writeLock) {
                if (!writeShutdown) {
                    AioSockets.os().shutdown(fd, false, true);
                    writeShutdown = true;
                }
            }
        } finally {
            socket.end();
        }
        return this;
    }

    // ---- connect ----

    @Override
    public Future<Void> connect(SocketAddress remote) {
        return startConnect(remote, null, null);
    }

    @Override
    public <A> void connect(SocketAddress remote, A attachment, CompletionHandler<Void, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        startConnect(remote, attachment, handler);
    }

    private <A> Future<Void> startConnect(SocketAddress remote, A attachment, CompletionHandler<Void, ? super A> handler) {
        if (socket.isClosed()) {
            return now(null, new ClosedChannelException(), attachment, handler);
        }
        InetSocketAddress isa = AioSockets.checkAddress(remote);
        synchronized (socket.stateLock) {
            if (state == CONNECTED) {
                throw new AlreadyConnectedException();
            }
            if (state == PENDING) {
                throw new ConnectionPendingException();
            }
            state = PENDING;
            pendingRemote = isa;
        }
        InetSocketAddress target;
        try {
            target = AioSockets.forSocket(isa);
        } catch (SocketException e) {
            closeQuietly(e);
            return now(null, e, attachment, handler);
        }
        Connect<A> op = new Connect<>(attachment, handler);
        AioFuture<Void> future = op.future;
        op.prepareConnect(socket.handle.handle(), target);
        socket.loop.submit(socket.handle, op);
        return future;
    }

    /** The one connect of a channel. */
    private final class Connect<A> extends Operation {
        final A attachment;
        final CompletionHandler<Void, ? super A> handler;
        final AioFuture<Void> future;

        Connect(A attachment, CompletionHandler<Void, ? super A> handler) {
            this.attachment = attachment;
            this.handler = handler;
            // A cancelled connect may still connect: neither reading nor writing is allowed after it (the JDK's killConnect).
            this.future = handler == null ? new AioFuture<>(RusticatedAsynchronousSocketChannel.this, socket.loop, () -> {
                killReading();
                killWriting();
            }) : null;
        }

        @Override
        protected void complete(long result, Throwable failure) {
            Throwable e = failure;
            if (e == null) {
                try {
                    long fd = socket.begin();
                    try {
                        setConnected(AioSockets.localAddress(fd));
                    } finally {
                        socket.end();
                    }
                } catch (IOException x) {
                    e = x;
                }
            }
            if (e != null) {
                e = closedOr(e);
                closeQuietly(e); // a connection that cannot be established closes the channel, as in the JDK
            }
            deliver(future, handler, attachment, null, e);
        }
    }

    private void setConnected(InetSocketAddress local) {
        synchronized (socket.stateLock) {
            state = CONNECTED;
            localAddress = local;
            remoteAddress = pendingRemote;
        }
    }

    private void closeQuietly(Throwable cause) {
        try {
            close();
        } catch (RuntimeException suppressed) {
            cause.addSuppressed(suppressed);
        }
    }

    // ---- reads ----

    @Override
    public Future<Integer> read(ByteBuffer dst) {
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        return read(false, new ByteBuffer[] {dst}, 0, TimeUnit.MILLISECONDS, null, null);
    }

    @Override
    public <A> void read(ByteBuffer dst, long timeout, TimeUnit unit, A attachment, CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        if (dst.isReadOnly()) {
            throw new IllegalArgumentException("Read-only buffer");
        }
        read(false, new ByteBuffer[] {dst}, timeout, unit, attachment, handler);
    }

    @Override
    public <A> void read(ByteBuffer[] dsts, int offset, int length, long timeout, TimeUnit unit, A attachment, CompletionHandler<Long, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        Objects.checkFromIndexSize(offset, length, dsts.length);
        ByteBuffer[] bufs = java.util.Arrays.copyOfRange(dsts, offset, offset + length);
        for (ByteBuffer b : bufs) {
            if (b.isReadOnly()) {
                throw new IllegalArgumentException("Read-only buffer");
            }
        }
        read(true, bufs, timeout, unit, attachment, handler);
    }

    @SuppressWarnings("unchecked")
    private <V extends Number, A> Future<V> read(boolean scattering, ByteBuffer[] dsts, long timeout, TimeUnit unit, A attachment,
                                                 CompletionHandler<V, ? super A> handler) {
        if (socket.isClosed()) {
            return now(null, new ClosedChannelException(), attachment, handler);
        }
        if (remoteAddress == null) {
            throw new NotYetConnectedException();
        }
        int room = SocketBuffers.room(dsts, MAX_READ);
        boolean shutdown = false;
        synchronized (readLock) {
            if (readKilled) {
                throw new IllegalStateException("Reading not allowed due to timeout or cancellation");
            }
            if (reading) {
                throw new ReadPendingException();
            }
            if (readShutdown) {
                shutdown = true;
            } else if (room > 0) {
                reading = true;
            }
        }
        if (shutdown || room == 0) {
            int n = shutdown ? -1 : 0;
            return now((V) (scattering ? (Number) Long.valueOf(n) : (Number) Integer.valueOf(n)), null, attachment, handler);
        }
        return (Future<V>) reader.start(scattering, dsts, room, timeout, unit, attachment, (CompletionHandler<Number, ? super A>) handler);
    }

    // ---- writes ----

    @Override
    public Future<Integer> write(ByteBuffer src) {
        return write(false, new ByteBuffer[] {src}, 0, TimeUnit.MILLISECONDS, null, null);
    }

    @Override
    public <A> void write(ByteBuffer src, long timeout, TimeUnit unit, A attachment, CompletionHandler<Integer, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        write(false, new ByteBuffer[] {src}, timeout, unit, attachment, handler);
    }

    @Override
    public <A> void write(ByteBuffer[] srcs, int offset, int length, long timeout, TimeUnit unit, A attachment, CompletionHandler<Long, ? super A> handler) {
        Objects.requireNonNull(handler, "'handler' is null");
        Objects.checkFromIndexSize(offset, length, srcs.length);
        write(true, java.util.Arrays.copyOfRange(srcs, offset, offset + length), timeout, unit, attachment, handler);
    }

    @SuppressWarnings("unchecked")
    private <V extends Number, A> Future<V> write(boolean gathering, ByteBuffer[] srcs, long timeout, TimeUnit unit, A attachment,
                                                  CompletionHandler<V, ? super A> handler) {
        long remaining = 0;
        for (ByteBuffer b : srcs) {
            remaining += b.remaining();
        }
        boolean hasData = remaining > 0;
        boolean refused = socket.isClosed();
        if (!refused) {
            if (remoteAddress == null) {
                throw new NotYetConnectedException();
            }
            synchronized (writeLock) {
                if (writeKilled) {
                    throw new IllegalStateException("Writing not allowed due to timeout or cancellation");
                }
                if (writing) {
                    throw new WritePendingException();
                }
                if (writeShutdown) {
                    refused = true;
                } else if (hasData) {
                    writing = true;
                }
            }
        }
        if (refused) {
            return now(null, new ClosedChannelException(), attachment, handler);
        }
        if (!hasData) {
            return now((V) (gathering ? (Number) Long.valueOf(0) : (Number) Integer.valueOf(0)), null, attachment, handler);
        }
        return (Future<V>) writer.start(gathering, srcs, 0, timeout, unit, attachment, (CompletionHandler<Number, ? super A>) handler);
    }

    // ---- reading and writing state ----

    private void enableReading(boolean killed) {
        synchronized (readLock) {
            reading = false;
            readKilled |= killed;
        }
    }

    private void killReading() {
        synchronized (readLock) {
            readKilled = true;
        }
    }

    private void enableWriting(boolean killed) {
        synchronized (writeLock) {
            writing = false;
            writeKilled |= killed;
        }
    }

    private void killWriting() {
        synchronized (writeLock) {
            writeKilled = true;
        }
    }

    /**
     * The pending read or write of the channel: one operation per direction, reused request after
     * request (one is pending at a time, and none starts after a cancel or a timeout), holding the
     * request's buffers and handler from its start on the caller's thread to its completion on
     * the loop thread.
     */
    private final class Transfer extends Operation {
        private final boolean receiving;
        /** Numbers requests, so that a late timer or cancel finds its own request or none. */
        private long requests;
        private long serving;
        private ByteBuffer[] buffers;
        private boolean multi;
        private CompletionHandler<Number, Object> handler;
        private Object attachment;
        private AioFuture<Number> future;
        private Buffer pooled;
        private int from;
        private CompletableFuture<Void> timer;
        /** The timer fired and cancelled the request. Loop thread. */
        private boolean timedOut;

        Transfer(boolean receiving) {
            this.receiving = receiving;
        }

        @SuppressWarnings("unchecked")
        <A> Future<Number> start(boolean multi, ByteBuffer[] buffers, int room, long timeout, TimeUnit unit, A attachment,
                                 CompletionHandler<Number, ? super A> handler) {
            long request = ++requests;
            serving = request;
            this.buffers = buffers;
            this.multi = multi;
            this.handler = (CompletionHandler<Number, Object>) handler;
            this.attachment = attachment;
            AioFuture<Number> f = handler == null ? new AioFuture<>(RusticatedAsynchronousSocketChannel.this, socket.loop, () -> cancelledByCaller(request)) : null;
            this.future = f;
            timedOut = false;
            if (receiving) {
                pooled = SocketBuffers.forReceiving(room);
                from = pooled.length();
                prepareRecv(socket.handle.handle(), pooled);
            } else {
                pooled = SocketBuffers.gather(buffers, MAX_WRITE);
                prepareSend(socket.handle.handle(), pooled);
            }
            if (timeout > 0) {
                // Before the submit: once submitted, the request may complete and the next one begin at any moment.
                timer = Time.sleepUntil(socket.loop, System.nanoTime() + unit.toNanos(timeout)).toCompletableFuture();
                timer.thenRun(() -> timeUp(request));
            }
            socket.loop.submit(socket.handle, this);
            return f;
        }

        /** Loop thread: the request's time is up; cancel it in the kernel and report the timeout once it settled. */
        private void timeUp(long request) {
            if (serving == request) {
                timedOut = true;
                cancel();
            }
        }

        /** A caller cancelled the request's future: no reading (writing) from now on, and the kernel may stop. */
        private void cancelledByCaller(long request) {
            if (receiving) {
                killReading();
            } else {
                killWriting();
            }
            Runnable stop = () -> {
                if (serving == request) {
                    cancel(); // the late outcome is discarded; the pooled buffer comes back with it
                }
            };
            if (socket.loop.isLoopThread()) {
                stop.run();
            } else {
                try {
                    socket.loop.execute(stop);
                } catch (java.util.concurrent.RejectedExecutionException e) {
                    // the loop closed: nothing is in flight any more
                }
            }
        }

        @Override
        protected void complete(long result, Throwable failure) {
            ByteBuffer[] bufs = buffers;
            boolean longResult = multi;
            CompletionHandler<Number, Object> h = handler;
            Object att = attachment;
            AioFuture<Number> f = future;
            Buffer b = pooled;
            int at = from;
            CompletableFuture<Void> t = timer;
            boolean expired = timedOut;
            buffers = null;
            handler = null;
            attachment = null;
            future = null;
            pooled = null;
            timer = null;
            timedOut = false;
            serving = 0;
            if (t != null) {
                t.cancel(false);
            }
            boolean mine = f == null || f.claim();
            Number value = null;
            Throwable e = null;
            if (failure != null) {
                e = translate(failure, expired);
            } else if (mine) {
                long n;
                if (receiving) {
                    SocketBuffers.scatter(b, at, (int) result, bufs);
                    n = result == 0 ? -1 : result;
                } else {
                    SocketBuffers.advance(bufs, result);
                    n = result;
                }
                value = longResult ? (Number) Long.valueOf(n) : (Number) Integer.valueOf((int) n);
            }
            b.release();
            boolean killed = e instanceof InterruptedByTimeoutException;
            if (receiving) {
                enableReading(killed);
            } else {
                enableWriting(killed);
            }
            if (mine) {
                deliver(f, h, att, value, e);
            }
        }

        private Throwable translate(Throwable failure, boolean expired) {
            if (failure instanceof CancellationException) {
                return expired && !socket.isClosed() ? new InterruptedByTimeoutException() : new AsynchronousCloseException();
            }
            if (receiving && failure instanceof SocketException && "Connection reset".equals(failure.getMessage())) {
                return new IOException(failure.getMessage()); // the JDK's asynchronous read turns its ConnectionResetException so
            }
            return closedOr(failure);
        }
    }

    /** What a failed operation reports when the channel was closed under it: {@link AsynchronousCloseException}. */
    private Throwable closedOr(Throwable failure) {
        if (failure instanceof AsynchronousCloseException) {
            return failure;
        }
        if (socket.isClosed() || failure instanceof ClosedChannelException || failure instanceof CancellationException) {
            return new AsynchronousCloseException();
        }
        return failure;
    }

    // ---- outcomes ----

    /** An outcome known at the call. */
    private <V, A> Future<V> now(V value, Throwable failure, A attachment, CompletionHandler<V, ? super A> handler) {
        if (handler == null) {
            return AioFuture.settled(null, value, failure);
        }
        AioHandlers.invoke(socket.group, handler, attachment, value, failure);
        return null;
    }

    /** An operation's outcome, on the loop thread (or on the submitting thread when the submit failed there). */
    private <V, A> void deliver(AioFuture<V> future, CompletionHandler<V, ? super A> handler, A attachment, V value, Throwable failure) {
        if (future != null) {
            future.settle(value, failure);
        } else if (socket.loop.isLoopThread()) {
            AioHandlers.completed(socket.group, handler, attachment, value, failure);
        } else {
            AioHandlers.invoke(socket.group, handler, attachment, value, failure);
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(getClass().getName()).append('[');
        synchronized (socket.stateLock) {
            if (socket.isClosed()) {
                sb.append("closed");
            } else {
                sb.append(switch (state) {
                    case PENDING -> "connection-pending";
                    case CONNECTED -> "connected";
                    default -> "unconnected";
                });
                if (state == CONNECTED) {
                    synchronized (readLock) {
                        if (readShutdown) {
                            sb.append(" ishut");
                        }
                    }
                    synchronized (writeLock) {
                        if (writeShutdown) {
                            sb.append(" oshut");
                        }
                    }
                }
                if (localAddress != null) {
                    sb.append(" local=").append(localAddress);
                }
                if (remoteAddress != null) {
                    sb.append(" remote=").append(remoteAddress);
                }
            }
        }
        return sb.append(']').toString();
    }

    /** Closes a socket that never became a channel. */
    static void discard(long fd) {
        try {
            Platform.closeHandle(fd);
        } catch (RuntimeException ignore) {
            // nothing more can be done with it
        }
    }
}
