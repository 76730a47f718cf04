package io.rusticated.macos;

import io.rusticated.spi.DriverEvent;
import io.rusticated.spi.HandleRole;
import io.rusticated.spi.Opcode;
import io.rusticated.spi.Request;
import io.rusticated.unix.ScratchPool;
import io.rusticated.unix.readiness.Readiness;
import io.rusticated.unix.testing.TestContext;
import io.rusticated.unix.testing.TestRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.channels.AsynchronousCloseException;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.rusticated.macos.MacAbi.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kqueue driver's own logic, run here against {@link KqueueStandIn}, which follows kqueue(2):
 * which kevent each request becomes, one-shot knotes re-armed only while something waits, receipts
 * and their errors, the EVFILT_USER wakeup, EVFILT_PROC with both of its races, and sockets (the
 * shared readiness layer's socket operations with macOS's numbers and BSD sockaddrs). The driver is
 * driven as a loop drives it ({@link TestContext}: a turn delivers what completeLater queued, then
 * polls). Nothing here ran on a Mac.
 */
class KqueueDriverTest {
    static final String ADD_ONESHOT = "EV_ADD|EV_ONESHOT|EV_RECEIPT";
    final KqueueStandIn kernel = new KqueueStandIn();
    final TestContext ctx = new TestContext();
    final StandInDescriptors descriptors = new StandInDescriptors(kernel);
    final StandInSockets sockets = new StandInSockets(kernel);
    final KqueueDriver driver = new KqueueDriver(ctx, kernel, descriptors, sockets, MacErrors.TABLE, op -> -ENOSYS,
            new ScratchPool(MacFileOps::scratchSize), MacFileOps::payload, "");

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    /** A loop turn: the outcomes queued last turn, then a poll that does not wait. */
    void turn() {
        ctx.nextTurn();
        driver.poll(0);
        ctx.nextTurn();
    }

    List<String> changesAfterSetup() {
        return kernel.changes().subList(1, kernel.changes().size());
    }

    @Test
    void theWakeupIsOneUserKnoteWithClearAddedAtOpen() {
        assertThat(kernel.changes()).containsExactly(KqueueDriver.WAKE_IDENT + " EVFILT_USER EV_ADD|EV_CLEAR|EV_RECEIPT");
        assertThat(driver.backend().name()).isEqualTo("kqueue");
        assertThat(driver.supports(Opcode.SLEEP)).isFalse();
    }

    @Test
    void aReadOnAnEmptyPipeArmsAOneShotReadKnoteAndCompletesWhenDataArrives() {
        int[] p = kernel.pipe(true, 64);
        TestRequest read = TestRequest.read(p[0], 16);
        driver.submit(read);
        turn();
        assertThat(ctx.completed(read)).isFalse();
        assertThat(changesAfterSetup()).containsExactly(p[0] + " EVFILT_READ " + ADD_ONESHOT);

        kernel.write(p[1], "hello");
        turn();
        assertThat(ctx.outcome(read).raw()).isEqualTo(5);
        assertThat(read.readText(5)).isEqualTo("hello");
        // EV_ONESHOT: "After the user retrieves the event from the kqueue, it is deleted." Nothing waits: no new knote.
        assertThat(kernel.hasKnote(p[0], EVFILT_READ)).isFalse();
        assertThat(changesAfterSetup()).hasSize(1);
    }

    @Test
    void twoReadsOnOneDescriptorShareItsKnote() {
        int[] p = kernel.pipe(true, 64);
        TestRequest first = TestRequest.read(p[0], 2);
        TestRequest second = TestRequest.read(p[0], 2);
        driver.submit(first);
        driver.submit(second);
        turn();
        assertThat(changesAfterSetup()).containsExactly(p[0] + " EVFILT_READ " + ADD_ONESHOT);
        kernel.write(p[1], "abcd");
        turn();
        assertThat(ctx.completedInOrder()).containsExactly(first, second);
        assertThat(second.readText(2)).isEqualTo("cd");
    }

    /** A knote per (descriptor, filter): the one that fired is gone, the others stay armed and are not added again. */
    @Test
    void eachWaitIsAKnoteOfItsOwnAndOneFiringLeavesTheOthersArmed() {
        int[] p = kernel.pipe(true, 4);
        kernel.write(p[1], "full");
        TestRequest write = TestRequest.write(p[1], "x");
        int[] q = kernel.pipe(true, 64);
        driver.submit(write);
        TestRequest read = TestRequest.read(q[0], 8);
        driver.submit(read);
        turn();
        assertThat(changesAfterSetup()).containsExactlyInAnyOrder(p[1] + " EVFILT_WRITE " + ADD_ONESHOT, q[0] + " EVFILT_READ " + ADD_ONESHOT);

        TestRequest drain = TestRequest.read(p[0], 4);
        driver.submit(drain);
        turn();
        turn();
        assertThat(ctx.outcome(drain).raw()).isEqualTo(4);
        assertThat(ctx.outcome(write).raw()).isEqualTo(1);
        assertThat(kernel.hasKnote(q[0], EVFILT_READ)).as("the other knote is still armed").isTrue();
        assertThat(ctx.completed(read)).isFalse();
    }

    /** "Multiple events which trigger the filter do not result in multiple kevents": three wakeups, one event, then none (EV_CLEAR). */
    @Test
    void wakeupsBeforeThePollCoalesceIntoOneEvent() throws Exception {
        Thread other = Thread.ofPlatform().start(() -> {
            driver.wakeup();
            driver.wakeup();
            driver.wakeup();
        });
        other.join();
        KeventList seen = new KeventList(java.lang.foreign.Arena.ofAuto(), 8);
        assertThat(kernel.kevent(null, 0, seen, 8, 0)).isEqualTo(1);
        assertThat(seen.filter(0)).isEqualTo(EVFILT_USER);
        assertThat(kernel.kevent(null, 0, seen, 8, 0)).isZero();
        assertThat(kernel.changes()).endsWith(KqueueDriver.WAKE_IDENT + " EVFILT_USER EV_RECEIPT 0x1000000");
    }

    @Test
    void aWakeupFromAnotherThreadEndsAWaitWithoutLimit() throws Exception {
        CompletableFuture<Void> polled = CompletableFuture.runAsync(() -> driver.poll(-1));
        Thread.sleep(100);
        assertThat(polled).isNotDone();
        driver.wakeup();
        polled.get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWaitForAChildIsAnExitKnoteOnItsPid() {
        int pid = kernel.spawn();
        TestRequest wait = TestRequest.waitChild(pid);
        driver.submit(wait);
        turn();
        assertThat(changesAfterSetup()).containsExactly(pid + " EVFILT_PROC " + ADD_ONESHOT + " 0x84000000"); // NOTE_EXIT|NOTE_EXITSTATUS
        assertThat(ctx.completed(wait)).isFalse();

        kernel.exit(pid, 3 << 8, true);
        turn();
        assertThat(ctx.outcome(wait).raw()).isZero();
        assertThat(ExitedChildren.contains(pid)).isTrue();
        assertThat(kernel.hasKnote(pid, EVFILT_PROC)).isFalse();
        ExitedChildren.forget(pid);
    }

    /** Race 1: the child exited before the knote was added: ESRCH ("The specified process to attach to does not exist") completes the wait at once. */
    @Test
    void aChildGoneBeforeItsKnoteWasAddedCompletesTheWaitAtOnce() {
        int pid = kernel.spawn();
        kernel.exit(pid, 0, true);
        TestRequest wait = TestRequest.waitChild(pid);
        driver.submit(wait);
        ctx.nextTurn();
        assertThat(ctx.outcome(wait).raw()).isZero();
        assertThat(ExitedChildren.contains(pid)).as("its collection will wait for the zombie").isTrue();
        ExitedChildren.forget(pid);
    }

    /**
     * Race 2: NOTE_EXIT before the child is a zombie waitpid can collect. WNOHANG answers 0 then
     * (libuv #3504); after NOTE_EXIT the reaper waits without WNOHANG for exactly that pid and gets
     * the status.
     */
    @Test
    void anExitAnnouncedBeforeTheZombieIsReapableIsStillCollected() throws Exception {
        ChildReaper reaper = new ChildReaper(kernel::waitpid, MacErrors.TABLE);
        int pid = kernel.spawn();
        TestRequest wait = TestRequest.waitChild(pid);
        driver.submit(wait);
        turn();
        kernel.exit(pid, 7 << 8, false);
        assertThat(ChildReaper.options(pid, false)).isEqualTo(WNOHANG);
        int[] status = new int[1];
        assertThat(kernel.waitpid(pid, WNOHANG, status)).as("the race: WNOHANG sees nothing yet").isZero();

        turn(); // NOTE_EXIT
        assertThat(ctx.outcome(wait).raw()).isZero();
        assertThat(ChildReaper.options(pid, false)).isZero(); // blocking, for this pid only
        assertThat(reaper.collect(pid, false)).hasToString("ChildState[kind=EXITED, value=7, coreDumped=false]");
        assertThat(ExitedChildren.contains(pid)).isFalse();
    }

    @Test
    void cancellingAWaitDeletesItsKnote() {
        int pid = kernel.spawn();
        TestRequest wait = TestRequest.waitChild(pid);
        driver.submit(wait);
        turn();
        driver.cancel(wait);
        ctx.nextTurn();
        assertThat(ctx.outcome(wait).failure()).isInstanceOf(CancellationException.class);
        assertThat(changesAfterSetup()).endsWith(pid + " EVFILT_PROC EV_DELETE|EV_RECEIPT");
        assertThat(kernel.hasKnote(pid, EVFILT_PROC)).isFalse();
    }

    @Test
    void cancellingAReadDeletesItsKnote() {
        int[] p = kernel.pipe(true, 64);
        TestRequest read = TestRequest.read(p[0], 8);
        driver.submit(read);
        turn();
        driver.cancel(read);
        turn();
        assertThat(ctx.outcome(read).failure()).isInstanceOf(CancellationException.class);
        assertThat(changesAfterSetup()).containsExactly(p[0] + " EVFILT_READ " + ADD_ONESHOT, p[0] + " EVFILT_READ EV_DELETE|EV_RECEIPT");
    }

    /** A terminal kqueue refuses (EINVAL in the receipt) is served on the blocking pool instead. */
    @Test
    void aTerminalKqueueRefusesIsReadOnThePool() {
        int tty = kernel.open("tty");
        kernel.file(tty).refusesKqueue = true;
        TestRequest read = TestRequest.read(tty, 8);
        driver.submit(read);
        turn();
        assertThat(descriptors.reopened).containsExactly(tty + " for reading"); // reopened first, as libuv's uv_tty_init does
        assertThat(changesAfterSetup()).containsExactly(tty + " EVFILT_READ " + ADD_ONESHOT);
        turn();
        assertThat(ctx.blocking()).extracting(TestContext.Pending::op).containsExactly(read);
        driver.completeBlocking(read, 3);
        assertThat(ctx.outcome(read).raw()).isEqualTo(3);
    }

    /** mio #582: on macOS 10.10/10.11 adding a knote for a pipe whose writer is gone answers EPIPE, yet the knote works: no error. */
    @Test
    void epipeWhenAddingAKnoteIsNoError() {
        kernel.oldDarwinEpipe = true;
        int[] p = kernel.pipe(true, 64);
        kernel.write(p[1], "last");
        TestRequest first = TestRequest.read(p[0], 4);
        driver.submit(first);
        turn();
        assertThat(ctx.outcome(first).raw()).isEqualTo(4);
        TestRequest empty = TestRequest.read(p[0], 4);
        TestRequest poll = TestRequest.poll(p[0], Request.POLL_IN);
        kernel.close(p[1]);
        driver.submit(poll);
        driver.submit(empty);
        turn();
        turn();
        assertThat(ctx.outcome(empty).raw()).as("end of file").isZero();
        assertThat(changesAfterSetup()).containsExactly(p[0] + " EVFILT_READ " + ADD_ONESHOT); // answered EPIPE
        assertThat(ctx.outcome(poll).raw()).isEqualTo(Readiness.IN | Readiness.HUP); // EV_EOF
    }

    /** "EACCES The process does not have permission to register a filter." (kqueue(2)), in the receipt: what waits fails with it. */
    @Test
    void anErrorInAReceiptFailsWhatWaits() {
        int[] p = kernel.pipe(true, 64);
        kernel.file(p[0]).addError = EACCES;
        TestRequest read = TestRequest.read(p[0], 8);
        driver.submit(read);
        turn();
        assertThat(ctx.outcome(read).raw()).isEqualTo(-EACCES);
        assertThat(changesAfterSetup()).containsExactly(p[0] + " EVFILT_READ " + ADD_ONESHOT);
    }

    @Test
    void closingADescriptorFailsWhatWaitsOnIt() {
        int[] p = kernel.pipe(true, 64);
        TestRequest read = TestRequest.read(p[0], 8);
        driver.submit(read);
        turn();
        TestRequest close = TestRequest.close(p[0]);
        driver.submit(close);
        ctx.nextTurn();
        assertThat(ctx.outcome(read).failure()).isInstanceOf(AsynchronousCloseException.class);
        assertThat(kernel.hasKnote(p[0], EVFILT_READ)).isFalse();
        assertThat(ctx.blocking()).extracting(TestContext.Pending::op).containsExactly(close);
    }

    /** A pipe end shared with other processes (not O_NONBLOCK) waits for its knote, then reads on the pool. */
    @Test
    void aSharedPipeWaitsForReadinessThenReadsOnThePool() {
        int[] p = kernel.pipe(false, 64);
        TestRequest read = TestRequest.read(p[0], 8);
        driver.submit(read);
        turn();
        assertThat(changesAfterSetup()).containsExactly(p[0] + " EVFILT_READ " + ADD_ONESHOT);
        assertThat(ctx.blocking()).isEmpty();
        kernel.write(p[1], "data");
        turn();
        assertThat(ctx.blocking()).extracting(TestContext.Pending::op).containsExactly(read);
        driver.completeBlocking(read, 4);
        assertThat(ctx.outcome(read).raw()).isEqualTo(4);
    }

    @Test
    void regularFilesGoToThePoolAndPollReady() {
        int file = kernel.open("file");
        TestRequest read = TestRequest.read(file, 8);
        TestRequest poll = TestRequest.poll(file, Request.POLL_IN);
        driver.submit(read);
        driver.submit(poll);
        ctx.nextTurn();
        assertThat(ctx.outcome(poll).raw()).isEqualTo(Readiness.IN);
        assertThat(ctx.blocking()).extracting(TestContext.Pending::op).containsExactly(read);
        assertThat(changesAfterSetup()).isEmpty();
    }

    // ---- sockets: each test names the documented rule the driver relies on ----

    /**
     * A loop attaches a socket before its first operation: O_NONBLOCK and SO_NOSIGPIPE once (macOS
     * has no MSG_NOSIGNAL in every release). The role says it is a socket: no SO_TYPE question.
     */
    @Test
    void anAttachedSocketIsMadeNonBlockingAndNoSigpipeWithoutAskingItsType() {
        int s = kernel.tcpSocket();
        int pipe = kernel.pipe(false, 64)[0];
        driver.attach(s, HandleRole.STREAM_SOCKET);
        driver.attach(pipe, HandleRole.PIPE);
        assertThat(kernel.file(s).nonBlocking).isTrue();
        assertThat(kernel.file(s).noSigPipe).isTrue();
        assertThat(kernel.file(pipe).nonBlocking).as("a pipe shared with other processes keeps its mode").isFalse();
        assertThat(sockets.optionCalls()).as("the calls of both attaches")
                .containsExactly("fcntl " + s + " F_GETFL", "fcntl " + s + " F_SETFL", "setsockopt " + s + " SO_NOSIGPIPE");
        assertThat(ctx.counted(DriverEvent.SOCKET_TYPE_ASKED)).isZero();
    }

    /**
     * "EVFILT_READ ... Sockets which previously had listen() called on them: return when there is an
     * incoming connection pending; data contains the size of the listen backlog." One multishot
     * accept takes every pending connection in the turn the knote fires, each made close-on-exec
     * (no accept4 on macOS) and non-blocking like its listener (accept(2): "a new socket with the
     * same properties"), then waits on a new knote.
     */
    @Test
    void aListenersReadKnoteFiresWithItsBacklogAndAMultishotAcceptTakesEveryConnection() {
        int listener = kernel.listener(8080);
        driver.attach(listener, HandleRole.LISTENER);
        TestRequest accept = TestRequest.accept(listener, true);
        driver.submit(accept);
        turn();
        assertThat(changesAfterSetup()).containsExactly(listener + " EVFILT_READ " + ADD_ONESHOT);
        for (int i = 0; i < 3; i++) {
            kernel.connectFromElsewhere(8080);
        }
        turn();
        assertThat(kernel.retrieved()).as("the listen backlog in data").contains(listener + " EVFILT_READ data 3");
        assertThat(ctx.more(accept)).hasSize(3);
        for (long fd : ctx.more(accept)) {
            assertThat(kernel.file((int) fd).closeOnExec).as("FD_CLOEXEC on %d", fd).isTrue();
            assertThat(kernel.file((int) fd).nonBlocking).as("O_NONBLOCK inherited by %d", fd).isTrue();
        }
        assertThat(ctx.completed(accept)).isFalse();
        assertThat(kernel.hasKnote(listener, EVFILT_READ)).as("waiting for the next connection").isTrue();
        driver.cancel(accept);
        turn();
        assertThat(ctx.outcome(accept).failure()).isInstanceOf(CancellationException.class);
    }

    /**
     * POSIX connect(): "If the connection cannot be established immediately and O_NONBLOCK is set
     * ... connect() shall fail and set errno to [EINPROGRESS] ... When the connection has been
     * established asynchronously, ... poll() shall indicate that the file descriptor for the socket
     * is ready for writing": an EVFILT_WRITE knote, then SO_ERROR says how it went.
     */
    @Test
    void aConnectUnderWayWaitsForEvfiltWriteThenReadsSoError() {
        kernel.listener(9090);
        int ok = kernel.tcpSocket();
        int refused = kernel.tcpSocket();
        driver.attach(ok, HandleRole.STREAM_SOCKET);
        driver.attach(refused, HandleRole.STREAM_SOCKET);
        java.net.InetSocketAddress to = new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 9090);
        TestRequest connectOk = TestRequest.connect(ok, to);
        TestRequest connectRefused = TestRequest.connect(refused, to);
        driver.submit(connectOk);
        driver.submit(connectRefused);
        turn();
        assertThat(changesAfterSetup()).containsExactlyInAnyOrder(ok + " EVFILT_WRITE " + ADD_ONESHOT, refused + " EVFILT_WRITE " + ADD_ONESHOT);
        assertThat(ctx.completed(connectOk)).isFalse();

        kernel.finishConnect(ok, false);
        kernel.finishConnect(refused, true);
        turn();
        assertThat(ctx.outcome(connectOk).raw()).isZero();
        assertThat(ctx.outcome(connectRefused).raw()).isEqualTo(-ECONNREFUSED);
        assertThat(MacErrors.TABLE.lookup(ECONNREFUSED).message()).isEqualTo("Connection refused");
    }

    /**
     * "If the read direction of the socket has shutdown, then the filter also sets EV_EOF in
     * flags, and returns the socket error (if any) in fflags": a peer's reset wakes the pending
     * receive, which fails with the error (ECONNRESET), and a POLL sees it as HUP and ERR.
     */
    @Test
    void aResetPeerIsEofWithTheErrorInFflagsAndThePendingReceiveFailsWithIt() {
        kernel.listener(7070);
        int remote = kernel.connectFromElsewhere(7070);
        int listener = descriptorsOfListeners();
        TestRequest accept = TestRequest.accept(listener, false);
        driver.attach(listener, HandleRole.LISTENER);
        driver.submit(accept);
        turn();
        int ours = (int) ctx.outcome(accept).raw();
        driver.attach(ours, HandleRole.STREAM_SOCKET);
        TestRequest recv = TestRequest.recv(ours, 16);
        TestRequest poll = TestRequest.poll(ours, Request.POLL_IN);
        driver.submit(poll);
        driver.submit(recv);
        turn();
        assertThat(ctx.completed(recv)).isFalse();

        kernel.reset(remote);
        turn();
        assertThat(ctx.outcome(poll).raw()).isEqualTo(Readiness.IN | Readiness.HUP | Readiness.ERR);
        assertThat(ctx.outcome(recv).raw()).isEqualTo(-ECONNRESET);
    }

    /**
     * send(2): "[EPIPE] The socket is unable to send anymore data"; without SO_NOSIGPIPE the process
     * would get a SIGPIPE too, and die of it. The driver's sockets are SO_NOSIGPIPE from their attach,
     * so the send fails with EPIPE and no signal is raised.
     */
    @Test
    void aSendToAResetPeerFailsWithEpipeAndRaisesNoSigpipe() {
        kernel.listener(6060);
        int remote = kernel.connectFromElsewhere(6060);
        int listener = descriptorsOfListeners();
        driver.attach(listener, HandleRole.LISTENER);
        TestRequest accept = TestRequest.accept(listener, false);
        driver.submit(accept);
        turn();
        int ours = (int) ctx.outcome(accept).raw();
        driver.attach(ours, HandleRole.STREAM_SOCKET);
        TestRequest hello = TestRequest.send(ours, "hello");
        driver.submit(hello);
        turn();
        assertThat(ctx.outcome(hello).raw()).isEqualTo(5);
        assertThat(kernel.received(remote)).isEqualTo("hello");

        kernel.reset(remote);
        TestRequest recv = TestRequest.recv(ours, 8);
        driver.submit(recv);
        turn();
        assertThat(ctx.outcome(recv).raw()).as("the reset, once").isEqualTo(-ECONNRESET);
        TestRequest late = TestRequest.send(ours, "late");
        driver.submit(late);
        turn();
        assertThat(ctx.outcome(late).raw()).isEqualTo(-EPIPE);
        assertThat(kernel.sigpipes).as("SIGPIPEs raised").isZero();
    }

    /**
     * accept(2): "[EMFILE] The per-process descriptor table is full", while the connection stays
     * queued and the listener readable, so a knote added again would fire at once, for ever. The
     * multishot accept ends with the error and nothing stays armed: the loop is idle until whoever
     * accepts tries again, and a new accept then takes every connection that waited.
     */
    @Test
    void runningOutOfDescriptorsEndsAMultishotAcceptAndLeavesNothingArmed() {
        int listener = kernel.listener(3030);
        driver.attach(listener, HandleRole.LISTENER);
        TestRequest accept = TestRequest.accept(listener, true);
        driver.submit(accept);
        turn();
        kernel.descriptorTableFull = true;
        kernel.connectFromElsewhere(3030);
        kernel.connectFromElsewhere(3030);
        turn();
        assertThat(ctx.completed(accept)).as("the multishot accept ended by the error").isTrue();
        assertThat(ctx.outcome(accept).raw()).isEqualTo(-EMFILE);
        assertThat(MacErrors.TABLE.lookup(EMFILE).message()).isEqualTo("Too many open files");
        assertThat(kernel.hasKnote(listener, EVFILT_READ)).as("re-armed on a listener that stays readable").isFalse();
        int seen = kernel.retrieved().size();
        for (int i = 0; i < 5; i++) {
            turn();
        }
        assertThat(kernel.retrieved()).as("events while nobody accepts").hasSize(seen);

        kernel.descriptorTableFull = false;
        TestRequest again = TestRequest.accept(listener, true);
        driver.submit(again);
        turn();
        assertThat(ctx.more(again)).as("the connections that waited").hasSize(2);
        driver.cancel(again);
        turn();
    }

    /**
     * A peer's shutdown(SHUT_WR) is EV_EOF on EVFILT_READ with no error in fflags ("If the read
     * direction of the socket has shutdown, then the filter also sets EV_EOF ... and returns the
     * socket error (if any) in fflags"): a pending receive gets what was sent, the next one 0 (end
     * of stream), and the connection still carries what this side sends.
     */
    @Test
    void aPeersHalfCloseEndsReceivesWithZeroAndSendsGoOn() {
        kernel.listener(2020);
        int remote = kernel.connectFromElsewhere(2020);
        int listener = descriptorsOfListeners();
        driver.attach(listener, HandleRole.LISTENER);
        TestRequest accept = TestRequest.accept(listener, false);
        driver.submit(accept);
        turn();
        int ours = (int) ctx.outcome(accept).raw();
        driver.attach(ours, HandleRole.STREAM_SOCKET);
        TestRequest first = TestRequest.recv(ours, 16);
        TestRequest poll = TestRequest.poll(ours, Request.POLL_IN);
        driver.submit(first);
        turn();
        kernel.write(ours, "last words");
        kernel.shutdownWrite(remote);
        turn();
        assertThat(ctx.outcome(first).raw()).isEqualTo(10);
        assertThat(first.readText(10)).isEqualTo("last words");
        driver.submit(poll);
        TestRequest end = TestRequest.recv(ours, 16);
        driver.submit(end);
        turn();
        assertThat(ctx.outcome(poll).raw()).as("EV_EOF without an error").isEqualTo(Readiness.IN | Readiness.HUP);
        assertThat(ctx.outcome(end).raw()).as("end of stream").isZero();
        TestRequest reply = TestRequest.send(ours, "still open");
        driver.submit(reply);
        turn();
        assertThat(ctx.outcome(reply).raw()).isEqualTo(10);
        assertThat(kernel.received(remote)).isEqualTo("still open");
    }

    /** Closing a connection with a receive pending fails it with AsynchronousCloseException and deletes its knote before the close. */
    @Test
    void closingAConnectionFailsItsPendingReceive() {
        kernel.listener(1010);
        kernel.connectFromElsewhere(1010);
        int listener = descriptorsOfListeners();
        driver.attach(listener, HandleRole.LISTENER);
        TestRequest accept = TestRequest.accept(listener, false);
        driver.submit(accept);
        turn();
        int ours = (int) ctx.outcome(accept).raw();
        driver.attach(ours, HandleRole.STREAM_SOCKET);
        TestRequest recv = TestRequest.recv(ours, 16);
        driver.submit(recv);
        turn();
        assertThat(kernel.hasKnote(ours, EVFILT_READ)).isTrue();
        driver.detach(ours);
        driver.submit(TestRequest.close(ours));
        ctx.nextTurn();
        assertThat(ctx.completed(recv)).as("the receive ended by the close").isTrue();
        assertThat(ctx.outcome(recv).failure()).isInstanceOf(AsynchronousCloseException.class);
        assertThat(kernel.hasKnote(ours, EVFILT_READ)).isFalse();
    }

    /** A datagram's sender comes back as a BSD sockaddr_in (sin_len, then a one-byte family) and is decoded as such; a send writes one. */
    @Test
    void datagramsCarryTheirSenderInABsdSockaddr() {
        int udp = kernel.udpSocket(5353);
        int other = kernel.udpSocket(5454);
        driver.attach(udp, HandleRole.DATAGRAM_SOCKET);
        TestRequest recv = TestRequest.recvFrom(udp, 4);
        driver.submit(recv);
        turn();
        assertThat(changesAfterSetup()).containsExactly(udp + " EVFILT_READ " + ADD_ONESHOT);
        kernel.datagram(udp, 4242, "datagram");
        turn();
        assertThat(ctx.outcome(recv).raw()).isEqualTo(4);
        io.rusticated.net.Received r = (io.rusticated.net.Received) ctx.outcome(recv).payload();
        assertThat(r.from()).isEqualTo(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 4242));
        assertThat(r.truncated()).isTrue();

        TestRequest send = TestRequest.sendTo(udp, "back", new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 5454));
        driver.submit(send);
        turn();
        assertThat(ctx.outcome(send).raw()).isEqualTo(4);
        assertThat(kernel.datagrams(other)).containsExactly("5353:back");
    }

    /** Closing a socket fails what waits on it and deletes its knotes first ("Calling close() on a file descriptor will remove any kevents that reference the descriptor"). */
    @Test
    void closingASocketFailsWhatWaitsOnIt() {
        kernel.listener(4040);
        int listener = descriptorsOfListeners();
        driver.attach(listener, HandleRole.LISTENER);
        TestRequest accept = TestRequest.accept(listener, true);
        driver.submit(accept);
        turn();
        driver.detach(listener);
        driver.submit(TestRequest.close(listener));
        ctx.nextTurn();
        assertThat(ctx.outcome(accept).failure()).isInstanceOf(AsynchronousCloseException.class);
        assertThat(kernel.hasKnote(listener, EVFILT_READ)).isFalse();
    }

    /** The one listener the test made (descriptors are numbered in order of creation). */
    private int descriptorsOfListeners() {
        for (int fd = 10; fd < 100; fd++) {
            KqueueStandIn.File f = kernel.file(fd);
            if (f != null && f.kind.equals("tcp-listener")) {
                return fd;
            }
        }
        throw new AssertionError("no listener");
    }
}
