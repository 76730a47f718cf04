package io.rusticated.unix.readiness;

import io.rusticated.net.Received;
import io.rusticated.spi.DriverEvent;
import io.rusticated.spi.HandleRole;
import io.rusticated.unix.Errno;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.readiness.ReadinessTest.ScriptedDescriptors;
import io.rusticated.unix.readiness.ReadinessTest.ScriptedPoller;
import io.rusticated.unix.testing.TestContext;
import io.rusticated.unix.testing.TestRequest;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static io.rusticated.unix.readiness.LinuxShapedSocketAbi.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The socket operations of the shared readiness layer against scripted socket calls: each is tried
 * first and waits only on EAGAIN (connect: EINPROGRESS), what it waits for, how a multishot accept
 * runs and ends, and that sockets are made non-blocking once. The epoll backend runs the same code
 * against Linux in rusticated-linux (and the conformance kit), the kqueue backend against the
 * kqueue stand-in in rusticated-macos.
 */
class ReadinessSocketsTest {
    static final int EAGAIN = 11;
    static final ErrnoTable ERRORS = ErrnoTable.builder("test", "Unknown error ")
            .add(Errno.EINTR, EINTR, "Interrupted system call")
            .add(Errno.EBADF, 9, "Bad file descriptor")
            .add(Errno.EAGAIN, EAGAIN, "Resource temporarily unavailable")
            .add(Errno.EMFILE, EMFILE, "Too many open files")
            .add(Errno.EOPNOTSUPP, 95, "Operation not supported")
            .add(Errno.ECONNABORTED, ECONNABORTED, "Software caused connection abort")
            .add(Errno.ECONNREFUSED, ECONNREFUSED, "Connection refused")
            .add(Errno.EINPROGRESS, EINPROGRESS, "Operation now in progress")
            .add(Errno.ECANCELED, 125, "Operation canceled")
            .alias(Errno.ENOTSUP, Errno.EOPNOTSUPP)
            .build();
    static final InetSocketAddress PEER = new InetSocketAddress(InetAddress.getLoopbackAddress(), 4242);

    final TestContext ctx = new TestContext();
    final ScriptedPoller poller = new ScriptedPoller();
    final ScriptedDescriptors fds = new ScriptedDescriptors();
    final ScriptedSockets sys = new ScriptedSockets();
    final Readiness readiness = new Readiness(ctx, poller, fds, new NonBlockingSockets(sys, LinuxShapedSocketAbi.ABI, ERRORS), ERRORS);

    void turn() {
        readiness.runPending();
        ctx.nextTurn();
    }

    @Test
    void anAttachedSocketIsMadeNonBlockingOnceAndNothingElseIsTouched() {
        sys.socket(5);
        sys.notSocket(6);
        readiness.attach(5, HandleRole.STREAM_SOCKET);
        readiness.attach(6, HandleRole.PIPE);
        assertThat(sys.calls).as("the roles say which is a socket: nothing asked")
                .containsExactly("fcntl 5 F_GETFL", "fcntl 5 F_SETFL O_NONBLOCK");
        assertThat(ctx.counted(DriverEvent.SOCKET_TYPE_ASKED)).isZero();
        sys.calls.clear();
        sys.of(5).data.append("hi");
        TestRequest recv = TestRequest.recv(5, 8);
        readiness.submit(recv);
        turn();
        assertThat(ctx.outcome(recv).raw()).isEqualTo(2);
        assertThat(sys.calls).as("tried at once, with MSG_DONTWAIT; no new question about the descriptor").containsExactly("recv 5 8 MSG_DONTWAIT");
        assertThat(poller.calls).as("data was there: nothing armed").isEmpty();
    }

    @Test
    void aSocketNobodyAttachedIsMadeNonBlockingBeforeItsFirstAttempt() {
        sys.socket(5);
        sys.notSocket(6);
        TestRequest accept = TestRequest.accept(5, false);
        TestRequest notASocket = TestRequest.recv(6, 8);
        readiness.submit(accept);
        readiness.submit(notASocket);
        turn();
        assertThat(sys.calls).startsWith("getsockopt 5 SO_TYPE", "fcntl 5 F_GETFL", "fcntl 5 F_SETFL O_NONBLOCK", "getsockopt 6 SO_TYPE", "accept 5");
        assertThat(ctx.outcome(notASocket).raw()).isEqualTo(-ENOTSOCK);
        assertThat(ctx.counted(DriverEvent.SOCKET_TYPE_ASKED)).as("counted, each").isEqualTo(2);
    }

    @Test
    void anAcceptTriesFirstThenWaitsForTheListenerToBeReadable() {
        sys.socket(5);
        TestRequest accept = TestRequest.accept(5, false);
        readiness.submit(accept);
        turn();
        assertThat(ctx.completed(accept)).isFalse();
        assertThat(poller.calls).containsExactly("arm 5 IN (armed -, new)");

        sys.of(5).pending = 2;
        readiness.onReady(5, Readiness.IN, Readiness.IN);
        turn();
        long fd = ctx.outcome(accept).raw();
        assertThat(fd).isPositive();
        assertThat(sys.calls).contains("fcntl " + fd + " F_SETFD FD_CLOEXEC"); // no accept4 in this ABI
        assertThat(sys.of(5).pending).as("one accept takes one connection").isEqualTo(1);
        assertThat(readiness.size()).isZero();
    }

    @Test
    void anAbortedConnectionIsSkippedAndTheNextOneTaken() {
        sys.socket(5).pending = 1;
        sys.of(5).acceptErrors.add(ECONNABORTED);
        TestRequest accept = TestRequest.accept(5, false);
        readiness.submit(accept);
        turn();
        assertThat(ctx.outcome(accept).raw()).isPositive();
    }

    @Test
    void aMultishotAcceptDeliversEveryPendingConnectionThenWaitsAndEndsOnlyWhenCancelled() {
        sys.socket(5).pending = 3;
        TestRequest accept = TestRequest.accept(5, true);
        readiness.submit(accept);
        turn();
        assertThat(ctx.more(accept)).hasSize(3).doesNotHaveDuplicates();
        assertThat(ctx.completed(accept)).isFalse();
        assertThat(poller.calls).containsExactly("arm 5 IN (armed -, new)");

        sys.of(5).pending = 1;
        readiness.onReady(5, Readiness.IN, Readiness.IN);
        turn();
        assertThat(ctx.more(accept)).hasSize(4);
        assertThat(readiness.cancel(accept)).isTrue();
        turn();
        assertThat(ctx.outcome(accept).failure()).isInstanceOf(CancellationException.class);
        assertThat(readiness.size()).isZero();
    }

    /**
     * Out of descriptors, a listener stays readable and every accept fails at once: a loop that
     * waited for readability again would spin. The multishot ends with the error instead, and
     * nothing stays armed: whoever accepts decides when to try again (core's Incoming pauses).
     */
    @Test
    void aMultishotAcceptEndsWithEmfileAndLeavesNothingArmed() {
        sys.socket(5).pending = 5;
        sys.of(5).acceptErrors.add(EMFILE);
        TestRequest accept = TestRequest.accept(5, true);
        readiness.submit(accept);
        turn();
        assertThat(ctx.outcome(accept).raw()).isEqualTo(-EMFILE);
        assertThat(poller.calls).isEmpty();
        assertThat(readiness.size()).isZero();
        assertThat(sys.calls.stream().filter(c -> c.startsWith("accept"))).hasSize(1);
    }

    @Test
    void aBurstOfConnectionsIsAcceptedAtMost64PerTurn() {
        sys.socket(5).pending = 100;
        TestRequest accept = TestRequest.accept(5, true);
        readiness.submit(accept);
        assertThat(readiness.runPending()).isEqualTo(64);
        assertThat(readiness.hasPending()).isTrue();
        readiness.runPending();
        assertThat(ctx.more(accept)).hasSize(100);
    }

    @Test
    void aConnectUnderWayWaitsForWritabilityThenReadsItsOutcomeFromSoError() {
        sys.socket(5).connectAnswer = -EINPROGRESS;
        TestRequest connect = TestRequest.connect(5, PEER);
        TestRequest send = TestRequest.send(5, "after");
        readiness.submit(connect);
        readiness.submit(send);
        turn();
        assertThat(sys.calls).contains("connect 5 port 4242 length 16");
        assertThat(ctx.completed(connect)).isFalse();
        assertThat(ctx.completed(send)).as("a send waits behind the connect").isFalse();
        assertThat(poller.calls).containsExactly("arm 5 OUT (armed -, new)");

        readiness.onReady(5, Readiness.OUT, Readiness.OUT);
        turn();
        assertThat(ctx.outcome(connect).raw()).isZero();
        assertThat(ctx.outcome(send).raw()).isEqualTo(5);
        assertThat(sys.calls).containsSubsequence("connect 5 port 4242 length 16", "getsockopt 5 SO_ERROR", "send 5 5 MSG_DONTWAIT|MSG_NOSIGNAL");
        assertThat(sys.calls.stream().filter(c -> c.startsWith("connect"))).as("connect(2) is called once").hasSize(1);
        assertThat(ctx.scratch(connect)).as("its scratch went back").isEqualTo(MemorySegment.NULL);
    }

    @Test
    void aRefusedConnectFailsWithTheErrorSoErrorHolds() {
        sys.socket(5).connectAnswer = -EINPROGRESS;
        TestRequest connect = TestRequest.connect(5, PEER);
        readiness.submit(connect);
        turn();
        sys.of(5).soError = ECONNREFUSED;
        readiness.onReady(5, Readiness.OUT | Readiness.ERR | Readiness.HUP, Readiness.OUT);
        turn();
        assertThat(ctx.outcome(connect).raw()).isEqualTo(-ECONNREFUSED);
    }

    @Test
    void aConnectDoneAtOnceCompletesWithoutWaiting() {
        sys.socket(5).connectAnswer = 0;
        TestRequest connect = TestRequest.connect(5, PEER);
        readiness.submit(connect);
        turn();
        assertThat(ctx.outcome(connect).raw()).isZero();
        assertThat(poller.calls).isEmpty();
    }

    @Test
    void sendsAndReceivesWaitInOrderPerDirection() {
        ScriptedSockets.Sock s = sys.socket(5);
        s.writeRoom = 0;
        TestRequest first = TestRequest.send(5, "one");
        TestRequest second = TestRequest.send(5, "two");
        TestRequest recv1 = TestRequest.recv(5, 3);
        TestRequest recv2 = TestRequest.recv(5, 3);
        for (TestRequest r : List.of(first, second, recv1, recv2)) {
            readiness.submit(r);
        }
        turn();
        assertThat(poller.calls).containsExactly("arm 5 IN|OUT (armed -, new)");
        s.writeRoom = 100;
        s.data.append("abcdef");
        readiness.onReady(5, Readiness.IN | Readiness.OUT, Readiness.IN | Readiness.OUT);
        turn();
        assertThat(ctx.completedInOrder()).containsExactly(recv1, recv2, first, second);
        assertThat(recv1.readText(3)).isEqualTo("abc");
        assertThat(recv2.readText(3)).isEqualTo("def");
    }

    @Test
    void aDatagramCarriesItsSenderAndTruncationThroughTheScratch() {
        ScriptedSockets.Sock s = sys.socket(5);
        TestRequest recv = TestRequest.recvFrom(5, 4);
        readiness.submit(recv);
        turn();
        assertThat(poller.calls).containsExactly("arm 5 IN (armed -, new)");
        s.data.append("datagram");
        readiness.onReady(5, Readiness.IN, Readiness.IN);
        turn();
        assertThat(ctx.outcome(recv).raw()).isEqualTo(4);
        Received r = (Received) ctx.outcome(recv).payload();
        assertThat(r.from()).isEqualTo(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9999));
        assertThat(r.truncated()).isTrue();
        assertThat(recv.readText(4)).isEqualTo("data");

        TestRequest send = TestRequest.sendTo(5, "hello", PEER);
        readiness.submit(send);
        turn();
        assertThat(ctx.outcome(send).raw()).isEqualTo(5);
        assertThat(sys.calls.getLast()).isEqualTo("sendmsg 5 to port 4242 5 bytes MSG_DONTWAIT|MSG_NOSIGNAL");
    }

    @Test
    void cancellingAPendingConnectOrReceiveFailsItAndDropsTheInterest() {
        sys.socket(5).connectAnswer = -EINPROGRESS;
        sys.socket(6);
        TestRequest connect = TestRequest.connect(5, PEER);
        TestRequest recv = TestRequest.recv(6, 8);
        readiness.submit(connect);
        readiness.submit(recv);
        turn();
        assertThat(readiness.cancel(connect)).isTrue();
        assertThat(readiness.cancel(recv)).isTrue();
        turn();
        assertThat(ctx.outcome(connect).failure()).isInstanceOf(CancellationException.class);
        assertThat(ctx.outcome(recv).failure()).isInstanceOf(CancellationException.class);
        assertThat(ctx.scratch(connect)).isEqualTo(MemorySegment.NULL);
        assertThat(poller.calls).contains("forget 5 (armed OUT, registered)", "forget 6 (armed IN, registered)");
        assertThat(readiness.size()).isZero();
    }

    @Test
    void closingASocketFailsEverythingPendingOnItAndForgetsItWasAttached() {
        sys.socket(5);
        readiness.attach(5, HandleRole.STREAM_SOCKET);
        sys.of(5).writeRoom = 0;
        TestRequest recv = TestRequest.recvFrom(5, 8);
        TestRequest send = TestRequest.send(5, "x");
        TestRequest accept = TestRequest.accept(5, true);
        for (TestRequest r : List.of(recv, send, accept)) {
            readiness.submit(r);
        }
        turn();
        readiness.closing(TestRequest.close(5));
        ctx.nextTurn();
        assertThat(List.of(recv, send, accept)).allSatisfy(r -> assertThat(ctx.outcome(r).failure()).isInstanceOf(AsynchronousCloseException.class));
        assertThat(ctx.scratch(recv)).isEqualTo(MemorySegment.NULL);
        sys.calls.clear();
        TestRequest again = TestRequest.recv(5, 8);
        readiness.submit(again);
        assertThat(sys.calls).as("the number may name another file now: asked again").startsWith("getsockopt 5 SO_TYPE");
        assertThat(ctx.counted(DriverEvent.SOCKET_TYPE_ASKED)).isEqualTo(1);
    }

    @Test
    void aBadAddressFailsTheRequestBeforeAnyCall() {
        sys.socket(5);
        TestRequest connect = TestRequest.connect(5, InetSocketAddress.createUnresolved("nowhere.invalid", 1));
        readiness.submit(connect);
        turn();
        assertThat(ctx.outcome(connect).failure()).isInstanceOf(java.nio.channels.UnresolvedAddressException.class);
        assertThat(sys.calls).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------

    /** Sockets in Java, answering the calls as a non-blocking socket does; every call recorded. */
    static final class ScriptedSockets implements SocketSyscalls {
        static final class Sock {
            boolean socket = true;
            int status;
            int pending;
            final ArrayDeque<Integer> acceptErrors = new ArrayDeque<>();
            int connectAnswer;
            int soError;
            final StringBuilder data = new StringBuilder();
            int writeRoom = 1 << 16;
        }

        final Map<Integer, Sock> socks = new HashMap<>();
        final List<String> calls = new ArrayList<>();
        private int nextFd = 50;

        Sock socket(int fd) {
            return socks.computeIfAbsent(fd, k -> new Sock());
        }

        void notSocket(int fd) {
            socket(fd).socket = false;
        }

        Sock of(int fd) {
            return socks.get(fd);
        }

        private static String flags(int f) {
            List<String> names = new ArrayList<>();
            if ((f & MSG_DONTWAIT) != 0) {
                names.add("MSG_DONTWAIT");
            }
            if ((f & MSG_NOSIGNAL) != 0) {
                names.add("MSG_NOSIGNAL");
            }
            return names.isEmpty() ? "0" : String.join("|", names);
        }

        private static MemorySegment at(long address, long size) {
            return MemorySegment.ofAddress(address).reinterpret(size);
        }

        @Override
        public int accept(int listener, int flags) {
            calls.add("accept " + listener + (flags != 0 ? " flags " + flags : ""));
            Sock l = socks.get(listener);
            if (!l.acceptErrors.isEmpty()) {
                return -l.acceptErrors.pollFirst();
            }
            if (l.pending == 0) {
                return -EAGAIN;
            }
            l.pending--;
            int fd = nextFd++;
            socket(fd).status = l.status & O_NONBLOCK; // inherited, as on BSD
            return fd;
        }

        @Override
        public int connect(int fd, long address, int length) {
            MemorySegment sa = at(address, length);
            int port = Short.toUnsignedInt(sa.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2));
            calls.add("connect " + fd + " port " + port + " length " + length);
            return socks.get(fd).connectAnswer;
        }

        @Override
        public long send(int fd, long address, long length, int flags) {
            calls.add("send " + fd + " " + length + " " + flags(flags));
            Sock s = socks.get(fd);
            if (s.writeRoom == 0) {
                return -EAGAIN;
            }
            int n = (int) Math.min(length, s.writeRoom);
            s.writeRoom -= n;
            return n;
        }

        @Override
        public long recv(int fd, long address, long length, int flags) {
            calls.add("recv " + fd + " " + length + " " + flags(flags));
            Sock s = socks.get(fd);
            if (s.data.isEmpty()) {
                return -EAGAIN;
            }
            int n = (int) Math.min(length, s.data.length());
            MemorySegment.copy(s.data.substring(0, n).getBytes(StandardCharsets.ISO_8859_1), 0, at(address, n), ValueLayout.JAVA_BYTE, 0, n);
            s.data.delete(0, n);
            return n;
        }

        @Override
        public long sendmsg(int fd, long msghdr, int flags) {
            MemorySegment m = at(msghdr, 56);
            MemorySegment name = at(m.get(ValueLayout.JAVA_LONG, 0), 16);
            MemorySegment iov = at(m.get(ValueLayout.JAVA_LONG, 16), 16);
            long length = iov.get(ValueLayout.JAVA_LONG, 8);
            int port = Short.toUnsignedInt(name.get(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2));
            calls.add("sendmsg " + fd + " to port " + port + " " + length + " bytes " + flags(flags));
            return length;
        }

        /** One datagram from 127.0.0.1:9999; what does not fit the buffer is cut off, and msg_flags says so. */
        @Override
        public long recvmsg(int fd, long msghdr, int flags) {
            calls.add("recvmsg " + fd + " " + flags(flags));
            Sock s = socks.get(fd);
            if (s.data.isEmpty()) {
                return -EAGAIN;
            }
            MemorySegment m = at(msghdr, 56);
            MemorySegment name = at(m.get(ValueLayout.JAVA_LONG, 0), 16);
            name.set(ValueLayout.JAVA_SHORT, 0, (short) AF_INET);
            name.set(ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 2, (short) 9999);
            name.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN), 4, 0x7f000001);
            m.set(ValueLayout.JAVA_INT, 8, 16);
            MemorySegment iov = at(m.get(ValueLayout.JAVA_LONG, 16), 16);
            int room = (int) iov.get(ValueLayout.JAVA_LONG, 8);
            int n = Math.min(room, s.data.length());
            MemorySegment.copy(s.data.substring(0, n).getBytes(StandardCharsets.ISO_8859_1), 0, at(iov.get(ValueLayout.JAVA_LONG, 0), n),
                    ValueLayout.JAVA_BYTE, 0, n);
            m.set(ValueLayout.JAVA_INT, 48, s.data.length() > n ? MSG_TRUNC : 0);
            s.data.setLength(0);
            return n;
        }

        @Override
        public int getIntOption(int fd, int level, int name) {
            calls.add("getsockopt " + fd + " " + (name == SO_TYPE ? "SO_TYPE" : name == SO_ERROR ? "SO_ERROR" : String.valueOf(name)));
            Sock s = socks.get(fd);
            if (s == null) {
                return -9;
            }
            if (!s.socket) {
                return -ENOTSOCK;
            }
            if (name == SO_ERROR) {
                int e = s.soError;
                s.soError = 0; // "get error status and clear"
                return e;
            }
            return 1; // SOCK_STREAM
        }

        @Override
        public int setIntOption(int fd, int level, int name, int value) {
            calls.add("setsockopt " + fd + " " + name + " " + value);
            return 0;
        }

        @Override
        public int fcntl(int fd, int cmd, int arg) {
            Sock s = socks.get(fd);
            switch (cmd) {
                case 3 -> {
                    calls.add("fcntl " + fd + " F_GETFL");
                    return s.status;
                }
                case 4 -> {
                    calls.add("fcntl " + fd + " F_SETFL" + ((arg & O_NONBLOCK) != 0 ? " O_NONBLOCK" : ""));
                    s.status = arg;
                    return 0;
                }
                case 2 -> {
                    calls.add("fcntl " + fd + " F_SETFD" + (arg == 1 ? " FD_CLOEXEC" : ""));
                    return 0;
                }
                default -> throw new AssertionError("fcntl " + cmd);
            }
        }
    }
}
