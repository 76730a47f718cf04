package io.rusticated.process;

import io.rusticated.rt.EventLoop;
import io.rusticated.testing.RecordingProcessSupport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What core asks of the OS module when it makes pipes for children: which end is the child's
 * (Windows makes that one a plain blocking handle, this process's an overlapped one), and how
 * a child is killed (the OS module's own way: Windows has no SIGKILL).
 */
class PipeEndsForChildrenTest {
    @BeforeEach
    void clear() {
        RecordingProcessSupport.CALLS.clear();
    }

    @Test
    void pipedStdioGivesTheChildItsEndAndThisProcessTheOther() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            Child c = Command.of("sh").stdin(Redirect.PIPE).stdout(Redirect.PIPE).stderr(Redirect.PIPE).spawn(loop);
            assertThat(RecordingProcessSupport.CALLS).startsWith(
                    "pipe CHILD THIS_PROCESS",  // stdin: the child reads
                    "pipe THIS_PROCESS CHILD",  // stdout: the child writes
                    "pipe THIS_PROCESS CHILD"); // stderr
            assertThat(c.kill()).isTrue();
            assertThat(RecordingProcessSupport.CALLS).last().isEqualTo("signal 1000 " + io.rusticated.spi.ProcessSupport.SIGKILL);
            loop.blockOn(c.stdin().close());
        }
    }

    @Test
    void aPipelineHandsBothEndsOfEachPipeToChildren() throws Exception {
        try (EventLoop loop = EventLoop.open()) {
            Pipeline.of(Command.of("sh"), Command.of("sh"), Command.of("sh")).spawn(loop);
            assertThat(RecordingProcessSupport.CALLS.stream().filter(s -> s.startsWith("pipe")))
                    .containsExactly("pipe CHILD CHILD", "pipe CHILD CHILD");
        }
    }
}
