package io.rusticated.linux;

import io.rusticated.rt.EventLoop;
import io.rusticated.rt.FutureOperation;
import io.rusticated.rt.Operation;
import io.rusticated.rt.Ops;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A POLL completes with the epoll event bits on either backend (the conformance kit checks only that it completes when ready). */
class PollEventsTest {
    @Test
    void pollResultsAreEpollEventBits() {
        try (EventLoop loop = EventLoop.open(); NativeTestSupport.Pipe p = NativeTestSupport.pipe()) {
            FutureOperation<Integer> readable = Ops.count();
            readable.preparePoll(p.readFd(), Operation.POLL_IN);
            loop.submit(readable);
            FutureOperation<Integer> writable = Ops.count();
            writable.preparePoll(p.writeFd(), Operation.POLL_OUT);
            loop.submit(writable);

            assertThat(loop.blockOn(writable.future()) & LinuxAbi.EPOLLOUT).isNotZero();
            NativeTestSupport.writeFully(p.writeFd(), "x");
            assertThat(loop.blockOn(readable.future()) & LinuxAbi.EPOLLIN).isNotZero();
        }
    }
}
