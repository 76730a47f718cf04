package io.rusticated.linux;

import io.rusticated.conformance.Await;
import io.rusticated.conformance.LoopPerTest;
import io.rusticated.process.Child;
import io.rusticated.process.Command;
import io.rusticated.process.Output;
import io.rusticated.process.Pipe;
import io.rusticated.process.Redirect;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A child gets exactly the descriptors it was given, read from /proc (the conformance kit's ProcessTest covers the rest). */
@ExtendWith(LoopPerTest.class)
class ChildDescriptorsTest {
    private EventLoop loop; // LoopPerTest's, for the running test

    private <T> T await(CompletionStage<T> stage) {
        return Await.on(loop, stage);
    }

    @Test
    void childSeesOnlyItsStandardDescriptors() throws IOException {
        // A descriptor without close-on-exec, as a careless library might open: it must not leak either.
        int leaky = io.rusticated.unix.testing.TestPosix.dup(1);
        assertThat(leaky).isGreaterThan(2);
        try {
            Output out = await(Command.of("ls", "/proc/self/fd").output(loop));
            // 0, 1, 2, and the descriptor ls itself opened on the directory it lists.
            assertThat(out.stdoutText().lines().toList()).containsExactlyInAnyOrder("0", "1", "2", "3");
        } finally {
            Libc.close(leaky);
        }
    }

    @Test
    void runningChildHasExactlyTheDescriptorsItWasGiven() throws IOException {
        Pipe extra = Pipe.open(loop);
        Child sleeper = Command.of("sleep", "30")
                .stdin(Redirect.NULL).stdout(Redirect.PIPE)
                .fd(5, Redirect.from(extra.reader()))
                .spawn(loop);
        try {
            // Right after the exec the dynamic loader briefly holds the libraries it maps (fd 3):
            // look again until the set settles; a leaked descriptor would stay.
            String[] fds = null;
            for (long deadline = System.nanoTime() + 5_000_000_000L; System.nanoTime() < deadline; ) {
                fds = Path.of("/proc/" + sleeper.pid() + "/fd").toFile().list();
                assertThat(fds).isNotNull();
                Arrays.sort(fds);
                if (Arrays.equals(fds, new String[] {"0", "1", "2", "5"})) {
                    break;
                }
                LockSupport.parkNanos(10_000_000);
            }
            assertThat(fds).containsExactly("0", "1", "2", "5");
            assertThat(Files.readSymbolicLink(Path.of("/proc/" + sleeper.pid() + "/fd/0")).toString()).isEqualTo("/dev/null");
        } finally {
            sleeper.kill();
            await(sleeper.waitExit());
            extra.writer().close();
        }
    }
}
