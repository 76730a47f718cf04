package io.rusticated.macos;

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
 * and their errors, the EVFILT_USER wakeup, and EVFILT_PROC with both of its races. The driver is
 * driven as a loop drives it ({@link TestContext}: a turn delivers what completeLater queued, then
 * polls). Nothing here ran on a Mac.
 */
class KqueueDriverTest {
    static final String ADD_ONESHOT = "EV_ADD|EV_ONESHOT|EV_RECEIPT";
    final KqueueStandIn kernel = new KqueueStandIn();
    final TestContext ctx = new TestContext();
    final StandInDescriptors descriptors = new StandInDescriptors(kernel);
    final KqueueDriver driver = new KqueueDriver(ctx, kernel, descriptors, MacErrors.TABLE, op -> -ENOSYS,
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
}
