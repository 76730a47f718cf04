package io.rusticated.net;

import io.rusticated.io.Buffer;
import io.rusticated.io.BufferRing;
import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Ops;
import io.rusticated.rt.OwnedHandle;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Platform;
import io.rusticated.spi.SocketSupport;
import io.rusticated.spi.SocketSupport.SocketFamily;
import io.rusticated.spi.SocketSupport.SocketType;
import io.rusticated.time.Time;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousCloseException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.channels.UnsupportedAddressTypeException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One socket owned on a loop: what every public socket type shares. Operations that can block go
 * to the loop on the owned handle; the rest are system calls on the calling thread.
 */
final class Sock {
    /** The JDK's message for a reset connection ({@code SocketChannelImpl}, {@code NioSocketImpl}). */
    private static final String CONNECTION_RESET = "Connection reset";
    final EventLoop loop;
    final OwnedHandle handle;
    final SocketFamily family;
    final SocketType type;
    /**
     * Directions shut down through {@link #shutdown}: the JDK's channels answer a later read with
     * the end of the stream and a later write with {@link ClosedChannelException} from their own
     * state, without asking the OS (which would hand out data still queued, or say "Broken pipe").
     * Written by any caller, read by the next call on any thread.
     */
    private volatile boolean inputShut;
    private volatile boolean outputShut;
    /**
     * A receive failed with a reset: later reads fail so too, as the JDK's channels do (the OS
     * reports the reset once, then the end of the stream). Set by the next read that finds it.
     */
    private volatile boolean resetSeen;
    /** The last receive's future (plain or pooled), where {@link #resetSeen()} looks for a reset. */
    private volatile CompletableFuture<?> lastRead;
    /**
     * The stream of reads on this socket ({@link StreamSocket#readMulti}, the latest), stopped when
     * reading is shut down: not every OS ends a pending receive then (Linux does; Windows documents
     * nothing of the kind for SD_RECEIVE), and a stream must end with the end of the stream.
     */
    volatile ReadStream stream;

    private Sock(EventLoop loop, long fd, SocketFamily family, SocketType type, HandleRole role) {
        this.loop = loop;
        this.handle = new OwnedHandle(loop, fd, role);
        this.family = family;
        this.type = type;
    }

    static SocketSupport os() {
        return Platform.sockets();
    }

    /** A new socket on the loop, to connect or to send datagrams from. */
    static Sock open(EventLoop loop, SocketFamily family, SocketType type) throws IOException {
        return new Sock(loop, os().socket(family, type), family, type,
                type == SocketType.DATAGRAM ? HandleRole.DATAGRAM_SOCKET : HandleRole.STREAM_SOCKET);
    }

    /** A new stream socket on the loop, to bind and listen on. */
    static Sock openListener(EventLoop loop, SocketFamily family) throws IOException {
        return new Sock(loop, os().socket(family, SocketType.STREAM), family, SocketType.STREAM, HandleRole.LISTENER);
    }

    /** A connection the OS accepted for this process, owned from now on. */
    static Sock adopt(EventLoop loop, long fd, SocketFamily family, SocketType type) {
        return new Sock(loop, fd, family, type, HandleRole.STREAM_SOCKET);
    }

    /** The family of an internet address, which must be resolved (as the JDK's channels require). */
    static SocketFamily familyOf(InetSocketAddress address) {
        if (address.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        return address.getAddress() instanceof Inet6Address ? SocketFamily.INET6 : SocketFamily.INET;
    }

    static SocketFamily familyOf(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return familyOf(inet);
        }
        if (address instanceof UnixAddress) {
            return SocketFamily.UNIX;
        }
        throw new UnsupportedAddressTypeException();
    }

    long fd() {
        return handle.handle();
    }

    /** A system call made at once on the calling thread. */
    @FunctionalInterface
    private interface FdCall<T> {
        T on(long fd) throws IOException;
    }

    @FunctionalInterface
    private interface FdAction {
        void on(long fd) throws IOException;
    }

    /**
     * Makes an immediate system call on the descriptor while holding a use of it, so a close on
     * another thread cannot release the number (and let a new socket reuse it) under the call;
     * once the socket is closing, the JDK's {@link ClosedChannelException} instead.
     */
    private <T> T withFd(FdCall<T> call) throws IOException {
        if (!handle.acquireForCaller()) {
            throw new ClosedChannelException();
        }
        try {
            return call.on(fd());
        } finally {
            handle.releaseForCaller();
        }
    }

    private void onFd(FdAction action) throws IOException {
        withFd(fd -> {
            action.on(fd);
            return null;
        });
    }

    void bind(SocketAddress local) throws IOException {
        onFd(fd -> os().bind(fd, local));
    }

    void listen(int backlog) throws IOException {
        onFd(fd -> os().listen(fd, backlog));
    }

    SocketAddress localAddress() throws IOException {
        return withFd(fd -> os().localAddress(fd));
    }

    SocketAddress peerAddress() throws IOException {
        return withFd(fd -> os().peerAddress(fd));
    }

    Set<SocketOption<?>> supportedOptions() {
        return os().supportedOptions(family, type);
    }

    <T> void setOption(SocketOption<T> option, T value) throws IOException {
        checkOption(option);
        onFd(fd -> os().setOption(fd, family, option, value));
    }

    <T> T getOption(SocketOption<T> option) throws IOException {
        checkOption(option);
        return withFd(fd -> os().getOption(fd, family, option));
    }

    /** An option the OS layer knows beyond the public set (IPV6_V6ONLY, set before binding). */
    <T> void setOsOption(SocketOption<T> option, T value) throws IOException {
        onFd(fd -> os().setOption(fd, family, option, value));
    }

    private void checkOption(SocketOption<?> option) {
        if (!supportedOptions().contains(option)) {
            throw new UnsupportedOperationException("'" + option + "' not supported");
        }
    }

    void shutdown(Shutdown how) throws IOException {
        onFd(fd -> os().shutdown(fd, how != Shutdown.WRITE, how != Shutdown.READ));
        loop.shutDown(handle, how != Shutdown.WRITE, how != Shutdown.READ);
        if (how != Shutdown.WRITE) {
            inputShut = true;
            ReadStream s = stream;
            if (s != null) {
                s.stopReceiving();
            }
        }
        if (how != Shutdown.READ) {
            outputShut = true;
        }
    }

    /**
     * The peer as this socket's family needs it: an IPv6 socket reaches an IPv4 peer through its
     * IPv4-mapped IPv6 address (::ffff:a.b.c.d), as the JDK's dual-stack sockets do.
     */
    SocketAddress forThisFamily(SocketAddress peer) {
        if (family == SocketFamily.INET6 && peer instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet4Address v4) {
            byte[] mapped = new byte[16];
            mapped[10] = (byte) 0xff;
            mapped[11] = (byte) 0xff;
            System.arraycopy(v4.getAddress(), 0, mapped, 12, 4);
            try {
                return new InetSocketAddress(Inet6Address.getByAddress(null, mapped, 0), inet.getPort());
            } catch (java.net.UnknownHostException e) {
                throw new AssertionError(e); // 16 bytes are always an IPv6 address
            }
        }
        if (family == SocketFamily.INET && peer instanceof InetSocketAddress inet && inet.getAddress() instanceof Inet6Address) {
            throw new UnsupportedAddressTypeException(); // an IPv6 peer for an IPv4 socket, refused before the OS sees it
        }
        return peer;
    }

    /** The connect operation's own future: cancelling it reaches the OS. */
    CompletableFuture<Void> connect(SocketAddress peer) {
        if (peer instanceof InetSocketAddress inet && inet.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        FutureOperation<Void> op = Ops.done();
        op.prepareConnect(fd(), forThisFamily(peer));
        loop.submit(handle, op);
        return op.future();
    }

    /**
     * Connects this new socket and wraps it as a stream, within {@code timeout} if not null (then a
     * {@link SocketTimeoutException}). Cancelling the result cancels the connect in the OS; the
     * socket is closed before a failure is reported, and when a cancel came too late to stop the
     * connection, so a cancelled or failed connect leaves nothing open and nothing in flight.
     */
    <S> CompletableFuture<S> connectAs(SocketAddress peer, Duration timeout, Function<Sock, S> wrap) {
        CompletableFuture<Void> connecting = connect(peer);
        CompletionStage<Void> connected = timeout == null ? connecting : Time.timeout(connecting, timeout);
        CompletableFuture<S> result = new CompletableFuture<>();
        connected.whenComplete((v, e) -> {
            if (e == null && result.complete(wrap.apply(this))) {
                return;
            }
            Throwable cause = Net.cause(e);
            Throwable failure = cause instanceof TimeoutException
                    ? new SocketTimeoutException("connect to " + peer + " timed out after " + timeout) : cause;
            close().whenComplete((closed, x) -> {
                if (failure != null) {
                    result.completeExceptionally(failure);
                }
            });
        });
        result.whenComplete((s, e) -> {
            if (result.isCancelled()) {
                connecting.cancel(false);
            }
        });
        return result;
    }

    /**
     * One accepted connection, wrapped on the loop thread as it completes. The future is the
     * operation's own: cancelling it reaches the kernel, and a connection accepted after the
     * cancel is closed by the loop.
     */
    <S> CompletableFuture<S> accept(java.util.function.Function<Sock, S> wrap) {
        FutureOperation<S> op = new FutureOperation<>() {
            @Override
            protected S result(long fd) {
                return wrap.apply(adopt(loop, fd, family, type));
            }
        };
        op.prepareAccept(fd());
        loop.submit(handle, op);
        return op.future();
    }

    /**
     * One receive, on an operation the loop recycles (the future is all it allocates). On an open
     * socket, as the JDK's channels: reading shut down ends it at once (even after a reset), a
     * reset seen before fails it; else the OS answers (a closing socket's read fails on the loop,
     * as the JDK's).
     */
    CompletionStage<Integer> read(Buffer buffer) {
        checkBuffer(buffer);
        if (readingShut()) {
            return CompletableFuture.completedFuture(0);
        }
        if (resetSeenOnOpen()) {
            return CompletableFuture.failedFuture(connectionReset());
        }
        CompletableFuture<Integer> read = loop.recv(handle, buffer);
        lastRead = read;
        return read;
    }

    /** Reading was shut down on this open socket: a read (plain or pooled) ends at once, as the JDK's channels'. */
    boolean readingShut() {
        return inputShut && isOpen();
    }

    /** A reset was seen on this open socket: a read (plain or pooled) fails with it, as the JDK's channels'. */
    boolean resetSeenOnOpen() {
        return isOpen() && resetSeen();
    }

    static SocketException connectionReset() {
        return new SocketException(CONNECTION_RESET);
    }

    /**
     * Whether a receive failed with a reset: the OS reports it once, then the end of the stream,
     * so it is remembered, from the last read's own future rather than a hook on every read.
     */
    private boolean resetSeen() {
        if (resetSeen) {
            return true;
        }
        CompletableFuture<?> last = lastRead;
        if (last != null && last.state() == Future.State.FAILED && isReset(last.exceptionNow())) {
            resetSeen = true;
        }
        return resetSeen;
    }

    /** Notes a failure of a receive that has no future of its own to look at later (a multishot receive's end). */
    void noteReadFailure(Throwable failure) {
        if (isReset(failure)) {
            resetSeen = true;
        }
    }

    private static boolean isReset(Throwable failure) {
        return failure instanceof SocketException e && CONNECTION_RESET.equals(e.getMessage());
    }

    /** One send; after this side shut down writing, the JDK's {@link ClosedChannelException}. */
    CompletionStage<Integer> write(Buffer buffer) {
        checkBuffer(buffer);
        if (outputShut && isOpen()) {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        return loop.send(handle, buffer);
    }

    /**
     * One receive into a buffer of {@code ring}: taken by the OS when data arrives where the backend
     * provides buffers, else taken here first (waiting until one is free). Null at the end of the
     * stream. The stream's state answers first, as for {@link #read}: closed, the JDK's
     * {@link ClosedChannelException} (at once, even while the ring is dry); reading shut down, the
     * end; a reset seen before, that reset.
     */
    CompletableFuture<Buffer> readManaged(BufferRing ring) {
        ring.claim(loop);
        if (!isOpen()) {
            return CompletableFuture.failedFuture(new ClosedChannelException());
        }
        if (readingShut()) {
            return CompletableFuture.completedFuture(null);
        }
        if (resetSeenOnOpen()) {
            return CompletableFuture.failedFuture(connectionReset());
        }
        CompletableFuture<Buffer> read = receiveManaged(ring);
        lastRead = read;
        return read;
    }

    private CompletableFuture<Buffer> receiveManaged(BufferRing ring) {
        if (loop.supportsProvidedBuffers()) {
            FutureOperation<Buffer> op = new FutureOperation<>() {
                @Override
                protected Buffer result(long bytes) {
                    return bytes == 0 ? null : (Buffer) payload();
                }
            };
            op.prepareRecvSelect(fd(), ring);
            loop.submit(handle, op);
            return op.future();
        }
        CompletableFuture<Buffer> result = new CompletableFuture<>();
        takeThenRecv(ring, result);
        return result;
    }

    /**
     * Takes a buffer, then receives into it. Cancelling {@code result} cancels the receive in the
     * OS; its buffer goes back to the ring only when the receive completed, whoever still wants it.
     */
    private void takeThenRecv(BufferRing ring, CompletableFuture<Buffer> result) {
        if (result.isDone()) {
            return; // cancelled while it waited for a buffer
        }
        // Waiting for a buffer, the read is pending: closed meanwhile, it fails as a pending read
        // does; reading shut down meanwhile, it ends as the JDK's pending read that got nothing.
        if (!isOpen()) {
            result.completeExceptionally(new AsynchronousCloseException());
            return;
        }
        if (inputShut) {
            result.complete(null);
            return;
        }
        int id = ring.take();
        if (id == BufferRing.NONE) {
            ring.whenAvailable(() -> loop.execute(() -> takeThenRecv(ring, result)));
            return;
        }
        Buffer b = ring.handOut(id, 0);
        CompletableFuture<Integer> receive = loop.recv(handle, b);
        receive.whenComplete((n, e) -> {
            if (e != null || n == 0) {
                b.release();
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(null);
                }
            } else if (!result.complete(b)) {
                b.release(); // nobody wants it any more
            }
        });
        result.whenComplete((v, e) -> {
            if (result.isCancelled()) {
                receive.cancel(false);
            }
        });
    }

    CompletionStage<Void> writeAll(Buffer buffer) {
        if (buffer.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return write(buffer).thenCompose(n -> {
            buffer.discard(n);
            return writeAll(buffer);
        });
    }

    CompletionStage<Integer> sendTo(Buffer buffer, SocketAddress peer) {
        if (peer instanceof InetSocketAddress inet && inet.isUnresolved()) {
            throw new UnresolvedAddressException();
        }
        FutureOperation<Integer> op = Ops.count();
        op.prepareSendTo(fd(), checkBuffer(buffer), peer == null ? null : forThisFamily(peer));
        loop.submit(handle, op);
        return op.future();
    }

    CompletionStage<Received> recvFrom(Buffer buffer) {
        FutureOperation<Received> op = Ops.payload(Received.class);
        op.prepareRecvFrom(fd(), checkBuffer(buffer));
        loop.submit(handle, op);
        return op.future();
    }

    /**
     * Dissolves a datagram socket's association with its peer; nothing once the socket is closing
     * (the JDK's disconnect "has no effect" on a closed channel). Linux forgets a port the OS chose
     * at bind when the association dissolves (the socket reads back port 0): it is bound to that
     * port again, as the JDK's DatagramChannelImpl.repairSocket does.
     */
    void disconnect() throws IOException {
        if (!handle.acquireForCaller()) {
            return;
        }
        try {
            long fd = fd();
            SocketAddress before = os().localAddress(fd);
            os().disconnect(fd);
            if (before instanceof InetSocketAddress was && was.getPort() != 0
                    && os().localAddress(fd) instanceof InetSocketAddress now && now.getPort() == 0) {
                os().bind(fd, new InetSocketAddress(now.getAddress(), was.getPort()));
            }
        } finally {
            handle.releaseForCaller();
        }
    }

    CompletionStage<Void> close() {
        return handle.close();
    }

    /** Closes with an RST instead of a FIN (SO_LINGER on with a zero timeout), dropping unsent data. */
    CompletionStage<Void> closeWithReset() {
        try {
            onFd(fd -> os().setOption(fd, family, StandardSocketOptions.SO_LINGER, 0));
        } catch (IOException e) {
            // already closing, or reset or shut down by the peer: an ordinary close is all that is left
        }
        return handle.close();
    }

    boolean isOpen() {
        return !handle.isClosing();
    }

    private static Buffer checkBuffer(Buffer b) {
        if (b == null) {
            throw new NullPointerException("buffer");
        }
        return b;
    }

    @Override
    public String toString() {
        return family + " " + type + " " + handle;
    }
}
