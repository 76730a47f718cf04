package io.rusticated.unix.readiness;

import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.unix.Errno;
import io.rusticated.unix.ErrnoTable;
import io.rusticated.unix.testing.TestContext;
import io.rusticated.unix.testing.TestRequest;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.AsynchronousCloseException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared readiness layer against a scripted poller and scripted descriptors: what it arms,
 * when it re-arms or forgets, and how each strategy serves a read. The epoll driver runs the same
 * layer against the Linux kernel in rusticated-linux's suite; the kqueue driver against the
 * kqueue stand-in in rusticated-macos.
 */
class ReadinessTest {
    static final int EAGAIN = 11;
    static final int EOPNOTSUPP = 95;
    static final int EBADF = 9;
    static final ErrnoTable ERRORS = ErrnoTable.builder("test", "Unknown error ")
            .add(Errno.EBADF, EBADF, "Bad file descriptor")
            .add(Errno.EAGAIN, EAGAIN, "Resource temporarily unavailable")
            .add(Errno.EOPNOTSUPP, EOPNOTSUPP, "Operation not supported")
            .add(Errno.ECANCELED, 125, "Operation canceled")
            .alias(Errno.ENOTSUP, Errno.EOPNOTSUPP)
            .build();

    final TestContext ctx = new TestContext();
    final ScriptedPoller poller = new ScriptedPoller();
    final ScriptedDescriptors fds = new ScriptedDescriptors();
    final Readiness readiness = new Readiness(ctx, poller, fds,
            new NonBlockingSockets(new ReadinessSocketsTest.ScriptedSockets(), LinuxShapedSocketAbi.ABI, ReadinessSocketsTest.ERRORS), ERRORS);

    /** One loop turn without waiting: attempts, then what completeLater queued. */
    void turn() {
        readiness.runPending();
        ctx.nextTurn();
    }

    @Test
    void aReadOnAnEmptyStreamArmsOnceAndCompletesWhenTheStreamIsReady() {
        Stream s = fds.stream(5);
        TestRequest read = TestRequest.read(5, 16);
        assertThat(readiness.submit(read)).isTrue();
        turn();
        assertThat(ctx.completed(read)).isFalse();
        assertThat(poller.calls).containsExactly("arm 5 IN (armed -, new)");

        s.data.append("hello");
        readiness.onReady(5, Readiness.IN, Readiness.IN);
        turn();
        assertThat(ctx.outcome(read).raw()).isEqualTo(5);
        assertThat(read.readText(5)).isEqualTo("hello");
        // Nothing waits any more: the poller forgets the descriptor (its interest already fired).
        assertThat(poller.calls).containsExactly("arm 5 IN (armed -, new)", "forget 5 (armed -, registered)");
        assertThat(readiness.size()).isZero();
    }

    @Test
    void readsOnOneDescriptorShareOneInterestAndCompleteInOrder() {
        Stream s = fds.stream(5);
        TestRequest first = TestRequest.read(5, 3);
        TestRequest second = TestRequest.read(5, 3);
        readiness.submit(first);
        readiness.submit(second);
        turn();
        assertThat(poller.calls).containsExactly("arm 5 IN (armed -, new)");

        s.data.append("abcdef");
        readiness.onReady(5, Readiness.IN, Readiness.IN);
        turn();
        assertThat(ctx.completedInOrder()).containsExactly(first, second);
        assertThat(first.readText(3)).isEqualTo("abc");
        assertThat(second.readText(3)).isEqualTo("def");
    }

    /**
     * A kqueue one-shot fires per filter: the write's event leaves the read's interest armed, so
     * nothing is armed again; epoll's one-shot disables the whole registration, so the read's
     * interest is armed again.
     */
    @Test
    void anEventDisarmsOnlyWhatThePollerSaysItConsumed() {
        fds.stream(7).writeRoom = 0;
        TestRequest read = TestRequest.read(7, 8);
        TestRequest write = TestRequest.write(7, "x");
        readiness.submit(read);
        readiness.submit(write);
        turn();
        assertThat(poller.calls).containsExactly("arm 7 IN|OUT (armed -, new)");

        fds.stream(7).writeRoom = 100;
        readiness.onReady(7, Readiness.OUT, Readiness.OUT); // kqueue: the EVFILT_WRITE knote fired
        turn();
        assertThat(ctx.outcome(write).raw()).isEqualTo(1);
        assertThat(poller.calls).hasSize(1); // the read's interest is still armed

        fds.stream(8).writeRoom = 0;
        TestRequest read2 = TestRequest.read(8, 8);
        TestRequest write2 = TestRequest.write(8, "y");
        readiness.submit(read2);
        readiness.submit(write2);
        turn();
        fds.stream(8).writeRoom = 100;
        readiness.onReady(8, Readiness.OUT, Readiness.IN | Readiness.OUT); // epoll: the registration is disabled
        turn();
        assertThat(poller.calls).containsExactly("arm 7 IN|OUT (armed -, new)", "arm 8 IN|OUT (armed -, new)",
                "arm 8 IN (armed -, registered)");
    }

    @Test
    void aDescriptorThePollerCannotWatchIsServedOnThePool() {
        fds.stream(5);
        poller.answers.put(5, Poller.NOT_POLLABLE);
        TestRequest poll = TestRequest.poll(5, Request.POLL_IN);
        TestRequest read = TestRequest.read(5, 8);
        readiness.submit(read);
        readiness.submit(poll);
        turn(); // NOWAIT answered EAGAIN, arming was refused: the strategy becomes POOL
        turn();
        assertThat(ctx.outcome(poll).raw()).as("POLL on a file-like descriptor is ready at once").isEqualTo(Readiness.IN);
        assertThat(ctx.blocking()).hasSize(1);
        assertThat(ctx.blocking().getFirst().op()).isSameAs(read);

        assertThat(readiness.completeBlocking(read, 4)).isTrue();
        assertThat(ctx.outcome(read).raw()).isEqualTo(4);
    }

    @Test
    void aPollerErrorFailsWhatWaits() {
        fds.stream(5);
        poller.answers.put(5, -EBADF);
        TestRequest read = TestRequest.read(5, 8);
        readiness.submit(read);
        turn();
        assertThat(ctx.outcome(read).raw()).isEqualTo(-EBADF);
        assertThat(readiness.size()).isZero();
    }

    @Test
    void aTerminalRefusingTheNonBlockingCallIsReopenedAndReadThroughItsOwnDescription() {
        Stream tty = fds.stream(0);
        tty.refusesNowait = true;
        tty.terminal = true;
        tty.data.append("typed");
        TestRequest read = TestRequest.read(0, 16);
        readiness.submit(read);
        turn();
        assertThat(fds.reopened).containsExactly("0 for reading -> 100");
        assertThat(ctx.outcome(read).raw()).isEqualTo(5);

        readiness.close();
        assertThat(fds.closed).containsExactly(100);
    }

    @Test
    void aStreamRefusingTheNonBlockingCallWaitsForReadinessThenReadsOnThePool() {
        Stream s = fds.stream(3);
        s.refusesNowait = true;
        TestRequest read = TestRequest.read(3, 16);
        readiness.submit(read);
        turn();
        assertThat(poller.calls).containsExactly("arm 3 IN (armed -, new)"); // readiness first, then the pool
        assertThat(ctx.blocking()).isEmpty();

        readiness.onReady(3, Readiness.IN, Readiness.IN | Readiness.OUT);
        turn();
        assertThat(ctx.blocking()).hasSize(1);

        // Someone else took the data: the pool's read answers EAGAIN, and the read waits again.
        assertThat(readiness.completeBlocking(read, -EAGAIN)).isTrue();
        turn();
        assertThat(ctx.completed(read)).isFalse();
        assertThat(poller.calls.getLast()).isEqualTo("arm 3 IN (armed -, registered)");
    }

    /** A descriptor that offers no non-blocking call (macOS: an inherited pipe) waits for readiness before its call goes to the pool. */
    @Test
    void aDescriptorStartingWithReadinessThenPoolWaitsBeforeThePool() {
        fds.stream(6);
        fds.first = Strategy.READINESS_THEN_POOL;
        TestRequest read = TestRequest.read(6, 8);
        readiness.submit(read);
        turn();
        assertThat(ctx.blocking()).isEmpty();
        assertThat(poller.calls).containsExactly("arm 6 IN (armed -, new)");
        readiness.onReady(6, Readiness.IN, Readiness.IN);
        turn();
        assertThat(ctx.blocking()).extracting(TestContext.Pending::op).containsExactly(read);
    }

    @Test
    void cancellingAQueuedReadFailsItAndDropsTheInterest() {
        fds.stream(5);
        TestRequest read = TestRequest.read(5, 8);
        readiness.submit(read);
        turn();
        assertThat(readiness.cancel(read)).isTrue();
        turn();
        assertThat(ctx.outcome(read).failure()).isInstanceOf(CancellationException.class);
        assertThat(poller.calls).containsExactly("arm 5 IN (armed -, new)", "forget 5 (armed IN, registered)");
    }

    @Test
    void closingTheDescriptorFailsWhatWaitsOnIt() {
        fds.stream(5);
        TestRequest read = TestRequest.read(5, 8);
        TestRequest poll = TestRequest.poll(5, Request.POLL_IN);
        readiness.submit(read);
        readiness.submit(poll);
        turn();
        readiness.closing(TestRequest.close(5));
        ctx.nextTurn();
        assertThat(ctx.outcome(read).failure()).isInstanceOf(AsynchronousCloseException.class);
        assertThat(ctx.outcome(poll).failure()).isInstanceOf(AsynchronousCloseException.class);
        assertThat(poller.calls.getLast()).isEqualTo("forget 5 (armed IN, registered)");
    }

    @Test
    void oneDescriptorCompletesAtMost64OperationsPerTurn() {
        Stream s = fds.stream(5);
        List<TestRequest> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            TestRequest r = TestRequest.read(5, 1);
            reads.add(r);
            readiness.submit(r);
            s.data.append('x');
        }
        assertThat(readiness.runPending()).isEqualTo(64);
        assertThat(readiness.hasPending()).isTrue();
        assertThat(readiness.runPending()).isEqualTo(36);
        assertThat(reads).allMatch(ctx::completed);
    }

    @Test
    void filesAreNotTheLayersToServe() {
        fds.notPollable.add(4);
        TestRequest read = TestRequest.read(4, 8);
        TestRequest poll = TestRequest.poll(4, Request.POLL_IN | Request.POLL_OUT);
        assertThat(readiness.submit(read)).as("a file read goes back to the driver").isFalse();
        assertThat(readiness.submit(poll)).isTrue();
        ctx.nextTurn();
        assertThat(ctx.outcome(poll).raw()).isEqualTo(Readiness.IN | Readiness.OUT);
        assertThat(poller.calls).isEmpty();
    }

    @Test
    void aWaitForAProcessDescriptorWaitsForItToBeReadable() {
        fds.stream(9);
        TestRequest wait = TestRequest.of(Opcode.WAIT_CHILD, 9);
        readiness.submit(wait);
        turn();
        assertThat(poller.calls).containsExactly("arm 9 IN (armed -, new)");
        readiness.onReady(9, Readiness.IN, Readiness.IN);
        turn();
        assertThat(ctx.outcome(wait).raw()).isEqualTo(Readiness.IN);
    }

    // ---------------------------------------------------------------------------------------------

    static String bits(int b) {
        if (b == 0) {
            return "-";
        }
        String s = ((b & Readiness.IN) != 0 ? "IN|" : "") + ((b & Readiness.OUT) != 0 ? "OUT|" : "");
        return s.substring(0, s.length() - 1);
    }

    /** Records what it is asked; answers 0 unless a test scripted another answer for the descriptor. */
    static final class ScriptedPoller implements Poller {
        final List<String> calls = new ArrayList<>();
        final Map<Integer, Integer> answers = new HashMap<>();

        @Override
        public int arm(int fd, int want, int armed, boolean registered) {
            calls.add("arm " + fd + " " + bits(want) + " (armed " + bits(armed) + ", " + (registered ? "registered" : "new") + ")");
            return answers.getOrDefault(fd, 0);
        }

        @Override
        public void forget(int fd, int armed, boolean registered) {
            calls.add("forget " + fd + " (armed " + bits(armed) + ", " + (registered ? "registered" : "new") + ")");
        }
    }

    /** A byte stream in Java: what a read may take, how much a write may put. */
    static final class Stream {
        final StringBuilder data = new StringBuilder();
        int writeRoom = 1 << 16;
        boolean refusesNowait;
        boolean terminal;
    }

    static final class ScriptedDescriptors implements DescriptorOps {
        final Map<Integer, Stream> streams = new HashMap<>();
        final List<Integer> notPollable = new ArrayList<>();
        final List<String> reopened = new ArrayList<>();
        final List<Integer> closed = new ArrayList<>();
        Strategy first = Strategy.NOWAIT;
        private final Map<Integer, Integer> privateToOriginal = new HashMap<>();

        Stream stream(int fd) {
            return streams.computeIfAbsent(fd, k -> new Stream());
        }

        @Override
        public int pollable(int fd) {
            if (notPollable.contains(fd)) {
                return 0;
            }
            return streams.containsKey(fd) ? 1 : -EBADF;
        }

        @Override
        public Strategy firstStrategy(int fd) {
            return first;
        }

        @Override
        public long transfer(Request op, boolean write, int fd, boolean nowait) {
            Stream s = streams.get(privateToOriginal.getOrDefault(fd, fd));
            if (nowait && s.refusesNowait) {
                return -EOPNOTSUPP;
            }
            MemorySegment m = op.buffer().memory();
            if (write) {
                if (s.writeRoom == 0) {
                    return -EAGAIN;
                }
                int n = Math.min(s.writeRoom, op.buffer().lengthWhileLent());
                s.writeRoom -= n;
                return n;
            }
            if (s.data.isEmpty()) {
                return -EAGAIN;
            }
            int n = Math.min(s.data.length(), op.buffer().capacity() - op.buffer().lengthWhileLent());
            byte[] bytes = s.data.substring(0, n).getBytes(StandardCharsets.ISO_8859_1);
            MemorySegment.copy(bytes, 0, m, ValueLayout.JAVA_BYTE, op.buffer().lengthWhileLent(), n);
            s.data.delete(0, n);
            return n;
        }

        @Override
        public boolean isReopenableTerminal(int fd) {
            return streams.get(fd).terminal;
        }

        @Override
        public int reopenNonBlocking(int fd, boolean write) {
            int own = 100 + reopened.size();
            reopened.add(fd + (write ? " for writing" : " for reading") + " -> " + own);
            privateToOriginal.put(own, fd);
            return own;
        }

        @Override
        public void closePrivate(int fd) {
            closed.add(fd);
        }
    }
}
