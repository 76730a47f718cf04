package io.rusticated.linux;

import io.rusticated.io.Buffer;
import io.rusticated.process.Stdio;
import io.rusticated.rt.EventLoop;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The standard streams of a real child JVM, driven through its loop. */
class StdioTest {
    private static Process startChild() throws IOException {
        return new ProcessBuilder(NativeTestSupport.javaCommand(StdioChild.class)).start();
    }

    @Test
    void childWritesStdoutAndReadsStdin() throws Exception {
        Process child = startChild();
        try (OutputStream in = child.getOutputStream()) {
            in.write("world\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).as("child finished").isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(child.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).as("exit status; stderr: %s", err).isZero();
        assertThat(out).isEqualTo("hello\ngot: world\n");
        assertThat(err).endsWith("on stderr\n");
    }

    @Test
    void childSeesEndOfInput() throws Exception {
        Process child = startChild();
        child.getOutputStream().close();
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.exitValue()).isZero();
        assertThat(out).isEqualTo("hello\ngot: ");
    }

    @Test
    void directionsAreChecked() {
        try (EventLoop loop = EventLoop.open()) {
            assertThatThrownBy(() -> Stdio.stdout().read(Buffer.allocate(1))).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> Stdio.stderr().read(Buffer.allocate(1))).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> Stdio.stdin().write(Buffer.of("x"))).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> Stdio.of(loop, 3)).isInstanceOf(IllegalArgumentException.class);
            assertThat(Stdio.of(loop, 2).handle()).isEqualTo(loop.standardHandle(2));
        }
    }
}
