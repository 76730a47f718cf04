package io.rusticated.process;

import java.nio.charset.StandardCharsets;

/** What {@link Command#output()} collected: the termination and everything written to stdout and stderr. */
public record Output(ExitStatus status, byte[] stdout, byte[] stderr) {
    public String stdoutText() {
        return new String(stdout, StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(stderr, StandardCharsets.UTF_8);
    }
}
